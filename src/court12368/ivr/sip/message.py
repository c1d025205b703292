"""SIP messages (RFC 3261 §7): parse what arrives, build what we send. Anything malformed is SipError."""

import secrets
from dataclasses import dataclass, field

COMPACT = {
    "i": "Call-ID",
    "f": "From",
    "t": "To",
    "v": "Via",
    "m": "Contact",
    "l": "Content-Length",
    "c": "Content-Type",
    "k": "Supported",
    "s": "Subject",
    "e": "Content-Encoding",
    "r": "Refer-To",
}
CANONICAL = {
    name.lower(): name
    for name in [
        "Via", "From", "To", "Call-ID", "CSeq", "Contact", "Content-Length", "Content-Type", "Max-Forwards",
        "Allow", "Accept", "Supported", "Refer-To", "Referred-By", "Event", "Subscription-State", "Server",
        "User-Agent", "Record-Route", "Route", "Subject", "Content-Encoding", "Authorization",
        "WWW-Authenticate", "Proxy-Authorization", "Proxy-Authenticate", "Expires", "Min-Expires",
    ]
}  # fmt: skip
MAX_SIZE = 65_000  # one UDP datagram
REQUIRED = ("Via", "From", "To", "Call-ID", "CSeq")


class SipError(ValueError):
    """Not a SIP message we can work with; ``reply`` says whether a 400 can still be sent."""

    def __init__(self, reason: str, message: "Message | None" = None):
        super().__init__(reason)
        self.reason, self.message = reason, message


@dataclass
class Message:
    method: str = ""  # requests
    uri: str = ""
    status: int = 0  # responses
    reason: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    @property
    def is_request(self) -> bool:
        return bool(self.method)

    def get(self, name: str, default: str = "") -> str:
        for key, value in self.headers:
            if key == name:
                return value
        return default

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.headers if key == name]

    @property
    def call_id(self) -> str:
        return self.get("Call-ID")

    @property
    def cseq(self) -> tuple[int, str]:
        number, _sep, method = self.get("CSeq").partition(" ")
        return int(number), method.strip()

    def encode(self) -> bytes:
        first = f"{self.method} {self.uri} SIP/2.0" if self.method else f"SIP/2.0 {self.status} {self.reason}"
        lines = [first, *(f"{k}: {v}" for k, v in self.headers if k != "Content-Length")]
        lines.append(f"Content-Length: {len(self.body)}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode() + self.body


def parse(data: bytes) -> Message:
    if len(data) > MAX_SIZE:
        raise SipError("too large")
    head, sep, rest = data.partition(b"\r\n\r\n")
    if not sep:
        head, sep, rest = data.partition(b"\n\n")
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SipError("not UTF-8") from error
    lines = text.replace("\r\n", "\n").split("\n")
    message = _first_line(lines[0])
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and message.headers:  # folded continuation
            name, value = message.headers[-1]
            message.headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip() or " " in name.strip():
            raise SipError("malformed header line", message)
        name = name.strip()
        name = COMPACT.get(name.lower(), CANONICAL.get(name.lower(), name))
        for part in _split_list(value) if name in ("Via", "Contact", "Route", "Record-Route") else [value]:
            message.headers.append((name, part.strip()))
    for name in REQUIRED:
        if not message.get(name):
            raise SipError(f"no {name} header", message)
    try:
        number, method = message.cseq
    except ValueError as error:
        raise SipError("bad CSeq", message) from error
    if number < 0 or number >= 2**31 or (message.is_request and method != message.method):
        raise SipError("bad CSeq", message)
    length = message.get("Content-Length", str(len(rest)))
    if not length.isdigit() or int(length) > len(rest):
        raise SipError("bad Content-Length", message)
    message.body = rest[: int(length)]
    return message


def _first_line(line: str) -> Message:
    parts = line.strip().split(" ", 2)
    if len(parts) == 3 and parts[0] == "SIP/2.0" and parts[1].isdigit() and len(parts[1]) == 3:
        return Message(status=int(parts[1]), reason=parts[2])
    if len(parts) == 3 and parts[2] == "SIP/2.0" and parts[0].isalpha() and parts[0].isupper() and parts[1]:
        return Message(method=parts[0], uri=parts[1])
    raise SipError("not a SIP request or status line")


def _split_list(value: str) -> list[str]:
    """Split a comma-separated header, leaving commas inside <...> and quotes alone."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        if char == '"':
            quoted = not quoted
        elif not quoted and char == "<":
            depth += 1
        elif not quoted and char == ">":
            depth -= 1
        elif not quoted and depth == 0 and char == ",":
            parts.append(value[start:index])
            start = index + 1
    parts.append(value[start:])
    return [part for part in parts if part.strip()]


def tag_of(header: str) -> str:
    for param in header.split(";")[1:]:
        name, _sep, value = param.partition("=")
        if name.strip().lower() == "tag":
            return value.strip()
    return ""


def uri_of(header: str) -> str:
    """The URI in a From/To/Contact value: '"Name" <sip:a@b>;tag=x' → 'sip:a@b'."""
    if "<" in header and ">" in header:
        return header[header.index("<") + 1 : header.index(">")]
    return header.split(";")[0].strip()


def user_of(uri: str) -> str:
    """'sip:12368@host:5060;transport=udp' → '12368' (percent-decoded)."""
    from urllib.parse import unquote

    rest = uri.split(":", 1)[1] if ":" in uri else uri
    return unquote(rest.split("@", 1)[0]) if "@" in rest else ""


def address_of(uri: str, default_port: int = 5060) -> tuple[str, int] | None:
    """Where a SIP URI's requests go: 'sip:8001@10.0.0.5:5062;transport=udp' → ('10.0.0.5', 5062)."""
    rest = uri.split(":", 1)[1] if ":" in uri else uri
    host = rest.split("@", 1)[-1].split(";", 1)[0].split("?", 1)[0]
    name, colon, port = host.rpartition(":") if host.count(":") == 1 else (host, "", "")
    if colon and not port.isdigit():
        return None
    return (name, int(port)) if colon else (host, default_port) if host else None


def new_tag() -> str:
    return secrets.token_hex(6)


def new_branch() -> str:
    return "z9hG4bK" + secrets.token_hex(8)


def response(request: Message, status: int, reason: str, *, to_tag: str = "", extra=(), body=b"") -> Message:
    """A response copying the request's Via, From, To (with our tag), Call-ID and CSeq (RFC 3261 §8.2.6)."""
    headers = [("Via", via) for via in request.all("Via")]
    to = request.get("To")
    if to_tag and not tag_of(to) and status != 100:
        to = f"{to};tag={to_tag}"
    headers += [("From", request.get("From")), ("To", to), ("Call-ID", request.call_id)]
    headers += [("CSeq", request.get("CSeq")), ("Server", "court12368"), *extra]
    if request.method == "INVITE" and 100 < status < 300:  # §12.1.1: a proxy in the path stays there
        headers += [("Record-Route", route) for route in request.all("Record-Route")]
    return Message(status=status, reason=reason, headers=headers, body=body)
