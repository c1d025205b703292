"""SIP digest authentication (RFC 3261 §22, RFC 2617's MD5 with qop=auth), the server's side.

Agents' softphones prove who they are on REGISTER (401) and on their INVITEs (407). The platform keeps no SIP
password in clear: it keeps HA1 = MD5(user:realm:password), what RFC 2617 calls the password's hash in the
realm, so a leaked database cannot be replayed on another realm and the clear password is never seen again.

Nonces are stateless: the time they were issued and an HMAC of it under a key that lives only in this
process, so a nonce from before a restart or older than NONCE_SECONDS is refused as stale (the phone then
retries with the new one without asking its user).
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from court12368.core.hashing import sip_ha1 as ha1  # noqa: F401 - the stored form, set on the staff page

NONCE_SECONDS = 300


def md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()  # the algorithm SIP phones speak


def parameters(header: str) -> dict[str, str]:
    """'Digest username="a", realm="b", nc=00000001' → {'username': 'a', 'realm': 'b', 'nc': '00000001'}."""
    scheme, _sp, rest = header.strip().partition(" ")
    if scheme.lower() != "digest":
        return {}
    found, name, value, quoted, escaped, in_value = {}, "", "", False, False, False
    for char in rest + ",":
        if in_value and quoted:
            if escaped:
                value, escaped = value + char, False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
            else:
                value += char
        elif char == "," and not quoted:
            if name.strip():
                found[name.strip().lower()] = value.strip()
            name, value, in_value = "", "", False
        elif char == "=" and not in_value:
            in_value = True
        elif in_value:
            if char == '"' and not value.strip():
                quoted, value = True, ""
            else:
                value += char
        else:
            name += char
    return found


class Challenger:
    def __init__(self, realm: str, clock: Callable[[], float] = time.time):
        self.realm, self.clock = realm, clock
        self.key = secrets.token_bytes(32)

    def _seal(self, issued: str) -> str:
        return hmac.new(self.key, issued.encode(), hashlib.sha256).hexdigest()[:32]

    def nonce(self) -> str:
        issued = f"{int(self.clock()):x}"
        return f"{issued}.{self._seal(issued)}"

    def challenge(self, *, stale: bool = False) -> str:
        value = f'Digest realm="{self.realm}", nonce="{self.nonce()}", algorithm=MD5, qop="auth"'
        return value + (", stale=TRUE" if stale else "")

    def fresh(self, nonce: str) -> bool:
        issued, _dot, seal = nonce.partition(".")
        if not hmac.compare_digest(seal, self._seal(issued)):
            return False
        try:
            return 0 <= self.clock() - int(issued, 16) <= NONCE_SECONDS
        except ValueError:
            return False

    def check(self, authorization: str, method: str, ha1_of: Callable[[str], str]) -> tuple[str, bool]:
        """(the user the header proves, stale): ('', False) when it proves nobody, ('', True) when it was
        right but its nonce has expired. ``ha1_of(user)`` gives the user's stored HA1, '' for no such user."""
        given = parameters(authorization)
        user, nonce, uri = given.get("username", ""), given.get("nonce", ""), given.get("uri", "")
        if not user or not uri or given.get("realm") != self.realm or given.get("algorithm", "MD5") != "MD5":
            return "", False
        stored = ha1_of(user)
        if not stored:
            return "", False
        ha2 = md5(f"{method}:{uri}")
        if given.get("qop") == "auth":
            expected = md5(f"{stored}:{nonce}:{given.get('nc', '')}:{given.get('cnonce', '')}:auth:{ha2}")
        else:
            expected = md5(f"{stored}:{nonce}:{ha2}")
        if not hmac.compare_digest(expected, given.get("response", "")):
            return "", False
        if not self.fresh(nonce):
            return "", True
        return user, False
