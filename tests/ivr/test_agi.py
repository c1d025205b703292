"""FastAGI at the protocol level: a scripted Asterisk talks to our server over TCP."""

import asyncio
import datetime as dt
import ipaddress
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured

from court12368.cases.services import issue_password
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory
from court12368.hotline.models import Call, QueuedCall
from court12368.ivr import agi
from court12368.ivr.speech import PromptCache
from court12368.ivr.voice import Voice
from tests.ivr.engines import FakeEngine
from tests.loops import run_on_own_thread

pytestmark = pytest.mark.django_db(transaction=True)
SHANGHAI = ZoneInfo("Asia/Shanghai")
CALLER = "13800001234"


async def asterisk(port, court_code, answers, dialled=""):
    """Send the AGI environment, then answer each command with the next scripted reply."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    env = (
        f"agi_request: agi://127.0.0.1:{port}/{court_code}\n"
        f"agi_channel: SIP/test-1\nagi_callerid: {CALLER}\nagi_dnid: {dialled}\n\n"
    )
    writer.write(env.encode())
    commands = []
    for reply in answers:
        line = (await reader.readline()).decode().strip()
        if not line:
            break
        commands.append(line)
        writer.write((reply(line) + "\n").encode())
        await writer.drain()
    writer.close()
    return commands


def run_call(tmp_path, court, answers, dialled=""):
    """``court`` None: the dialplan names no court (agi://host/) and Asterisk passes ``dialled``."""
    engine = FakeEngine()

    async def main():
        server = await agi.serve(
            "127.0.0.1", 0, voice=Voice(PromptCache(tmp_path / "prompts", engine)), recordings=tmp_path
        )
        port = server.sockets[0].getsockname()[1]
        async with server:
            commands = await asterisk(port, court.code if court else "", answers, dialled)
            await asyncio.sleep(0.3)  # the session writes its Call row after the last answer
        return commands

    return run_on_own_thread(main()), engine.said


def ok(line):
    return "200 result=0 endpos=800"


def keys(value):
    return lambda line: f"200 result={value}" if line.startswith("GET DATA") else ok(line)


def test_a_caller_keys_the_password_and_hears_the_case_status(tmp_path, court):
    case = CaseFactory(court=court, number="（2026）京0105民初8号", judge_name="郑法官")
    HearingFactory(
        case=case,
        starts_at=dt.datetime(2026, 12, 18, 15, 0, tzinfo=SHANGHAI),
        place="本院",
        courtroom="第4法庭",
    )
    password = issue_password(PartyFactory(case=case))
    script = [ok, ok, keys("1"), keys(password), ok, lambda line: "200 result=-1"]
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)):
        commands, said = run_call(tmp_path, court, script)
    assert commands[0] == "ANSWER"
    assert (
        commands[1].startswith("STREAM FILE ")
        and commands[2].startswith("GET DATA ")
        and commands[2].endswith(" 8000 1")
    )
    assert commands[3].endswith(" 15000 16")  # the password: up to 16 keys, # ends it
    status = next(text for text in said if text.startswith("您查询的案件"))
    assert (
        "二零二六年，京零一零五民初八号" in status and "十二月十八日下午三点" in status and "郑法官" in status
    )
    call = Call.objects.get()
    assert call.caller_number == CALLER and "案件查询" in call.content and call.work_order is None


def test_in_working_hours_zero_queues_the_call_for_an_agent(tmp_path, court):
    with time_machine.travel(dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)):
        commands, _said = run_call(tmp_path, court, [ok, ok, keys("0"), ok, ok])
    assert "SET VARIABLE COURT12368_NEXT agent" in commands
    queued = QueuedCall.objects.get()
    assert (queued.caller_number, queued.channel_ref, queued.answered_at) == (CALLER, "SIP/test-1", None)


def test_after_hours_a_voicemail_becomes_a_work_order(tmp_path, court):
    with time_machine.travel(dt.datetime(2026, 11, 24, 21, 0, tzinfo=SHANGHAI)):
        commands, said = run_call(
            tmp_path, court, [ok, ok, keys("9"), ok, lambda line: "200 result=35 (dtmf) endpos=16000", ok, ok]
        )
    record = next(c for c in commands if c.startswith("RECORD FILE "))
    assert record.endswith('wav "#" 120000 0 BEEP')
    call = Call.objects.get()
    assert call.channel == "voicemail" and call.recording_ref.endswith(".wav") and call.work_order is not None
    order = call.work_order
    assert order.state == "open" and order.caller_phone == CALLER
    # Dispatch is due in working time after the next opening (Wednesday morning), not at night.
    assert order.dispatch_due.astimezone(SHANGHAI).date() == dt.date(2026, 11, 25)
    assert any("下一个工作日" in text for text in said)


def test_an_unknown_court_is_hung_up_and_a_garbled_answer_does_not_crash_the_server(tmp_path, court):
    commands, _said = run_call(tmp_path, type("C", (), {"code": "京9999"})(), [ok])
    assert commands == ["HANGUP"]
    commands, _said = run_call(tmp_path, court, [lambda line: "garbage"])
    assert commands == ["ANSWER"] and Call.objects.count() == 1  # the call is still recorded


def test_a_fastagi_connection_from_an_address_not_allowed_is_closed_unserved(
    tmp_path, court, settings, caplog
):
    """Issue 20, finding 2: FastAGI has no authentication; only configured Asterisk addresses are served."""
    settings.IVR_AGI_ALLOWED = ["192.0.2.7", "10.0.0.0/8"]  # an Asterisk elsewhere; not this host

    async def main():
        voice = Voice(PromptCache(tmp_path, FakeEngine()))
        server = await agi.serve("127.0.0.1", 0, voice=voice, recordings=tmp_path)
        async with server:
            port = server.sockets[0].getsockname()[1]
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(
                f"agi_request: agi://127.0.0.1:{port}/{court.code}\nagi_callerid: {CALLER}\n\n".encode()
            )
            try:
                heard = await asyncio.wait_for(reader.read(), 5)  # b"" once the server has closed it
            except ConnectionResetError:  # closed with the environment unread: the kernel resets
                heard = b""
            writer.close()
            return heard

    with caplog.at_level("WARNING", logger="court12368.ivr.agi"):
        heard = run_on_own_thread(main())
    assert heard == b""  # not even ANSWER
    assert not Call.objects.exists() and not QueuedCall.objects.exists()
    assert any("127.0.0.1" in r.getMessage() and "refused" in r.getMessage() for r in caplog.records)


def test_fastagi_listens_on_loopback_and_serves_only_this_host_by_default(tmp_path, settings):
    assert settings.IVR_AGI_HOST == "127.0.0.1" and settings.IVR_AGI_ALLOWED == ["127.0.0.1", "::1"]

    async def main():
        voice = Voice(PromptCache(tmp_path, FakeEngine()))
        server = await agi.serve(port=0, voice=voice, recordings=tmp_path)  # no host given
        async with server:
            return [s.getsockname()[0] for s in server.sockets]

    assert run_on_own_thread(main()) == ["127.0.0.1"]
    networks = agi.allowed_networks(settings.IVR_AGI_ALLOWED)
    assert agi.is_allowed("127.0.0.1", networks) and agi.is_allowed("::1", networks)
    assert agi.is_allowed("::ffff:127.0.0.1", networks)  # the same host through a dual-stack socket
    assert not agi.is_allowed("10.1.2.3", networks) and not agi.is_allowed("", networks)


def test_an_allow_list_entry_that_is_no_address_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="asterisk.court.local"):
        agi.allowed_networks(["10.0.0.5", "asterisk.court.local"])
    assert agi.allowed_networks([" 10.0.0.0/24 "]) == [ipaddress.ip_network("10.0.0.0/24")]
