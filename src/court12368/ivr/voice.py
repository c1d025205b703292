"""The audio a call hears for each prompt: the court's own recording where it has one, else synthesis."""

import math
import struct
import wave
from pathlib import Path

from django.conf import settings

from court12368.ivr.models import Prompt
from court12368.ivr.speech import RATE, PromptCache, to_telephone


class Voice:
    def __init__(self, prompts: PromptCache | None = None):
        self.prompts = prompts or PromptCache(Path(settings.DATA_DIR) / "ivr" / "prompts")
        self._pcm: dict[Path, bytes] = {}
        self.problem: str | None = None  # why it cannot speak (ivr/readiness.py): the line takes no calls

    def path(self, court, text: str, key: str = "") -> Path:
        """A WAV file (8 kHz mono 16-bit) for a prompt; blocking (database, synthesis)."""
        if key:
            own = Prompt.objects.filter(court=court, key=key).first()
            if own and own.audio:
                source = Path(own.audio.path)
                target = self.prompts.directory / f"court-{court.pk}-{key}-{int(source.stat().st_mtime)}.wav"
                if not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    to_telephone(source, target)
                return target
        return self.prompts.audio(text)

    def prepare(self, courts) -> int:
        """Synthesise every static prompt of these courts ahead of the first call; returns how many."""
        from court12368.ivr.services import static_prompts

        count = 0
        for court in courts:
            for text, key in static_prompts(court):
                self.path(court, text, key)
                count += 1
        return count

    def pcm(self, court, text: str, key: str = "") -> bytes:
        path = self.path(court, text, key)
        if path not in self._pcm:
            with wave.open(str(path), "rb") as w:
                self._pcm[path] = w.readframes(w.getnframes())
            if len(self._pcm) > 500:  # dynamic texts (case status) are not worth keeping
                self._pcm.pop(next(iter(self._pcm)))
        return self._pcm[path]


def beep(seconds: float = 0.3, hertz: int = 1000) -> bytes:
    """The tone before a voicemail is recorded."""
    count = int(RATE * seconds)
    return b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * hertz * n / RATE))) for n in range(count)
    )
