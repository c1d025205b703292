"""Agents' softphones register with the line (digest, RFC 2617), and phones outside the trunk's addresses
must sign in to place a call: the SIP edge of issue 25, item 3."""

import asyncio
import hashlib
import re

import pytest

from court12368.courts.services import set_sip_password
from court12368.hotline.models import QueuedCall
from court12368.ivr.sip import uas
from court12368.ivr.speech import PromptCache
from court12368.ivr.voice import Voice
from tests.ivr.bridging import answered_from_the_queue, converse, loudness_at
from tests.ivr.engines import FakeEngine
from tests.ivr.sipphone import Phone
from tests.ivr.test_sip import call
from tests.loops import run_on_own_thread

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "softphone-pass-1"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()  # noqa: S324 - the algorithm RFC 2617 names


def authorization(challenge: str, *, user: str, password: str, method: str, uri: str, header="Authorization"):
    """What a phone answers to a challenge (qop=auth), worked out here from the RFC, not from our code."""
    realm = re.search(r'realm="([^"]+)"', challenge)[1]
    nonce = re.search(r'nonce="([^"]+)"', challenge)[1]
    cnonce, nc = "0a4f113b", "00000001"
    ha1, ha2 = md5(f"{user}:{realm}:{password}"), md5(f"{method}:{uri}")
    response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
    return (
        f'{header}: Digest username="{user}", realm="{realm}", nonce="{nonce}", uri="{uri}", '
        f'response="{response}", algorithm=MD5, qop=auth, nc={nc}, cnonce="{cnonce}"'
    )


def header(head: str, name: str) -> str:
    return next(
        (line.split(":", 1)[1].strip() for line in head.split("\r\n") if line.startswith(name + ":")), ""
    )


async def register(phone: Phone, *, user: str, password: str, expires: int = 600) -> tuple[int, str]:
    uri = "sip:127.0.0.1"
    contact = f"Contact: <sip:{user}@127.0.0.1:{phone.sip_port}>;expires={expires}"
    phone.user = user
    phone.request("REGISTER", uri, to_tag_header=f"<sip:{user}@127.0.0.1>", extra=contact)
    head, _ = await phone.final()
    if not head.startswith("SIP/2.0 401"):
        return int(head.split()[1]), head
    answer = authorization(
        header(head, "WWW-Authenticate"), user=user, password=password, method="REGISTER", uri=uri
    )
    phone.request("REGISTER", uri, to_tag_header=f"<sip:{user}@127.0.0.1>", extra=f"{contact}\r\n{answer}")
    head, _ = await phone.final()
    return int(head.split()[1]), head


def test_a_registered_softphone_is_rung_for_its_agent_without_any_address_configured(line, court, make_staff):
    engine, voice = line
    agent = make_staff(username="agent-wang", sip_uri="")
    set_sip_password(agent, PASSWORD)
    assert agent.sip_ha1 and PASSWORD not in agent.sip_ha1  # the digest's HA1 only

    async def script(phone, server):
        softphone = Phone(("127.0.0.1", server.port), user="agent-wang")
        await softphone.open()
        try:
            status, head = await register(softphone, user="agent-wang", password="wrong-password")
            assert status == 401  # a wrong password is challenged again, never bound
            status, head = await register(softphone, user="agent-wang", password=PASSWORD)
            assert status == 200 and f":{softphone.sip_port}>;expires=" in header(head, "Contact")
            await answered_from_the_queue(phone, engine, agent)
            invite = await softphone.answer_call()
            await converse(phone, softphone, 0.6)
            await phone.hang_up()
            return invite, await softphone.answer_requests(), bytes(softphone.audio)
        finally:
            softphone.close()

    invite, seen, heard = call(voice, script)
    assert invite.startswith("INVITE sip:agent-wang@127.0.0.1:") and seen == ["BYE"]
    assert loudness_at(heard, 400) > 5 * loudness_at(heard, 1000)
    assert QueuedCall.objects.get().recording_ref


def test_a_phone_registers_only_itself_and_only_with_its_own_password(line, court, make_staff):
    _engine, voice = line
    for name in ("agent-a", "agent-b"):
        set_sip_password(make_staff(username=name), PASSWORD)

    async def script(phone, server):
        uri, contact = "sip:127.0.0.1", f"Contact: <sip:x@127.0.0.1:{phone.sip_port}>"
        phone.request("REGISTER", uri, to_tag_header="<sip:agent-b@127.0.0.1>", extra=contact)
        head, _ = await phone.final()
        answer = authorization(
            header(head, "WWW-Authenticate"), user="agent-a", password=PASSWORD, method="REGISTER", uri=uri
        )
        phone.request(
            "REGISTER", uri, to_tag_header="<sip:agent-b@127.0.0.1>", extra=f"{contact}\r\n{answer}"
        )
        as_someone_else = int((await phone.final())[0].split()[1])
        unknown = (await register(phone, user="nobody", password=PASSWORD))[0]
        return as_someone_else, unknown, dict(server.registrar.bindings)

    as_someone_else, unknown, bindings = call(voice, script)
    assert as_someone_else == 403 and unknown == 401 and bindings == {}


def test_outside_the_trunks_addresses_a_call_needs_a_platform_login(tmp_path, settings, court, make_staff):
    """The trunk is 10.1.2.3 only; the phone on loopback is an agent's softphone on the court's LAN."""
    settings.DATA_DIR = tmp_path
    settings.IVR_SIP_ALLOWED = ["10.1.2.3"]
    set_sip_password(make_staff(username="agent-zhao"), PASSWORD)
    voice = Voice(PromptCache(tmp_path / "prompts", FakeEngine(tone=True)))

    async def main():
        server = await uas.serve("127.0.0.1", 0, voice=voice)
        phone = Phone(("127.0.0.1", server.port), user="agent-zhao")
        await phone.open()
        try:
            uri = f"sip:{court.code}@127.0.0.1"
            statuses = [await phone.dial(uri)]  # no credentials: challenged
            challenge = header(phone.last_final[0], "Proxy-Authenticate")
            for password in ("wrong-password", PASSWORD):
                signed = authorization(
                    challenge,
                    user="agent-zhao",
                    password=password,
                    method="INVITE",
                    uri=uri,
                    header="Proxy-Authorization",
                )
                statuses.append(await phone.dial(uri, extra=signed))
            await phone.hang_up()
            return statuses
        finally:
            phone.close()
            await asyncio.sleep(0.3)
            server.transport.close()

    assert run_on_own_thread(main()) == [407, 403, 200]
