"""Our SIP user agent against a scripted phone on loopback: every packet seen, every key timed."""

import asyncio
import datetime as dt
import math
import struct
import time
import wave
from zoneinfo import ZoneInfo

import pytest
import time_machine

from court12368.cases.services import issue_password
from court12368.demo.factories import CaseFactory, PartyFactory
from court12368.hotline import queue
from court12368.hotline.models import Call, QueuedCall
from court12368.ivr.sip import uas
from court12368.ivr.speech import PromptCache
from court12368.ivr.voice import Voice
from tests.ivr.engines import FakeEngine
from tests.ivr.sipphone import Phone
from tests.loops import run_on_own_thread

pytestmark = pytest.mark.django_db(transaction=True)
SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKING = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)  # a Tuesday morning
NIGHT = dt.datetime(2026, 11, 24, 21, 0, tzinfo=SHANGHAI)


@pytest.fixture
def line(tmp_path, settings):
    settings.DATA_DIR = tmp_path
    settings.IVR_QUEUE_MAX_WAIT = 20
    engine = FakeEngine(tone=True)
    return engine, Voice(PromptCache(tmp_path / "prompts", engine))


def call(voice, script, *, at=WORKING):
    """Run the server and ``script(phone)`` in one event loop, at a travelled-to wall-clock time."""

    async def main():
        server = await uas.serve("127.0.0.1", 0, voice=voice)
        phone = Phone(("127.0.0.1", server.port))
        await phone.open()
        try:
            return await script(phone, server)
        finally:
            phone.close()
            await asyncio.sleep(0.3)  # the session writes its Call row after the BYE
            server.transport.close()

    with time_machine.travel(at, tick=True):
        return run_on_own_thread(main())


async def until(condition, timeout=10.0, db=False):
    for _ in range(int(timeout / 0.05)):
        if (await asyncio.to_thread(condition)) if db else condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


def test_a_caller_keys_the_password_over_rtp_and_hears_the_case_status(line, court):
    engine, voice = line
    case = CaseFactory(court=court, number="（2026）京0105民初8号", judge_name="郑法官")
    password = issue_password(PartyFactory(case=case))

    async def script(phone, server):
        assert await phone.dial() == 200
        await until(lambda: any("请按" in text or "请选择" in text for text in engine.said))
        phone.key("1")
        await until(lambda: any(text.startswith("请输入诉讼服务密码") for text in engine.said))
        for key in password + "#":
            phone.key(key)
            await asyncio.sleep(0.05)
        await until(lambda: any(text.startswith("您查询的案件") for text in engine.said))
        await asyncio.sleep(0.5)
        head, _ = await phone.hang_up()
        return head

    head = call(voice, script)
    assert head.startswith("SIP/2.0 200")
    status = next(text for text in engine.said if text.startswith("您查询的案件"))
    assert "二零二六年，京零一零五民初八号" in status and "郑法官" in status
    record = Call.objects.get()
    assert record.caller_number == "13800001234" and "案件查询" in record.content
    with wave.open(record.recording_ref) as w:  # the whole call, the caller's side
        assert w.getframerate() == 8000


def test_keys_by_sip_info_work_and_the_caller_hears_audio(line, court):
    engine, voice = line

    async def script(phone, server):
        assert await phone.dial(offer_dtmf=False) == 200
        await until(lambda: len(engine.said) >= 2)
        phone.info("2")  # 诉讼指南: a sub-menu or an answer is read
        await until(lambda: len(engine.said) >= 3)
        phone.info("#", kind="application/dtmf")
        await asyncio.sleep(0.5)
        await phone.hang_up()
        return phone.heard_seconds(), len(phone.voice_at)

    heard, voiced_packets = call(voice, script)
    assert heard > 0.5 and voiced_packets >= 10  # tones arrived as G.711, not just silence
    assert "诉讼指南" in Call.objects.get().content


def test_after_hours_a_voicemail_is_recorded_and_becomes_a_work_order(line, court):
    engine, voice = line

    async def script(phone, server):
        assert await phone.dial() == 200
        await until(lambda: len(engine.said) >= 2)
        phone.key("9")
        await until(lambda: any(text.startswith("请在提示音后留言") for text in engine.said))
        await asyncio.sleep(0.6)  # the prompt and the tone
        tone = bytes(audioop_tone())
        for n in range(50):  # one second of the caller speaking
            header = struct.pack("!BBHII", 0x80, 0, n, n * 160, 0x99)
            phone.rtp.sendto(header + tone, phone.remote_rtp)
            await asyncio.sleep(0.02)
        phone.key("#")
        seen = await phone.answer_requests()  # the line says goodbye and hangs up
        return seen

    assert call(voice, script, at=NIGHT) == ["BYE"]
    record = Call.objects.get()
    assert record.channel == "voicemail" and record.work_order is not None
    with wave.open(record.recording_ref) as w:
        assert 0.8 <= w.getnframes() / 8000 <= 1.5
    assert record.work_order.dispatch_due.astimezone(SHANGHAI).date() == dt.date(2026, 11, 25)


def audioop_tone():
    import audioop

    pcm = b"".join(struct.pack("<h", int(8000 * math.sin(n / 2))) for n in range(160))
    return audioop.lin2ulaw(pcm, 2)


@pytest.mark.parametrize("sip_uri", ["sip:8001@127.0.0.1", ""])
def test_an_agent_answering_on_the_console_gets_the_caller(line, court, make_staff, sip_uri):
    engine, voice = line
    agent = make_staff(sip_uri=sip_uri)

    async def script(phone, server):
        assert await phone.dial() == 200
        await until(lambda: len(engine.said) >= 2)
        phone.key("0")
        await until(lambda: QueuedCall.objects.filter(answered_at__isnull=True).exists(), db=True)
        queued = await asyncio.to_thread(QueuedCall.objects.get)
        await asyncio.to_thread(queue.answer, queued, agent)
        return await phone.answer_requests()

    seen = call(voice, script)
    assert seen == (["REFER", "BYE"] if sip_uri else ["BYE"])
    queued = QueuedCall.objects.get()
    assert queued.agent == agent and queued.abandoned_at is None and queued.answer_seconds < 10
    if not sip_uri:
        assert any("回电" in text for text in engine.said)


def test_a_caller_who_hangs_up_in_the_queue_is_counted_as_abandoned(line, court):
    engine, voice = line

    async def script(phone, server):
        await phone.dial()
        await until(lambda: len(engine.said) >= 2)
        phone.key("0")
        await until(lambda: QueuedCall.objects.exists(), db=True)
        await phone.hang_up()

    call(voice, script)
    # The server records the hang-up once its BYE is handled, which may come after the script returns.
    deadline = time.monotonic() + 5
    while QueuedCall.objects.get().abandoned_at is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert QueuedCall.objects.get().abandoned_at is not None


def test_an_offer_without_g711_is_refused_with_488(line, court):
    async def script(phone, server):
        phone.codec = 9  # G.722 only
        return await phone.dial()

    assert call(line[1], script) == 488
