"""A real SIP phone (baresip) calls our SIP user agent on loopback and hears real Mandarin speech."""

import asyncio
import audioop
import datetime as dt
import math
import struct
import time
import urllib.parse
import wave
from zoneinfo import ZoneInfo

import pytest
import time_machine

from court12368.cases.services import issue_password
from court12368.courts.services import set_sip_password
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory
from court12368.hotline import queue
from court12368.hotline.models import Call, QueuedCall
from court12368.ivr.sip import uas
from court12368.ivr.speech import PromptCache
from court12368.ivr.voice import Voice
from tests.ivr import baresip
from tests.ivr.bridging import loudness_at
from tests.loops import run_on_own_thread

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(baresip.available()), reason=baresip.available() or "-"),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")
CALLER = "13800001234"


class ListeningVoice(Voice):
    """The real voice (espeak-ng), noting what each prompt said and how long it lasts."""

    def __init__(self, prompts):
        super().__init__(prompts)
        self.said: list[tuple[str, float]] = []
        self.keys = ""  # what the line heard, for the failure message

    def pcm(self, court, text, key=""):
        audio = super().pcm(court, text, key)
        self.said.append((text, len(audio) / 16000))
        return audio


def caller_speech(path, seconds=40, frequency=300):
    """What the caller 'says': a 300 Hz tone, so a recording of it is easy to tell from silence."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(
            b"".join(
                struct.pack("<h", int(5000 * math.sin(2 * math.pi * frequency * n / 8000)))
                for n in range(8000 * seconds)
            )
        )
    return path


def voiced_seconds(path) -> float:
    with wave.open(str(path)) as w:
        frames, rate = w.readframes(w.getnframes()), w.getframerate()
    step = rate // 10 * 2  # 100 ms windows
    return sum(0.1 for i in range(0, len(frames), step) if audioop.rms(frames[i : i + step], 2) > 300)


def duration(path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


async def said(voice, prefix, timeout=90.0) -> float:
    """Wait until the line starts a prompt beginning with ``prefix``; returns the prompt's length."""
    for _ in range(int(timeout / 0.05)):
        found = next((length for text, length in voice.said if text.startswith(prefix)), None)
        if found is not None:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(
        f"the line never said {prefix!r}; it said {[t for t, _ in voice.said]}; keys: {voice.keys}"
    )


def run(tmp_path, court, script, transport=""):
    """``transport="tcp"``: the phone calls over TCP (RFC 3261 §18.3) instead of UDP."""
    voice = ListeningVoice(PromptCache(tmp_path / "prompts"))
    suffix = f";transport={transport}" if transport else ""

    async def main():
        server = await uas.serve("127.0.0.1", 0, voice=voice)
        account = f"<sip:{CALLER}@127.0.0.1{suffix}>;regint=0"
        phone = baresip.Baresip(
            tmp_path / "baresip", caller_speech(tmp_path / "caller.wav"), user=CALLER, account=account
        )
        await phone.start()
        try:
            phone.command("dial", f"sip:{urllib.parse.quote(court.code)}@127.0.0.1:{server.port}{suffix}")
            await phone.event("CALL_ESTABLISHED", 20)
            media = next(iter(server.dialogs.values())).media
            passed_on = media.on_digit

            def heard(key):
                voice.keys += key
                passed_on(key)

            media.on_digit = heard
            return await script(phone, server, voice)
        finally:
            await phone.stop()
            await asyncio.sleep(0.5)  # the session writes its Call row
            server.transport.close()

    return run_on_own_thread(main())


def test_a_caller_keys_a_demo_password_on_a_real_phone_and_hears_the_case_status(tmp_path, settings, court):
    settings.DATA_DIR = tmp_path
    case = CaseFactory(court=court, number="（2026）京0105民初8号", judge_name="郑法官")
    HearingFactory(
        case=case,
        starts_at=dt.datetime(2026, 12, 18, 15, 0, tzinfo=SHANGHAI),
        place="本院",
        courtroom="第4法庭",
    )
    password = issue_password(PartyFactory(case=case))

    async def script(phone, server, voice):
        began = time.monotonic()
        media = next(iter(server.dialogs.values())).media
        welcome = await said(voice, "您好")
        await said(voice, "案件信息查询请按一")  # the menu, after the welcome
        await asyncio.sleep(1)
        await phone.keys("1")  # cuts the menu short
        await said(voice, "请输入诉讼服务密码")
        await asyncio.sleep(1)
        await phone.keys(password + "#")
        status = await said(voice, "您查询的案件")
        await asyncio.sleep(status + 1.5)
        phone.command("hangup")
        await phone.event("CALL_CLOSED", 10)
        return welcome, status, time.monotonic() - began, media.answer_delays

    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=True):
        welcome, status, call_length, delays = run(tmp_path, court, script)

    record = Call.objects.get()
    assert (
        record.caller_number == CALLER and "案件信息查询" in record.content and "案件查询" in record.content
    )
    heard = next((tmp_path / "baresip" / "heard").glob("dump-*-dec.wav"))
    # The phone heard the whole call (continuous RTP), and real speech: the welcome and the status.
    assert abs(duration(heard) - call_length) < 2.0
    assert voiced_seconds(heard) >= 0.8 * (welcome + status)
    # The caller's side was recorded for the whole call too, and it is the caller's tone.
    assert (
        abs(duration(record.recording_ref) - call_length) < 2.0
        and voiced_seconds(record.recording_ref) > 0.8 * call_length - 3
    )
    assert delays and delays[-1] >= 0  # the answer to '#' was measured (the bench reports it)


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_after_hours_a_real_phone_leaves_a_voicemail_that_becomes_an_order(
    tmp_path, settings, court, transport
):
    """Over UDP and over TCP: over TCP the line's goodbye (its BYE) goes back on the phone's connection."""
    settings.DATA_DIR = tmp_path
    seen = {}

    async def script(phone, server, voice):
        await said(voice, "您好")
        await asyncio.sleep(1)
        await phone.keys("9")
        invitation = await said(voice, "请在提示音后留言")
        await asyncio.sleep(invitation + 0.5 + 3)  # the invitation, the tone, three seconds of message
        seen["transport"] = next(iter(server.dialogs.values())).invite.get("Via").split()[0]
        seen["streams"] = len(server.streams)
        await phone.keys("#")
        await phone.event("CALL_CLOSED", 30)  # the line thanks the caller and hangs up
        return [text for text, _ in voice.said]

    with time_machine.travel(dt.datetime(2026, 11, 24, 21, 0, tzinfo=SHANGHAI), tick=True):
        texts = run(tmp_path, court, script, transport="tcp" if transport == "tcp" else "")
    assert seen == {"transport": f"SIP/2.0/{transport.upper()}", "streams": int(transport == "tcp")}

    assert any("下一个工作日" in text for text in texts)
    record = Call.objects.get()
    assert record.channel == "voicemail" and record.caller_number == CALLER
    assert 2.0 < duration(record.recording_ref) < 5.0 and voiced_seconds(record.recording_ref) > 1.5
    order = record.work_order
    assert order.state == "open" and order.dispatch_due.astimezone(SHANGHAI).date() == dt.date(2026, 11, 25)


def test_an_agents_real_softphone_registers_and_talks_with_a_real_caller_through_the_line(
    tmp_path, settings, court, make_staff
):
    """Two baresips: the agent's registers with its login and SIP password and answers by itself; the caller
    waits in the queue, the agent answers on the console, and they hear each other through the bridge."""
    settings.DATA_DIR = tmp_path
    agent = make_staff(username="agent-real", sip_uri="")
    set_sip_password(agent, "softphone-pass-2")
    voice = ListeningVoice(PromptCache(tmp_path / "prompts"))

    async def main():
        server = await uas.serve("127.0.0.1", 0, voice=voice)
        account = (
            f"<sip:agent-real@127.0.0.1:{server.port}>;auth_pass=softphone-pass-2;regint=600;answermode=auto"
        )
        softphone = baresip.Baresip(
            tmp_path / "agent", caller_speech(tmp_path / "agent.wav", frequency=1000), account=account
        )
        phone = baresip.Baresip(tmp_path / "caller", caller_speech(tmp_path / "caller.wav"), user=CALLER)
        await softphone.start()
        await phone.start()
        try:
            for _ in range(200):  # registered (baresip may say so before its control port is read)
                if server.registrar.find("agent-real"):
                    break
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("the softphone never registered")
            phone.command("dial", f"sip:{urllib.parse.quote(court.code)}@127.0.0.1:{server.port}")
            await phone.event("CALL_ESTABLISHED", 20)
            await said(voice, "您好")
            await asyncio.sleep(1)
            await phone.keys("0")
            for _ in range(200):
                queued = await asyncio.to_thread(QueuedCall.objects.first)
                if queued:
                    break
                await asyncio.sleep(0.1)
            await asyncio.to_thread(queue.answer, queued, agent)
            await softphone.event("CALL_ESTABLISHED", 20)
            await asyncio.sleep(4)  # they talk
            phone.command("hangup")
            await softphone.event("CALL_CLOSED", 20)  # the line hangs up the agent's side too
        finally:
            await phone.stop()
            await softphone.stop()
            await asyncio.sleep(0.5)
            server.transport.close()

    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=True):
        run_on_own_thread(main())

    caller_heard = next((tmp_path / "caller" / "heard").glob("dump-*-dec.wav"))
    agent_heard = next((tmp_path / "agent" / "heard").glob("dump-*-dec.wav"))
    assert tone_seconds(caller_heard, 1000) >= 2.5  # the agent's voice reached the caller
    assert tone_seconds(agent_heard, 300) >= 2.5  # and the caller's the agent
    recording = QueuedCall.objects.get().recording_ref
    with wave.open(recording) as w:
        assert w.getnchannels() == 2
        audio = w.readframes(w.getnframes())
    left, right = audioop.tomono(audio, 2, 1, 0), audioop.tomono(audio, 2, 0, 1)
    assert loudness_at(left, 300) > 5 * loudness_at(left, 1000)
    assert loudness_at(right, 1000) > 5 * loudness_at(right, 300)


def tone_seconds(path, frequency) -> float:
    """Seconds of ``path`` (in 100 ms windows) where ``frequency`` is the loudest of the two tones used."""
    with wave.open(str(path)) as w:
        frames = w.readframes(w.getnframes())
    other = 1000 if frequency == 300 else 300
    step = 1600  # 100 ms of 16-bit samples at 8 kHz
    return sum(
        0.1
        for i in range(0, len(frames) - step, step)
        if loudness_at(frames[i : i + step], frequency)
        > max(20.0, 3 * loudness_at(frames[i : i + step], other))
    )
