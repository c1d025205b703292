"""SDP offer/answer (RFC 3264) for one G.711 audio stream with RFC 4733 telephone-events."""

import secrets
from dataclasses import dataclass

CODECS = {0: "PCMU", 8: "PCMA"}  # static payload types (RFC 3551)
DTMF = 101  # the telephone-event payload type we offer when the line calls out


class SdpError(ValueError):
    pass


@dataclass(frozen=True)
class Offer:
    address: str
    port: int
    codec: int  # the first G.711 payload type the caller offered
    dtmf: int | None  # the caller's telephone-event payload type


def parse_offer(body: bytes) -> Offer:
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError as error:
        raise SdpError("SDP is not ASCII") from error
    session_address, media_address, port, formats, names = "", "", None, [], {}
    for line in text.replace("\r\n", "\n").split("\n"):
        kind, _eq, value = line.partition("=")
        if kind == "c" and value.startswith("IN IP4 "):
            address = value.split()[2].split("/")[0]
            if port is None:
                session_address = address
            else:
                media_address = media_address or address
        elif kind == "m" and value.startswith("audio ") and port is None:
            fields = value.split()
            if len(fields) < 4 or not fields[1].isdigit() or not 0 < int(fields[1]) < 65536:
                raise SdpError("bad audio media line")
            port = int(fields[1])
            formats = [int(f) for f in fields[3:] if f.isdigit()]
        elif kind == "a" and value.startswith("rtpmap:") and port is not None:
            number, _sp, name = value[len("rtpmap:") :].partition(" ")
            if number.isdigit():
                names[int(number)] = name.split("/")[0].lower()
    if port is None:
        raise SdpError("no audio stream offered")
    address = media_address or session_address
    if not address:
        raise SdpError("no connection address")
    codec = next((f for f in formats if f in CODECS), None)
    if codec is None:
        raise SdpError("neither PCMU nor PCMA offered")
    dtmf = next((f for f in formats if names.get(f) == "telephone-event"), None)
    return Offer(address, port, codec, dtmf)


def offer(*, address: str, port: int) -> bytes:
    """What the line offers when it calls a phone: both G.711 laws and key events."""
    return _describe(address, port, [0, 8], DTMF)


def answer(offer: Offer, *, address: str, port: int, session_id: int | None = None) -> bytes:
    return _describe(address, port, [offer.codec], offer.dtmf, session_id)


def _describe(address: str, port: int, codecs: list[int], dtmf: int | None, session_id: int | None = None):
    session_id = session_id or secrets.randbelow(2**31)
    formats = [str(codec) for codec in codecs] + ([str(dtmf)] if dtmf is not None else [])
    lines = [
        "v=0",
        f"o=court12368 {session_id} {session_id} IN IP4 {address}",
        "s=court12368",
        f"c=IN IP4 {address}",
        "t=0 0",
        f"m=audio {port} RTP/AVP {' '.join(formats)}",
        *(f"a=rtpmap:{codec} {CODECS[codec]}/8000" for codec in codecs),
    ]
    if dtmf is not None:
        lines += [f"a=rtpmap:{dtmf} telephone-event/8000", f"a=fmtp:{dtmf} 0-16"]
    lines += ["a=ptime:20", "a=sendrecv"]
    return ("\r\n".join(lines) + "\r\n").encode()
