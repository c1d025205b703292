"""A minimal SIP phone (UAC) for tests and the bench: dials, keys (RFC 4733 or SIP INFO), listens, hangs up.

Test code only; the real-phone test uses baresip. This one lets tests see every packet and time them.
"""

import asyncio
import audioop
import secrets
import struct
import time


class Phone:
    def __init__(self, server: tuple[str, int], user: str = "13800001234", codec: int = 0):
        self.server, self.user, self.codec = server, user, codec
        self.call_id = secrets.token_hex(8) + "@test"
        self.tag = secrets.token_hex(4)
        self.cseq = 0
        self.responses: asyncio.Queue = asyncio.Queue()
        self.requests: asyncio.Queue = asyncio.Queue()
        self.audio = bytearray()  # decoded audio heard, 16-bit linear
        self.voice_at: list[float] = []  # arrival times of non-silent packets
        self.to_header = ""
        self.remote_rtp = None
        self.event_timestamp = 1000

    async def open(self):
        loop = asyncio.get_running_loop()
        self.sip, _ = await loop.create_datagram_endpoint(
            lambda: _Proto(self._sip), local_addr=("127.0.0.1", 0)
        )
        self.rtp, _ = await loop.create_datagram_endpoint(
            lambda: _Proto(self._rtp), local_addr=("127.0.0.1", 0)
        )
        self.sip_port = self.sip.get_extra_info("sockname")[1]
        self.rtp_port = self.rtp.get_extra_info("sockname")[1]

    def close(self):
        self.sip.close()
        self.rtp.close()

    # ---- SIP ----------------------------------------------------------------------------------
    def _sip(self, data, addr):
        head = data.split(b"\r\n\r\n", 1)[0].decode()
        body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
        (self.responses if head.startswith("SIP/2.0") else self.requests).put_nowait((head, body))

    def raw(self, data: bytes):
        self.sip.sendto(data, self.server)

    def request(self, method, uri, body=b"", content_type="", to_tag_header=None, extra=""):
        self.cseq += 1 if method != "ACK" else 0
        to = to_tag_header or f"<{uri}>"
        lines = [
            f"{method} {uri} SIP/2.0",
            f"Via: SIP/2.0/UDP 127.0.0.1:{self.sip_port};branch=z9hG4bK{secrets.token_hex(6)};rport",
            "Max-Forwards: 70",
            f"From: <sip:{self.user}@127.0.0.1>;tag={self.tag}",
            f"To: {to}",
            f"Call-ID: {self.call_id}",
            f"CSeq: {self.cseq} {method}",
            f"Contact: <sip:{self.user}@127.0.0.1:{self.sip_port}>",
        ]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        if extra:
            lines.append(extra)
        lines.append(f"Content-Length: {len(body)}")
        self.raw(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    async def final(self, timeout=5.0):
        while True:
            head, body = await asyncio.wait_for(self.responses.get(), timeout)
            if int(head.split()[1]) >= 200:
                return head, body

    async def dial(self, uri="sip:12368@127.0.0.1", offer_dtmf=True, *, sdp_port=None, ack=True, extra=""):
        """INVITE, then ACK the final response. ``sdp_port``: the media port the SDP names (another
        socket's, as a forged INVITE would); ``ack=False`` leaves the call unacknowledged."""
        self.uri = uri
        formats = f"{self.codec} 101" if offer_dtmf else str(self.codec)
        sdp = (
            "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            f"m=audio {sdp_port or self.rtp_port} RTP/AVP {formats}\r\na=rtpmap:101 telephone-event/8000\r\n"
        ).encode()
        self.request("INVITE", uri, sdp, "application/sdp", extra=extra)
        head, body = self.last_final = await self.final()
        status = int(head.split()[1])
        to_line = next(line for line in head.split("\r\n") if line.lower().startswith("to:"))
        self.to_header = to_line.split(":", 1)[1].strip()
        if ack:
            self.request("ACK", uri, to_tag_header=self.to_header)
        if status == 200:
            port = int(
                next(line for line in body.decode().split("\r\n") if line.startswith("m=audio")).split()[1]
            )
            self.remote_rtp = ("127.0.0.1", port)
        return status

    async def hang_up(self):
        self.request("BYE", self.uri, to_tag_header=self.to_header)
        return await self.final()

    def info(self, key, kind="application/dtmf-relay"):
        body = f"Signal={key}\r\nDuration=160\r\n" if kind == "application/dtmf-relay" else key
        self.request("INFO", self.uri, body.encode(), kind, to_tag_header=self.to_header)

    def reply(self, head: str, status: str, body: bytes = b"", extra: str = "") -> None:
        """Answer a request the server sent, copying its Via, From, To (with our tag), Call-ID and CSeq."""
        copied = []
        for line in head.split("\r\n")[1:]:
            if line.lower().startswith("to:") and ";tag=" not in line:
                line += f";tag={self.tag}"
            if line.lower().startswith(("via:", "from:", "to:", "call-id:", "cseq:")):
                copied.append(line)
        if extra:
            copied.append(extra)
        if body:
            copied.append("Content-Type: application/sdp")
        text = f"SIP/2.0 {status}\r\n" + "\r\n".join(copied) + f"\r\nContent-Length: {len(body)}\r\n\r\n"
        self.raw(text.encode() + body)

    async def answer_call(self, status: str = "200 OK", timeout: float = 20.0) -> str:
        """Ring, then answer (or refuse) the INVITE the line sends this phone; returns its head."""
        while True:
            head, body = await asyncio.wait_for(self.requests.get(), timeout)
            if head.startswith("INVITE "):
                break
        self.reply(head, "180 Ringing")
        if not status.startswith("200"):
            self.reply(head, status)
            return head
        lines = body.decode().split("\r\n")
        port = int(next(line for line in lines if line.startswith("m=audio")).split()[1])
        self.remote_rtp = ("127.0.0.1", port)
        answer = (
            "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            f"m=audio {self.rtp_port} RTP/AVP {self.codec} 101\r\na=rtpmap:101 telephone-event/8000\r\n"
        ).encode()
        self.reply(head, "200 OK", answer, extra=f"Contact: <sip:{self.user}@127.0.0.1:{self.sip_port}>")
        ack, _body = await asyncio.wait_for(self.requests.get(), 5)
        assert ack.startswith("ACK "), ack
        return head

    def speak(self, pcm: bytes, packets: int, sequence: int = 0) -> None:
        """Send ``packets`` 20 ms packets of the same 160-sample linear ``pcm`` frame (no pacing)."""
        payload = audioop.lin2ulaw(pcm, 2) if self.codec == 0 else audioop.lin2alaw(pcm, 2)
        for n in range(packets):
            header = struct.pack("!BBHII", 0x80, self.codec, sequence + n, (sequence + n) * 160, 0x77)
            self.rtp.sendto(header + payload, self.remote_rtp)

    async def answer_requests(self):
        """Answer what the server sends in the dialog until its BYE; returns the methods seen."""
        seen = []
        while True:
            try:
                head, _body = await asyncio.wait_for(self.requests.get(), 60)
            except TimeoutError:
                return seen
            method = head.split()[0]
            seen.append(method)
            self.reply(head, "200 OK")
            if method == "BYE":
                return seen

    # ---- RTP ----------------------------------------------------------------------------------
    def _rtp(self, data, addr):
        payload = data[12:]
        if data[1] & 0x7F == self.codec:
            pcm = audioop.ulaw2lin(payload, 2) if self.codec == 0 else audioop.alaw2lin(payload, 2)
            self.audio += pcm
            if audioop.rms(pcm, 2) > 50:
                self.voice_at.append(time.monotonic())

    def key(self, key):
        """One RFC 4733 key press: three packets with the same timestamp, the last ones marked end."""
        event = "0123456789*#".index(key)
        self.event_timestamp += 1600
        for n, end in enumerate([False, True, True, True]):
            payload = struct.pack("!BBH", event, (0x80 if end else 0) | 10, 800 if end else 160 * (n + 1))
            header = struct.pack("!BBHII", 0x80, 101, 500 + n, self.event_timestamp, 0x1234)
            self.rtp.sendto(header + payload, self.remote_rtp)
        return time.monotonic()

    def heard_seconds(self):
        return len(self.audio) / 16000


class _Proto(asyncio.DatagramProtocol):
    def __init__(self, handler):
        self.handler = handler

    def datagram_received(self, data, addr):
        self.handler(data, addr)
