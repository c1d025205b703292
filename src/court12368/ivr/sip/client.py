"""The line calling out (RFC 3261 §13, §17.1): the INVITE that rings an agent's or a judge's phone for the
bridge (ivr/sip/bridge.py), and the requests the line sends inside any dialog (BYE, REFER).

Mixed into SipServer, which owns the socket: responses to what we send arrive there and are handed back
through ``self.waiting``.
"""

import asyncio
import logging
import secrets
from dataclasses import dataclass, field

from court12368.ivr.sip import sdp
from court12368.ivr.sip.message import Message, address_of, new_branch, new_tag, tag_of, uri_of
from court12368.ivr.sip.rtp import MediaStream

log = logging.getLogger(__name__)
T1, T2, TIMER_B = 0.5, 4.0, 32.0  # RFC 3261 §17 timers (seconds)
RING_SECONDS = 30.0  # an agent's phone that rings this long unanswered is given up (CANCEL)


@dataclass
class Pending:
    """One of our requests waiting for its answer: provisional responses stop the retransmissions of an
    INVITE (timer A), the final one ends the wait."""

    final: asyncio.Future
    provisional: asyncio.Event = field(default_factory=asyncio.Event)


class Client:
    # Provided by SipServer: the socket and the dialogs.
    dialogs: dict
    waiting: dict[tuple[str, int], Pending]

    def _pending(self, call_id: str, cseq: int) -> Pending:
        pending = self.waiting[(call_id, cseq)] = Pending(asyncio.get_running_loop().create_future())
        return pending

    def _response_received(self, message: Message) -> None:
        pending = self.waiting.get((message.call_id, message.cseq[0]))
        if pending is None:
            dialog = self.dialogs.get(message.call_id)
            if dialog is not None and dialog.outbound and dialog.ack and 200 <= message.status < 300:
                self.send(dialog.ack, dialog.addr)  # our ACK was lost: the callee repeats its 200 OK
            return
        if message.status < 200:
            pending.provisional.set()
        elif not pending.final.done():
            pending.final.set_result(message)

    async def _transact(self, data: bytes, addr, pending: Pending, *, invite: bool) -> Message | None:
        """Send until the final response (non-INVITE) or the first provisional one (INVITE), as UDP needs;
        over TCP once, waiting as long."""
        if self.reliable(addr):
            self.send(data, addr)
            waits = [asyncio.shield(pending.final)]
            if invite:
                waits.append(asyncio.ensure_future(pending.provisional.wait()))
            _done, waiting = await asyncio.wait(waits, timeout=TIMER_B, return_when=asyncio.FIRST_COMPLETED)
            for left in waiting:
                left.cancel()
            return pending.final.result() if pending.final.done() else None
        delay, waited = T1, 0.0
        while waited < TIMER_B:
            self.send(data, addr)
            try:
                return await asyncio.wait_for(asyncio.shield(pending.final), delay)
            except TimeoutError:
                waited += delay
                delay = delay * 2 if invite else min(delay * 2, T2)
                if invite and pending.provisional.is_set():
                    return None
        return None

    # ---- inside a dialog -------------------------------------------------------------------------
    def _parties(self, dialog) -> tuple[str, str, str]:
        """(our From, their To, the request URI) for a request we send in ``dialog``."""
        if dialog.outbound:
            return dialog.invite.get("From"), dialog.remote_party, dialog.remote_target
        invite = dialog.invite
        ours = invite.get("To") if tag_of(invite.get("To")) else f"{invite.get('To')};tag={dialog.local_tag}"
        return ours, invite.get("From"), uri_of(invite.get("Contact")) or uri_of(invite.get("From"))

    async def request(self, dialog, method: str, extra=(), body=b"") -> Message | None:
        """Send an in-dialog request, retransmitting (UDP) until its final response or timer B."""
        dialog.cseq += 1
        ours, theirs, target = self._parties(dialog)
        local = self.local_address(dialog.addr[0])
        message = Message(
            method=method,
            uri=target,
            headers=[
                ("Via", f"SIP/2.0/{self.via(dialog.addr)} {local}:{self.port};branch={new_branch()};rport"),
                ("Max-Forwards", "70"),
                ("From", ours),
                ("To", theirs),
                ("Call-ID", dialog.call_id),
                ("CSeq", f"{dialog.cseq} {method}"),
                ("Contact", self._contact(dialog.addr)),
                *(("Route", route) for route in dialog.routes),
                *extra,
            ],
            body=body,
        )
        pending = self._pending(dialog.call_id, dialog.cseq)
        try:
            return await self._transact(message.encode(), dialog.addr, pending, invite=False)
        finally:
            self.waiting.pop((dialog.call_id, dialog.cseq), None)

    async def hang_up(self, dialog) -> None:
        if dialog.ended:
            return
        dialog.ended = True
        dialog.over.set()
        await self.request(dialog, "BYE")

    # ---- calling out ----------------------------------------------------------------------------
    async def call(self, target: str, *, caller: str, addr=None, ring_seconds: float = RING_SECONDS):
        """Ring ``target`` (a SIP URI; sent to ``addr`` when given, a registered phone's source) with our
        G.711 offer; the confirmed Dialog with its MediaStream once answered, None when it was not."""
        addr = addr or address_of(target)
        if addr is None:
            return None
        loop = asyncio.get_running_loop()
        _transport, media = await loop.create_datagram_endpoint(
            lambda: MediaStream(0, sdp.DTMF, None, lambda key: None),
            local_addr=(self.host or "0.0.0.0", 0),  # noqa: S104 - media where signalling is bound
        )
        local = self.local_address(addr[0])
        offer = sdp.offer(address=local, port=media.port)
        invite = Message(
            method="INVITE",
            uri=target,
            headers=[
                ("Via", f"SIP/2.0/{self.via(addr)} {local}:{self.port};branch={new_branch()};rport"),
                ("Max-Forwards", "70"),
                ("From", f"<sip:{caller or 'anonymous'}@{local}>;tag={new_tag()}"),
                ("To", f"<{target}>"),
                ("Call-ID", f"{secrets.token_hex(12)}@{local}"),
                ("CSeq", "1 INVITE"),
                ("Contact", self._contact(addr)),
                ("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO"),
                ("Content-Type", "application/sdp"),
            ],
            body=offer,
        )
        dialog = self.new_dialog(invite, addr, outbound=True, answer=offer)
        self.dialogs[dialog.call_id] = dialog
        pending = self._pending(dialog.call_id, 1)
        try:
            answered = await self._transact(invite.encode(), addr, pending, invite=True)
            if answered is None and pending.provisional.is_set():
                try:
                    answered = await asyncio.wait_for(asyncio.shield(pending.final), ring_seconds)
                except TimeoutError:
                    answered = await self._cancel(invite, addr, pending)
            if answered is None or not 200 <= answered.status < 300:
                if answered is not None:
                    self._ack_refusal(invite, answered, addr)
                media.close()
                self.dialogs.pop(dialog.call_id, None)
                return None
            return self._confirm(dialog, answered, media)
        except BaseException:  # cancelled (the caller hung up while it rang): no phone left ringing
            if not pending.final.done():
                await asyncio.shield(self._cancel(invite, addr, pending))
            media.close()
            self.dialogs.pop(dialog.call_id, None)
            raise
        finally:
            self.waiting.pop((dialog.call_id, 1), None)

    def _confirm(self, dialog, answered: Message, media: MediaStream):
        try:
            their = sdp.parse_offer(answered.body)
        except sdp.SdpError:
            their = None
        dialog.remote_party = answered.get("To")
        dialog.remote_target = uri_of(answered.get("Contact")) or dialog.invite.uri
        dialog.routes = list(reversed(answered.all("Record-Route")))  # §12.1.2: the caller's side reverses
        local = self.local_address(dialog.addr[0])
        ack = Message(
            method="ACK",
            uri=dialog.remote_target,
            headers=[
                ("Via", f"SIP/2.0/{self.via(dialog.addr)} {local}:{self.port};branch={new_branch()}"),
                ("Max-Forwards", "70"),
                ("From", dialog.invite.get("From")),
                ("To", dialog.remote_party),
                ("Call-ID", dialog.call_id),
                ("CSeq", "1 ACK"),
                *(("Route", route) for route in dialog.routes),
            ],
        )
        dialog.ack = self.send(ack, dialog.addr)
        dialog.confirmed = True
        if their is None:  # an answer we cannot speak with: end it at once
            asyncio.get_running_loop().create_task(self.hang_up(dialog))
            media.close()
            return None
        media.codec, media.dtmf, media.remote = their.codec, their.dtmf, (their.address, their.port)
        dialog.media = media
        media.start()
        return dialog

    async def _cancel(self, invite: Message, addr, pending: Pending) -> Message | None:
        """CANCEL a ringing INVITE (§9.1); the INVITE's own final response (487, or a 200 that crossed it)."""
        self.send(_of_the_invite(invite, "CANCEL", to=invite.get("To")), addr)
        try:
            final = await asyncio.wait_for(asyncio.shield(pending.final), TIMER_B / 4)
        except TimeoutError:
            return None
        if 200 <= final.status < 300:  # answered as we gave up: hang up what we just got
            dialog = self.dialogs.get(invite.call_id)
            if dialog is not None:
                dialog.remote_party, dialog.remote_target = final.get("To"), uri_of(final.get("Contact"))
                await self.hang_up(dialog)
            return None
        self._ack_refusal(invite, final, addr)
        return None

    def _ack_refusal(self, invite: Message, final: Message, addr) -> None:
        """The ACK of a non-2xx final response belongs to the INVITE's own transaction (§17.1.1.3)."""
        if final.status < 300:
            return
        self.send(_of_the_invite(invite, "ACK", to=final.get("To")), addr)


def _of_the_invite(invite: Message, method: str, *, to: str) -> Message:
    """A CANCEL or the ACK of a refusal: requests of the INVITE's own transaction, with its Via and CSeq
    number (RFC 3261 §9.1, §17.1.1.3)."""
    headers = [("Via", invite.get("Via")), ("Max-Forwards", "70"), ("From", invite.get("From")), ("To", to)]
    headers += [("Call-ID", invite.call_id), ("CSeq", f"{invite.cseq[0]} {method}")]
    return Message(method=method, uri=invite.uri, headers=headers)
