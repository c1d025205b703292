"""The line's registrar (RFC 3261 §10): agents' and judges' softphones register with their platform login
and SIP password (digest, ivr/sip/digest.py), and the line calls them where they registered from.

Bindings live in the line's memory: a restarted line is re-registered by every phone within its interval.
A binding is reached at the address its REGISTER came from (a phone behind NAT is answered where it is, as
RTP latching does for media), with the Contact's URI as the request line.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from court12368.ivr.sip.digest import Challenger
from court12368.ivr.sip.message import Message, new_tag, response, uri_of, user_of

DEFAULT_EXPIRES, MIN_EXPIRES, MAX_EXPIRES = 3600, 60, 7200


@dataclass(frozen=True)
class Binding:
    user: str
    contact: str  # the phone's own SIP URI, for the request line
    addr: tuple[str, int]  # where its REGISTER came from: where requests go
    expires_at: float


class Registrar:
    def __init__(self, challenger: Challenger, clock: Callable[[], float] = time.monotonic):
        self.challenger, self.clock = challenger, clock
        self.bindings: dict[str, Binding] = {}

    def find(self, user: str) -> Binding | None:
        binding = self.bindings.get(user)
        if binding and binding.expires_at <= self.clock():
            del self.bindings[user]
            return None
        return binding

    def authenticate(self, request: Message, header: str, ha1_of: Callable[[str], str]) -> tuple[str, bool]:
        authorization = request.get(header)
        if not authorization:
            return "", False
        return self.challenger.check(authorization, request.method, ha1_of)

    def challenge(self, request: Message, *, status: int = 401, stale: bool = False) -> Message:
        name = "WWW-Authenticate" if status == 401 else "Proxy-Authenticate"
        reason = "Unauthorized" if status == 401 else "Proxy Authentication Required"
        extra = [(name, self.challenger.challenge(stale=stale))]
        return response(request, status, reason, to_tag=new_tag(), extra=extra)

    def register(self, request: Message, addr, user: str, *, stale: bool = False) -> Message:
        """The answer to a REGISTER whose digest proved ``user`` ('' for nobody): a challenge, a refusal, or
        200 OK with the binding as it now stands."""
        if not user:
            return self.challenge(request, stale=stale)
        if user_of(uri_of(request.get("To"))) != user:
            return response(request, 403, "Forbidden (may only register oneself)", to_tag=new_tag())
        contact = request.get("Contact")
        if not contact:  # a query: say what is bound
            return self._bound(request, user)
        if contact.strip() == "*":
            self.bindings.pop(user, None)
            return response(request, 200, "OK", to_tag=new_tag())
        expires = _expires(contact, request.get("Expires"))
        if expires == 0:
            self.bindings.pop(user, None)
            return response(request, 200, "OK", to_tag=new_tag())
        if expires < MIN_EXPIRES:
            extra = [("Min-Expires", str(MIN_EXPIRES))]
            return response(request, 423, "Interval Too Brief", to_tag=new_tag(), extra=extra)
        expires = min(expires, MAX_EXPIRES)
        self.bindings[user] = Binding(user, uri_of(contact), tuple(addr[:2]), self.clock() + expires)
        return self._bound(request, user)

    def _bound(self, request: Message, user: str) -> Message:
        binding = self.find(user)
        extra = []
        if binding:
            left = max(0, int(binding.expires_at - self.clock()))
            extra = [("Contact", f"<{binding.contact}>;expires={left}")]
        return response(request, 200, "OK", to_tag=new_tag(), extra=extra)


def _expires(contact: str, header: str) -> int:
    for param in contact.split(">")[-1].split(";")[1:]:
        name, _eq, value = param.partition("=")
        if name.strip().lower() == "expires" and value.strip().isdigit():
            return int(value.strip())
    return int(header) if header.strip().isdigit() else DEFAULT_EXPIRES
