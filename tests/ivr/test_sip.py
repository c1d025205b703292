"""Our SIP user agent against a scripted phone on loopback: every packet seen, every key timed."""

import asyncio
import audioop
import datetime as dt
import math
import struct
import time
import wave
from zoneinfo import ZoneInfo

import pytest
import time_machine

from court12368.cases.services import issue_password
from court12368.core.models import AuditEntry
from court12368.courts.models import Role
from court12368.demo.factories import CaseFactory, PartyFactory
from court12368.hotline import queue
from court12368.hotline.models import Call, QueuedCall
from court12368.ivr.sip import uas
from tests.ivr.bridging import answered_from_the_queue, converse, loudness_at, until
from tests.ivr.sipphone import Phone
from tests.loops import run_on_own_thread

pytestmark = pytest.mark.django_db(transaction=True)
SHANGHAI = ZoneInfo("Asia/Shanghai")
WORKING = dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)  # a Tuesday morning
NIGHT = dt.datetime(2026, 11, 24, 21, 0, tzinfo=SHANGHAI)


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


def test_the_agents_phone_is_rung_and_the_conversation_recorded_on_two_channels(line, court, make_staff):
    """洛阳中院一号通办规范第八条 全程录音: the line bridges caller and agent, never handing the call away."""
    engine, voice = line
    agent = make_staff()

    async def script(phone, server):
        agent_phone = Phone(("127.0.0.1", server.port), user="8001")
        await agent_phone.open()
        try:
            agent.sip_uri = f"sip:8001@127.0.0.1:{agent_phone.sip_port}"
            await asyncio.to_thread(agent.save)
            await answered_from_the_queue(phone, engine, agent)
            invite = await agent_phone.answer_call()
            heard_before = len(phone.audio)
            await converse(phone, agent_phone)
            await asyncio.sleep(0.3)
            assert (await phone.hang_up())[0].startswith("SIP/2.0 200")
            seen = await agent_phone.answer_requests()  # the line hangs up the agent's side too
            return invite, bytes(phone.audio[heard_before:]), bytes(agent_phone.audio), seen
        finally:
            agent_phone.close()

    invite, caller_heard, agent_heard, seen = call(voice, script)
    assert seen == ["BYE"]
    assert "From: <sip:13800001234@" in invite  # the agent's phone shows who is calling
    assert loudness_at(agent_heard, 400) > 5 * loudness_at(agent_heard, 1000)  # the caller, not an echo
    assert loudness_at(caller_heard, 1000) > 5 * loudness_at(caller_heard, 400)
    queued = QueuedCall.objects.get()
    assert queued.agent == agent and queued.abandoned_at is None and queued.answer_seconds < 10
    with wave.open(queued.recording_ref) as recording:
        assert recording.getnchannels() == 2
        audio = recording.readframes(recording.getnframes())
    left, right = audioop.tomono(audio, 2, 1, 0), audioop.tomono(audio, 2, 0, 1)
    assert loudness_at(left, 400) > 5 * loudness_at(left, 1000)  # the caller's channel
    assert loudness_at(right, 1000) > 5 * loudness_at(right, 400)  # the agent's channel
    assert 0.8 <= len(left) / 16000 <= 3.0


@pytest.mark.parametrize("judge_answers", [True, False])
def test_the_agent_puts_the_caller_through_to_the_judge_and_the_recording_goes_on(
    line, court, make_staff, judge_answers
):
    engine, voice = line
    agent, judge = make_staff(), make_staff(role=Role.JUDGE, username="judge-li")

    async def script(phone, server):
        agent_phone = Phone(("127.0.0.1", server.port), user="8001")
        judge_phone = Phone(("127.0.0.1", server.port), user="8101")
        await agent_phone.open()
        await judge_phone.open()
        try:
            agent.sip_uri = f"sip:8001@127.0.0.1:{agent_phone.sip_port}"
            judge.sip_uri = f"sip:8101@127.0.0.1:{judge_phone.sip_port}"
            await asyncio.to_thread(agent.save)
            await asyncio.to_thread(judge.save)
            queued = await answered_from_the_queue(phone, engine, agent)
            await agent_phone.answer_call()
            await converse(phone, agent_phone, 0.4)
            await asyncio.to_thread(queue.request_transfer, queued, agent, judge)  # the console's button
            await judge_phone.answer_call("200 OK" if judge_answers else "486 Busy Here")
            if not judge_answers:
                await until(lambda: any(t.startswith("转接未接通") for t in engine.said))
                await converse(phone, agent_phone, 0.4)
                await phone.hang_up()
                return await agent_phone.answer_requests(), [], bytes(judge_phone.audio)
            agent_seen = await agent_phone.answer_requests()  # the agent is off the call
            heard_before = len(phone.audio)
            await converse(phone, judge_phone, 1.0)
            caller_heard = bytes(phone.audio[heard_before:])
            await phone.hang_up()
            judge_seen = await judge_phone.answer_requests()
            assert loudness_at(caller_heard, 1000) > 5 * loudness_at(caller_heard, 400)  # the judge's voice
            return agent_seen, judge_seen, bytes(judge_phone.audio)
        finally:
            agent_phone.close()
            judge_phone.close()

    agent_seen, judge_seen, judge_heard = call(voice, script)
    queued = QueuedCall.objects.get()
    assert agent_seen == ["BYE"]
    if judge_answers:
        assert judge_seen == ["BYE"] and queued.transfer_to == judge and queued.transferred_at
        assert loudness_at(judge_heard, 400) > 5 * loudness_at(judge_heard, 1000)  # the caller
    else:
        assert queued.transfer_to is None and queued.transferred_at is None
    with wave.open(queued.recording_ref) as recording:  # one file: agent, then judge, on the right
        seconds = recording.getnframes() / 8000
    assert seconds >= (1.4 if judge_answers else 0.8)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert "hotline.transfer_requested" in actions
    assert ("hotline.transferred" if judge_answers else "hotline.transfer_unanswered") in actions


def test_an_agent_without_a_phone_promises_a_call_back(line, court, make_staff):
    engine, voice = line
    agent = make_staff(sip_uri="")

    async def script(phone, server):
        await answered_from_the_queue(phone, engine, agent)
        return await phone.answer_requests()

    assert call(voice, script) == ["BYE"]
    assert any("回电" in text for text in engine.said)
    assert not QueuedCall.objects.get().recording_ref


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
