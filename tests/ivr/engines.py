"""A stand-in for espeak-ng in the voice tests: remembers what was to be said, writes a short WAV."""

import math
import struct
import wave


class FakeEngine:
    """``tone=False``: 0.1 s of silence per prompt; ``tone=True``: 0.2 s of tone, so RTP carries sound."""

    def __init__(self, tone: bool = False):
        self.tone = tone
        self.name = "tone" if tone else "test"
        self.said = []

    def synthesize(self, text, out):
        self.said.append(text)
        if self.tone:
            frames = b"".join(struct.pack("<h", int(6000 * math.sin(n / 3))) for n in range(1600))
        else:
            frames = b"\0\0" * 800
        with wave.open(str(out), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes(frames)
