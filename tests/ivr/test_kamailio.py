"""The deployment most courts would use: a carrier trunk into an SBC, and the SBC in front of the line.
Debian's kamailio plays the SBC between a real phone (baresip) and the line; every SIP request of the call
passes through it both ways (record-routed), the media goes straight between phone and line."""

import asyncio
import datetime as dt
import urllib.parse
from zoneinfo import ZoneInfo

import pytest
import time_machine

from court12368.hotline.models import Call, QueuedCall
from court12368.ivr.sip import uas
from court12368.ivr.speech import PromptCache
from tests.ivr import baresip, kamailio
from tests.ivr.test_baresip import CALLER, ListeningVoice, caller_speech, said
from tests.loops import run_on_own_thread

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(baresip.available()), reason=baresip.available() or "-"),
    pytest.mark.skipif(bool(kamailio.available()), reason=kamailio.available() or "-"),
]
SHANGHAI = ZoneInfo("Asia/Shanghai")


def through_the_sbc(tmp_path, court, script, at):
    voice = ListeningVoice(PromptCache(tmp_path / "prompts"))

    async def main():
        server = await uas.serve("127.0.0.1", 0, voice=voice)
        sbc = kamailio.Kamailio(tmp_path / "kamailio", server.port)
        await sbc.start()
        phone = baresip.Baresip(tmp_path / "baresip", caller_speech(tmp_path / "caller.wav"), user=CALLER)
        await phone.start()
        try:
            phone.command("dial", f"sip:{urllib.parse.quote(court.code)}@127.0.0.1:{sbc.port}")
            await phone.event("CALL_ESTABLISHED", 20)
            invite = next(iter(server.dialogs.values())).invite
            await script(phone, voice)
            return invite, sbc.relayed()
        finally:
            await phone.stop()
            await asyncio.sleep(0.5)
            await sbc.stop()
            server.transport.close()

    with time_machine.travel(at, tick=True):
        return run_on_own_thread(main())


def test_a_caller_through_the_sbc_reaches_the_queue_and_hangs_up(tmp_path, settings, court):
    settings.DATA_DIR = tmp_path

    async def script(phone, voice):
        await said(voice, "您好")
        await asyncio.sleep(1)
        await phone.keys("0")  # keys travel in the media, past the SBC
        await said(voice, "坐席正忙")
        phone.command("hangup")
        await phone.event("CALL_CLOSED", 10)

    invite, relayed = through_the_sbc(tmp_path, court, script, dt.datetime(2026, 11, 24, 10, tzinfo=SHANGHAI))
    assert len(invite.all("Via")) == 2 and invite.all("Record-Route")  # it came through the SBC
    assert relayed[:2] == ["INVITE", "ACK"] and "BYE" in relayed
    queued = QueuedCall.objects.get()
    assert queued.caller_number == CALLER and queued.abandoned_at is not None


def test_the_line_hangs_up_through_the_sbc_after_a_voicemail(tmp_path, settings, court):
    settings.DATA_DIR = tmp_path

    async def script(phone, voice):
        await said(voice, "您好")
        await asyncio.sleep(1)
        await phone.keys("9")
        invitation = await said(voice, "请在提示音后留言")
        await asyncio.sleep(invitation + 2.5)
        await phone.keys("#")
        await phone.event("CALL_CLOSED", 30)  # the line's BYE, routed back through the SBC

    _invite, relayed = through_the_sbc(
        tmp_path, court, script, dt.datetime(2026, 11, 24, 21, tzinfo=SHANGHAI)
    )
    assert relayed.count("BYE") == 1 and relayed.index("BYE") > relayed.index("ACK")
    assert Call.objects.get().channel == "voicemail"
