"""Start the SIP user agent: each call gets the court named in its SIP address and a CallSession, and
the line rings staff phones for the calls it bridges."""

import asyncio
import logging
import re

from django.conf import settings

from court12368.ivr import services
from court12368.ivr.chooser import Chooser
from court12368.ivr.networks import allowed_networks
from court12368.ivr.orm import db
from court12368.ivr.sip.edge import Edge
from court12368.ivr.sip.server import SipServer
from court12368.ivr.sip.session import CallSession, Line
from court12368.ivr.sip.stream import serve_tcp
from court12368.ivr.voice import Voice

log = logging.getLogger(__name__)
_NUMBER = re.compile(r"^\+?\d{3,19}$")


def caller_number(user: str) -> str:
    """The From user part when it is a telephone number; anything else is an unknown caller."""
    return user if _NUMBER.match(user) else ""


async def serve(host: str, port: int, *, voice: Voice | None = None, address: str = "") -> SipServer:
    voice = voice or Voice()
    server: SipServer | None = None

    async def new_session(dialog, user: str, caller: str):
        if voice.problem:  # a line that cannot speak answers nobody (503: the carrier may route elsewhere)
            return 503
        court = await db(services.court_for_line)(user)
        chooser = None
        if court is None:  # the number says no court: the caller picks one (ivr/chooser.py)
            choices = await db(services.court_choices)()
            if not choices:
                return 404
            chooser = Chooser(choices, caller=caller_number(caller))
        line = Line(
            hang_up=lambda: server.hang_up(dialog),
            ring=lambda phone: ring(server, phone, caller=caller_number(caller)),
            end=server.hang_up,
        )
        return CallSession(
            court=court,
            caller=caller_number(caller),
            call_ref=dialog.call_id,
            line=line,
            voice=voice,
            chooser=chooser,
        )

    edge = Edge(
        allowed_networks(settings.IVR_SIP_ALLOWED, setting="COURT12368_SIP_ALLOWED"),
        settings.IVR_SIP_INVITES_PER_MINUTE,
    )
    loop = asyncio.get_running_loop()
    _transport, server = await loop.create_datagram_endpoint(
        lambda: SipServer(
            new_session,
            host=host,
            address=address or settings.IVR_SIP_ADDRESS,
            max_calls=settings.IVR_MAX_CALLS,
            edge=edge,
            credentials=db(services.sip_credentials),
            realm=settings.IVR_SIP_REALM,
        ),
        local_addr=(host, port),
    )
    try:
        server.tcp = await serve_tcp(server, host, server.port)
    except OSError as error:  # the UDP line still works; say why TCP does not
        log.warning("SIP over TCP not offered on %s:%s: %s", host, server.port, error)
    return server


async def ring(server: SipServer, phone: tuple[str, str, str], *, caller: str):
    """Call a member of staff: the phone they registered under their login, else their SIP address, else
    their office number through COURT12368_SIP_OUTBOUND. The answered Dialog, or None."""
    login, sip_uri, office = phone
    binding = server.registrar.find(login) if login else None
    if binding:
        return await server.call(binding.contact, caller=caller, addr=binding.addr)
    target = sip_uri
    if not target and office and settings.IVR_SIP_OUTBOUND:
        target = settings.IVR_SIP_OUTBOUND.format(number="".join(c for c in office if c.isdigit()))
    return await server.call(target, caller=caller) if target else None
