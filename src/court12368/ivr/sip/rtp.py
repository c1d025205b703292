"""RTP media for one call (RFC 3550): G.711 out every 20 ms, G.711 and RFC 4733 key events in.

The stream sends continuously (silence between prompts), as telephone equipment expects; playing a
prompt wakes the sender at once so the first packet of an answer is not held back to the next tick.

It sends nothing until ``start()``, which the server calls when the ACK for its 200 OK confirms the
dialog: an INVITE forged with a victim's address in its SDP never gets as much as one packet sent there.
It then sends to the SDP address until the caller's first RTP packet arrives and latches to that packet's
source (symmetric RTP: a phone behind NAT is answered where its audio comes from); once latched, packets
from any other source are dropped, so nobody else can steer the stream, inject keys or be recorded.
"""

import asyncio
import audioop  # from the stdlib up to 3.12, from the audioop-lts port on 3.13 and later (see pyproject)
import contextlib
import logging
import secrets
import struct
import time
import wave
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)
RATE = 8000
FRAME = 160  # samples per 20 ms packet
PCM_FRAME = FRAME * 2  # bytes of 16-bit linear audio per packet
MAX_RELAYED = 5  # frames (100 ms) a bridged stream may lag behind the other side
EVENTS = "0123456789*#ABCD"
ENCODE = {0: audioop.lin2ulaw, 8: audioop.lin2alaw}
DECODE = {0: audioop.ulaw2lin, 8: audioop.alaw2lin}
SILENCE = {0: b"\xff" * FRAME, 8: b"\xd5" * FRAME}


def parse(packet: bytes) -> tuple[int, int, bytes] | None:
    """(payload type, timestamp, payload), or None for what is not RTP version 2."""
    if len(packet) < 12 or packet[0] >> 6 != 2:
        return None
    csrc, extension, padding = packet[0] & 0x0F, packet[0] & 0x10, packet[0] & 0x20
    offset = 12 + 4 * csrc
    if extension:
        if len(packet) < offset + 4:
            return None
        offset += 4 + 4 * struct.unpack_from("!H", packet, offset + 2)[0]
    end = len(packet) - (packet[-1] if padding else 0)
    if offset > end:
        return None
    timestamp = struct.unpack_from("!I", packet, 4)[0]
    return packet[1] & 0x7F, timestamp, packet[offset:end]


class MediaStream(asyncio.DatagramProtocol):
    def __init__(
        self, codec: int, dtmf: int | None, remote: tuple[str, int], on_digit: Callable[[str], None]
    ):
        self.codec, self.dtmf, self.remote, self.on_digit = codec, dtmf, remote, on_digit
        self.latched = False  # True once self.remote is where the caller's RTP comes from
        self.transport = None
        self.sequence = secrets.randbelow(2**16)
        self.timestamp = secrets.randbelow(2**32)
        self.ssrc = secrets.randbelow(2**32)
        self.marker = True
        self.pending = b""  # linear PCM still to play
        self.relayed = b""  # linear PCM from the other side of a bridge (ivr/sip/bridge.py)
        self.on_audio: Callable[[bytes], None] | None = None  # each frame heard, decoded, for a bridge
        self.done: asyncio.Future | None = None
        self.wake = asyncio.Event()
        self.events_seen: set[int] = set()
        self.recorders: list[wave.Wave_write] = []
        self.key_at = 0.0  # when the last key came, until a prompt answers it
        self.measuring = False
        self.answer_delays: list[float] = []  # last key → first packet of the prompt that answers it (s)
        self.sender: asyncio.Task | None = None

    # ---- lifecycle ----------------------------------------------------------------------------
    def connection_made(self, transport) -> None:
        self.transport = transport  # silent until start(): the port is open only to put it in the answer

    def start(self) -> None:
        """The dialog is confirmed: begin sending (and listening)."""
        if self.sender is None and self.transport and not self.transport.is_closing():
            self.sender = asyncio.get_running_loop().create_task(self._send_loop())

    def close(self) -> None:
        if self.sender:
            self.sender.cancel()
        self.stop()
        for recorder in self.recorders:
            recorder.close()
        self.recorders.clear()
        if self.transport:
            self.transport.close()

    @property
    def port(self) -> int:
        return self.transport.get_extra_info("sockname")[1]

    # ---- playing ------------------------------------------------------------------------------
    def play(self, pcm: bytes) -> asyncio.Future:
        """Queue 8 kHz 16-bit mono audio; the future resolves when it has all been sent (or stopped)."""
        self.stop()
        self.pending = pcm + b"\0" * (-len(pcm) % PCM_FRAME)
        self.done = asyncio.get_running_loop().create_future()
        self.marker = True
        self.measuring = bool(self.key_at)
        self.wake.set()
        return self.done

    def feed(self, pcm: bytes) -> None:
        """Audio heard on the other side of a bridge, sent 20 ms a tick. A prompt playing goes first; beyond
        MAX_RELAYED frames behind, the oldest audio is dropped so the delay cannot grow."""
        self.relayed = (self.relayed + pcm)[-MAX_RELAYED * PCM_FRAME :]

    def stop(self) -> None:
        self.pending = b""
        if self.done and not self.done.done():
            self.done.set_result(None)

    async def _send_loop(self) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            try:
                self._send_frame()
            except Exception:  # a lost packet, never a call that hangs waiting for its prompt to end
                log.exception("RTP packet not sent")
                self.stop()
            next_at += 0.02
            if self.wake.is_set() or next_at < loop.time() - 0.2:  # a new prompt, or we fell behind
                next_at = loop.time()
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), max(0.0, next_at - loop.time()))

    def _send_frame(self) -> None:
        if self.pending:
            chunk, self.pending = self.pending[:PCM_FRAME], self.pending[PCM_FRAME:]
            payload = ENCODE[self.codec](chunk, 2)
            if self.measuring:
                self.answer_delays.append(time.monotonic() - self.key_at)
                self.measuring, self.key_at = False, 0.0
            if not self.pending and self.done and not self.done.done():
                self.done.set_result(None)
        elif len(self.relayed) >= PCM_FRAME:
            frame, self.relayed = self.relayed[:PCM_FRAME], self.relayed[PCM_FRAME:]
            payload = ENCODE[self.codec](frame, 2)
        else:
            payload = SILENCE[self.codec]
        header = struct.pack(
            "!BBHII",
            0x80,
            (0x80 if self.marker else 0) | self.codec,
            self.sequence,
            self.timestamp,
            self.ssrc,
        )
        self.marker = False
        self.sequence = (self.sequence + 1) % 2**16
        self.timestamp = (self.timestamp + FRAME) % 2**32
        if self.transport and not self.transport.is_closing():
            self.transport.sendto(header + payload, self.remote)

    # ---- receiving ----------------------------------------------------------------------------
    def record(self, path: Path) -> wave.Wave_write:
        path.parent.mkdir(parents=True, exist_ok=True)
        recorder = wave.open(str(path), "wb")  # noqa: SIM115 - closed by stop_recording() or close()
        recorder.setnchannels(1)
        recorder.setsampwidth(2)
        recorder.setframerate(RATE)
        self.recorders.append(recorder)
        return recorder

    def stop_recording(self, recorder: wave.Wave_write) -> None:
        if recorder in self.recorders:
            self.recorders.remove(recorder)
            recorder.close()

    def datagram_received(self, data: bytes, addr) -> None:
        source = tuple(addr[:2])
        if self.sender is None or (self.latched and source != self.remote):
            return  # before the ACK, or not the caller's source
        parsed = parse(data)
        if parsed is None:
            return
        payload_type, timestamp, payload = parsed
        if payload_type not in (self.codec, self.dtmf):
            return
        if not self.latched:  # symmetric RTP: answer where the caller's media comes from (NAT)
            self.remote, self.latched = source, True
        if payload_type == self.codec:
            if self.recorders or self.on_audio:
                pcm = DECODE[self.codec](payload, 2)
                for recorder in self.recorders:
                    recorder.writeframes(pcm)
                if self.on_audio:
                    self.on_audio(pcm)
        # RFC 4733: one key press is several packets with one timestamp; the first one counts.
        elif (
            payload_type == self.dtmf
            and len(payload) >= 4
            and payload[0] < len(EVENTS)
            and timestamp not in self.events_seen
        ):
            self.events_seen.add(timestamp)
            self.key(EVENTS[payload[0]])

    def key(self, digit: str) -> None:
        """A key from RTP or from SIP INFO."""
        self.key_at = time.monotonic()
        self.on_digit(digit)
