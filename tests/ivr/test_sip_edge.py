"""Issue 25, item 3 (in part): the line takes requests only from its trunk or SBC, and a source that floods
it with new calls is turned away for the rest of the minute."""

import asyncio

import pytest

from court12368.hotline.models import Call
from court12368.ivr.networks import allowed_networks
from court12368.ivr.sip.edge import Edge
from tests.ivr.bridging import until
from tests.ivr.test_sip import call


def test_the_rate_is_per_source_and_per_minute():
    now = [0.0]
    edge = Edge(allowed_networks(["10.0.0.0/8"]), invites_per_minute=2, clock=lambda: now[0])
    assert edge.admits("10.1.2.3") and not edge.admits("192.0.2.1") and not edge.admits("not an address")
    assert edge.new_call("10.0.0.1") and edge.new_call("10.0.0.1") and not edge.new_call("10.0.0.1")
    assert edge.new_call("10.0.0.2")  # another source has its own count
    now[0] = 60.0
    assert edge.new_call("10.0.0.1")  # a minute later


@pytest.mark.django_db(transaction=True)
def test_a_request_from_outside_the_allowed_networks_is_forbidden(line, court, settings):
    """Outside the trunk's addresses a call must sign in (407; test_sip_register.py) and anything else is
    refused outright."""
    settings.IVR_SIP_ALLOWED = ["192.0.2.0/24"]  # the SBC, not this phone
    engine, voice = line

    async def script(phone, server):
        invited = await phone.dial()
        phone.request("OPTIONS", "sip:12368@127.0.0.1")
        return invited, int((await phone.final())[0].split()[1])

    assert call(voice, script) == (407, 403)
    assert engine.said == [] and not Call.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_flood_of_new_calls_from_one_source_gets_503(line, court, settings):
    settings.IVR_SIP_INVITES_PER_MINUTE = 2
    engine, voice = line

    async def script(phone, server):
        answers = []
        for _ in range(3):
            answers.append(await phone.dial())
            if answers[-1] == 200:
                await until(lambda: bool(engine.said))
                await phone.hang_up()
                await asyncio.sleep(0.2)
        return answers

    assert call(voice, script) == [200, 200, 503]
