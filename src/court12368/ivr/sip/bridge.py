"""The caller and an agent (or the judge they were put through to) talking through the line, recorded whole.

洛阳中院一号通办规范第八条 asks for every call to be recorded in full (全程录音). A REFER would take the
line out of the media path and the recording with it, so the line stays in the middle as a back-to-back
user agent: each side's RTP is decoded, sent on to the other side (changing G.711 law where they differ)
and written to one WAV of two channels, the caller on the left and the staff on the right. A transfer
swaps who is on the right; the recording goes on in the same file.
"""

import asyncio
import audioop  # from the stdlib up to 3.12, from the audioop-lts port on 3.13 and later (see pyproject)
import contextlib
import wave
from pathlib import Path

from court12368.ivr.sip.rtp import PCM_FRAME, RATE, MediaStream

MAX_BEHIND = 25  # frames (0.5 s) a side may run ahead of the recording clock before its oldest are dropped


class StereoRecording:
    """Two channels written in step: every 20 ms one frame from each side, silence where a side sent none."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.wave = wave.open(str(path), "wb")  # noqa: SIM115 - closed by close()
        self.wave.setnchannels(2)
        self.wave.setsampwidth(2)
        self.wave.setframerate(RATE)
        self.sides = [b"", b""]  # linear PCM not yet written: caller, staff
        self.clock: asyncio.Task | None = None

    def heard(self, side: int, pcm: bytes) -> None:
        self.sides[side] = (self.sides[side] + pcm)[-MAX_BEHIND * PCM_FRAME :]

    def start(self) -> None:
        self.clock = asyncio.get_running_loop().create_task(self._write_in_step())

    def _write_frame(self) -> None:
        frames = []
        for side in (0, 1):
            frame, self.sides[side] = self.sides[side][:PCM_FRAME], self.sides[side][PCM_FRAME:]
            frames.append(frame + b"\0" * (PCM_FRAME - len(frame)))
        left = audioop.tostereo(frames[0], 2, 1, 0)
        right = audioop.tostereo(frames[1], 2, 0, 1)
        self.wave.writeframes(audioop.add(left, right, 2))

    async def _write_in_step(self) -> None:
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        while True:
            self._write_frame()
            next_at += 0.02
            if next_at < loop.time() - 0.2:  # the loop was held up: catch up rather than race
                next_at = loop.time()
            await asyncio.sleep(max(0.0, next_at - loop.time()))

    def close(self) -> None:
        if self.clock:
            self.clock.cancel()
        with contextlib.suppress(Exception):
            self.wave.close()


class Bridge:
    def __init__(self, caller: MediaStream, recording: StereoRecording | None):
        self.caller, self.recording, self.staff = caller, recording, None
        caller.stop()  # no prompt plays over the conversation
        caller.on_audio = self._from_caller
        if recording:
            recording.start()

    def connect(self, staff: MediaStream) -> None:
        """Put ``staff`` on the other side (the agent, then whoever they transfer to)."""
        if self.staff is not None:
            self.staff.on_audio = None
        self.staff = staff
        staff.on_audio = self._from_staff

    def _from_caller(self, pcm: bytes) -> None:
        if self.staff is not None:
            self.staff.feed(pcm)
        if self.recording:
            self.recording.heard(0, pcm)

    def _from_staff(self, pcm: bytes) -> None:
        self.caller.feed(pcm)
        if self.recording:
            self.recording.heard(1, pcm)

    def close(self) -> None:
        self.caller.on_audio = None
        if self.staff is not None:
            self.staff.on_audio = None
        if self.recording:
            self.recording.close()
