"""The SIP side (RFC 3261 over UDP): dialogs, transactions and retransmissions for the voice line.

Who may send what (issue 25, item 3): the carrier's trunk or the court's SBC (COURT12368_SIP_ALLOWED) sends
calls; anyone else must prove a platform login with a SIP password (digest, ivr/sip/digest.py) to REGISTER
a phone or to place a call, and otherwise gets 403. Requests and responses inside a dialog the line already
has are taken from that dialog's own peer, wherever it is (an agent's phone on the court's LAN).
"""

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from court12368.ivr.sip import sdp
from court12368.ivr.sip.client import T1, T2, TIMER_B, Client
from court12368.ivr.sip.digest import Challenger, parameters
from court12368.ivr.sip.edge import Edge
from court12368.ivr.sip.message import Message, SipError, new_tag, parse, response, tag_of, uri_of, user_of
from court12368.ivr.sip.registrar import Registrar
from court12368.ivr.sip.rtp import EVENTS, MediaStream

log = logging.getLogger(__name__)
ALLOW = "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, REGISTER"


@dataclass
class Dialog:
    invite: Message
    addr: tuple[str, int]
    local_tag: str = field(default_factory=new_tag)
    cseq: int = 1
    last_response: bytes = b""
    answer: bytes = b""
    confirmed: bool = False
    cancelled: bool = False
    ended: bool = False
    media: MediaStream | None = None
    session: object = None
    task: asyncio.Task | None = None
    over: asyncio.Event = field(default_factory=asyncio.Event)  # set once either side has hung up
    # A call the line placed (ivr/sip/client.py): the callee's To (with its tag) and Contact, our ACK.
    outbound: bool = False
    routes: list[str] = field(default_factory=list)  # the proxies our in-dialog requests pass (§12.1)
    remote_party: str = ""
    remote_target: str = ""
    ack: bytes = b""

    @property
    def call_id(self) -> str:
        return self.invite.call_id


def _address_towards(remote: str) -> str:
    """The local address the system routes towards ``remote`` (nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect((remote, 9))
        return probe.getsockname()[0]


class SipServer(Client, asyncio.DatagramProtocol):
    """``new_session(dialog, request_user, caller)`` is awaited on each new call and returns the session
    (with ``on_key`` and ``run()``), or an int SIP status to refuse the call (404: no such court).
    ``credentials(user)`` is awaited for a SIP user's stored digest HA1 ('' for nobody)."""

    def __init__(
        self,
        new_session: Callable,
        *,
        host: str,
        address: str = "",
        max_calls: int = 60,
        edge: Edge = None,
        credentials: Callable[[str], Awaitable[str]] | None = None,
        realm: str = "court12368",
    ):
        self.new_session, self.host, self.address, self.max_calls = new_session, host, address, max_calls
        self.edge = edge  # who may send requests, and how many new calls (None: anyone, any number)
        self.credentials = credentials
        self.registrar = Registrar(Challenger(realm))
        self.transport = None
        self.streams: dict[tuple[str, int], asyncio.StreamWriter] = {}  # TCP peers (ivr/sip/stream.py)
        self.tcp: asyncio.Server | None = None
        self.dialogs: dict[str, Dialog] = {}
        self.waiting = {}  # our requests awaiting their responses (ivr/sip/client.py)

    def new_dialog(self, invite: Message, addr, **fields) -> Dialog:
        return Dialog(invite=invite, addr=addr, **fields)

    # ---- datagrams --------------------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport

    def connection_lost(self, exc) -> None:
        if self.tcp is not None:  # the line is closing: TCP with it
            self.tcp.close()
            for writer in list(self.streams.values()):
                writer.close()

    def reliable(self, addr) -> bool:
        """True when ``addr`` is a TCP peer: sent once, never retransmitted."""
        return tuple(addr[:2]) in self.streams

    def via(self, addr) -> str:
        return "TCP" if self.reliable(addr) else "UDP"

    @property
    def port(self) -> int:
        return self.transport.get_extra_info("sockname")[1]

    def local_address(self, remote: str) -> str:
        if self.address:
            return self.address
        return self.host if self.host not in ("0.0.0.0", "") else _address_towards(remote)  # noqa: S104

    def send(self, message: Message | bytes, addr) -> bytes:
        data = message if isinstance(message, bytes) else message.encode()
        stream = self.streams.get(tuple(addr[:2]))
        if stream is not None:
            if not stream.is_closing():
                stream.write(data)
        elif self.transport and not self.transport.is_closing():
            self.transport.sendto(data, addr)
        return data

    def datagram_received(self, data: bytes, addr) -> None:
        try:
            self._received(data, addr)
        except Exception:  # one bad datagram must not take the line down
            log.exception("SIP datagram from %s:%s not handled", *addr[:2])

    def _received(self, data: bytes, addr) -> None:
        if not data.strip():
            return  # CRLF keep-alive
        try:
            message = parse(data)
        except SipError as error:
            log.info("malformed SIP from %s:%s (%s)", addr[0], addr[1], error.reason)
            partial = error.message
            if partial and partial.is_request and partial.method != "ACK" and partial.all("Via"):
                self.send(response(partial, 400, f"Bad Request ({error.reason})"), addr)
            return
        if self.edge and not self.edge.admits(addr[0]) and not self._may_send(message, addr):
            if message.is_request and message.method != "ACK":
                self.send(response(message, 403, "Forbidden", to_tag=new_tag()), addr)
            log.info(
                "SIP %s from %s refused: not in COURT12368_SIP_ALLOWED", message.method or "reply", addr[0]
            )
            return
        if not message.is_request:
            self._response_received(message)
            return
        handler = getattr(self, f"_on_{message.method.lower()}", None)
        if handler is None:
            self.send(
                response(message, 501, "Not Implemented", to_tag=new_tag(), extra=[("Allow", ALLOW)]), addr
            )
            return
        handler(message, addr)

    def _may_send(self, message: Message, addr) -> bool:
        """From outside the trunk's addresses: a phone registering or calling with a password (checked by
        the handler), or the peer of a dialog the line already has."""
        if message.is_request and message.method in ("REGISTER", "INVITE") and self.credentials:
            return message.method == "REGISTER" or not tag_of(message.get("To"))
        dialog = self.dialogs.get(message.call_id)
        return dialog is not None and dialog.addr[0] == addr[0]

    async def authenticated(self, request: Message, header: str) -> tuple[str, bool]:
        """(the platform user a digest header proves, stale) — see Challenger.check."""
        user = parameters(request.get(header)).get("username", "")
        stored = await self.credentials(user) if user and self.credentials else ""
        return self.registrar.authenticate(request, header, lambda name: stored if name == user else "")

    def _on_register(self, request: Message, addr) -> None:
        if self.credentials is None:
            extra = [("Allow", ALLOW)]
            self.send(response(request, 405, "Method Not Allowed", to_tag=new_tag(), extra=extra), addr)
            return

        async def answer():
            user, stale = await self.authenticated(request, "Authorization")
            self.send(self.registrar.register(request, addr, user, stale=stale), addr)

        asyncio.get_running_loop().create_task(answer())

    # ---- requests from the caller ------------------------------------------------------------
    def _on_options(self, request: Message, addr) -> None:
        extra = [("Allow", ALLOW), ("Accept", "application/sdp, application/dtmf-relay, application/dtmf")]
        self.send(response(request, 200, "OK", to_tag=new_tag(), extra=extra), addr)

    def _on_invite(self, request: Message, addr) -> None:
        dialog = self.dialogs.get(request.call_id)
        if dialog is not None:
            if not dialog.outbound and request.cseq[0] == dialog.invite.cseq[0]:  # a retransmission
                self.send(dialog.last_response, addr)
            elif dialog.confirmed and tag_of(request.get("To")) == dialog.local_tag:  # re-INVITE (hold...)
                extra = [("Contact", self._contact(addr)), ("Content-Type", "application/sdp")]
                self.send(
                    response(request, 200, "OK", to_tag=dialog.local_tag, extra=extra, body=dialog.answer),
                    addr,
                )
            else:
                self.send(response(request, 491, "Request Pending", to_tag=dialog.local_tag), addr)
            return
        if tag_of(request.get("To")):
            self.send(response(request, 481, "Call/Transaction Does Not Exist"), addr)
            return
        if self.edge and not self.edge.admits(addr[0]):  # not the trunk: a platform login must place it
            asyncio.get_running_loop().create_task(self._invite_from_phone(request, addr))
            return
        self._take(request, addr)

    async def _invite_from_phone(self, request: Message, addr) -> None:
        user, stale = await self.authenticated(request, "Proxy-Authorization")
        if user:
            self._take(request, addr)
        elif stale or not request.get("Proxy-Authorization"):
            self.send(self.registrar.challenge(request, status=407, stale=stale), addr)
        else:
            self.send(response(request, 403, "Forbidden", to_tag=new_tag()), addr)
            log.info("SIP INVITE from %s refused: wrong SIP password", addr[0])

    def _take(self, request: Message, addr) -> None:
        if request.call_id in self.dialogs:  # a retransmission that crossed the password check
            return
        dialog = Dialog(invite=request, addr=addr, routes=request.all("Record-Route"))
        if self.edge and not self.edge.new_call(addr[0]):
            extra = [("Retry-After", "60")]
            self.send(
                response(request, 503, "Service Unavailable", to_tag=dialog.local_tag, extra=extra), addr
            )
            log.warning("SIP INVITE from %s refused: over COURT12368_SIP_INVITES_PER_MINUTE", addr[0])
            return
        if len(self.dialogs) >= self.max_calls:
            self.send(response(request, 486, "Busy Here", to_tag=dialog.local_tag), addr)
            return
        self.dialogs[request.call_id] = dialog
        dialog.last_response = self.send(response(request, 100, "Trying"), addr)
        asyncio.get_running_loop().create_task(self._accept(dialog))

    async def _accept(self, dialog: Dialog) -> None:
        request, addr = dialog.invite, dialog.addr
        try:
            offer = sdp.parse_offer(request.body)
        except sdp.SdpError as error:
            await self._refuse(dialog, 488, f"Not Acceptable Here ({error})")
            return
        try:
            caller = user_of(uri_of(request.get("From")))
            session = await self.new_session(dialog, user_of(request.uri), caller)
            if isinstance(session, int):
                await self._refuse(dialog, session, "Not Found" if session == 404 else "Unavailable")
                return
            dialog.session = session
            loop = asyncio.get_running_loop()
            _transport, dialog.media = await loop.create_datagram_endpoint(
                lambda: MediaStream(offer.codec, offer.dtmf, (offer.address, offer.port), session.on_key),
                local_addr=(self.host or "0.0.0.0", 0),  # noqa: S104 - media where signalling is bound
            )
            session.media = dialog.media
        except Exception:
            log.exception("could not take the call")
            await self._refuse(dialog, 500, "Server Internal Error")
            return
        if dialog.cancelled:
            dialog.media.close()
            return
        local = self.local_address(addr[0])
        dialog.answer = sdp.answer(offer, address=local, port=dialog.media.port)
        extra = [("Contact", self._contact(addr)), ("Allow", ALLOW), ("Content-Type", "application/sdp")]
        ok = response(request, 200, "OK", to_tag=dialog.local_tag, extra=extra, body=dialog.answer)
        dialog.last_response = self.send(ok, addr)
        delay, waited = T1, 0.0
        while not dialog.confirmed and not dialog.ended and waited < TIMER_B:  # until the ACK comes
            await asyncio.sleep(delay)
            waited += delay
            if not dialog.confirmed and not dialog.ended:
                self.send(dialog.last_response, addr)
            delay = min(delay * 2, T2)
        if not dialog.confirmed and not dialog.ended:
            log.warning("no ACK for call %s; hanging up", dialog.call_id)
            await self.hang_up(dialog)
            self._forget(dialog)

    async def _refuse(self, dialog: Dialog, status: int, reason: str) -> None:
        dialog.ended = True
        dialog.last_response = self.send(
            response(dialog.invite, status, reason, to_tag=dialog.local_tag), dialog.addr
        )
        await asyncio.sleep(TIMER_B)  # absorb retransmitted INVITEs and the ACK
        self.dialogs.pop(dialog.call_id, None)

    def _on_ack(self, request: Message, addr) -> None:
        dialog = self.dialogs.get(request.call_id)
        if dialog is None or dialog.confirmed or dialog.ended or not dialog.answer:
            return
        if tag_of(request.get("To")) != dialog.local_tag:
            # Only whoever received our 200 OK knows its random To tag; an ACK sent blind behind a forged
            # INVITE (spoofed source, a victim's address in the SDP) must not start the media.
            log.info("ACK for call %s without our tag from %s:%s ignored", dialog.call_id, *addr[:2])
            return
        dialog.confirmed = True
        dialog.media.start()  # the first RTP packet of the call: never before the dialog is confirmed
        dialog.task = asyncio.get_running_loop().create_task(dialog.session.run())
        dialog.task.add_done_callback(lambda task: self._session_over(dialog, task))

    def _session_over(self, dialog: Dialog, task: asyncio.Task) -> None:
        if not task.cancelled() and task.exception():
            log.error("call %s failed", dialog.call_id, exc_info=task.exception())
        if not dialog.ended:
            asyncio.get_running_loop().create_task(self.hang_up(dialog))
        self._forget(dialog)

    def _forget(self, dialog: Dialog) -> None:
        dialog.over.set()
        if dialog.media:
            dialog.media.close()
        if self.dialogs.get(dialog.call_id) is dialog:
            del self.dialogs[dialog.call_id]

    def _on_bye(self, request: Message, addr) -> None:
        dialog = self.dialogs.get(request.call_id)
        if dialog is None:
            self.send(response(request, 481, "Call/Transaction Does Not Exist"), addr)
            return
        self.send(response(request, 200, "OK"), addr)
        dialog.ended = True
        dialog.over.set()
        if dialog.task:
            dialog.task.cancel()
        else:
            self._forget(dialog)

    def _on_cancel(self, request: Message, addr) -> None:
        dialog = self.dialogs.get(request.call_id)
        if dialog is None:
            self.send(response(request, 481, "Call/Transaction Does Not Exist"), addr)
            return
        self.send(response(request, 200, "OK", to_tag=dialog.local_tag), addr)
        if not dialog.answer and not dialog.ended:  # not answered yet: the INVITE ends with 487
            dialog.cancelled = dialog.ended = True
            dialog.last_response = self.send(
                response(dialog.invite, 487, "Request Terminated", to_tag=dialog.local_tag), addr
            )

    def _on_info(self, request: Message, addr) -> None:
        dialog = self.dialogs.get(request.call_id)
        if dialog is None or dialog.media is None:
            self.send(response(request, 481, "Call/Transaction Does Not Exist"), addr)
            return
        self.send(response(request, 200, "OK"), addr)
        key = _info_key(request)
        if key:
            dialog.media.key(key)

    # ---- requests we send -------------------------------------------------------------------
    def _contact(self, addr) -> str:
        transport = ";transport=tcp" if self.reliable(addr) else ""
        return f"<sip:12368@{self.local_address(addr[0])}:{self.port}{transport}>"


def _info_key(request: Message) -> str:
    """The key in a SIP INFO body: application/dtmf-relay ("Signal=5") or application/dtmf ("5")."""
    kind = request.get("Content-Type").split(";")[0].strip().lower()
    text = request.body.decode("ascii", "replace").strip()
    if kind == "application/dtmf-relay":
        for line in text.splitlines():
            name, _sep, value = line.partition("=")
            if name.strip().lower() == "signal":
                text = value.strip()
                break
        else:
            return ""
    elif kind != "application/dtmf":
        return ""
    if text in ("10", "11"):  # some phones send the event code
        return EVENTS[int(text)]
    return text.upper() if len(text) == 1 and text.upper() in EVENTS else ""
