"""Reading numbers, dates and case numbers the Chinese way, and turning text into 8 kHz telephone audio.

The engine is pluggable (``Engine``); the embedded default runs espeak-ng's Mandarin voice. Audio is
cached in the data dir keyed by engine and text, so a prompt is synthesised once.
"""

import audioop  # from the stdlib up to 3.12, from the audioop-lts port on 3.13 and later (see pyproject)
import datetime as dt
import hashlib
import re
import shutil
import subprocess
import tempfile
import wave
from pathlib import Path
from typing import Protocol

DIGITS = "零一二三四五六七八九"
UNITS = ["", "十", "百", "千"]
RATE = 8000  # G.711 telephone audio


def digits(text: str) -> str:
    """'0105' → '零一零五': numbers read digit by digit (codes, years, phone numbers)."""
    return "".join(DIGITS[int(c)] if c.isdigit() else c for c in text)


def number(n: int) -> str:
    """18 → 十八, 105 → 一百零五, 2026 → 二千零二十六 (0 ≤ n < 10000): amounts and day counts."""
    if not 0 <= n < 10000:
        return digits(str(n))
    if n == 0:
        return DIGITS[0]
    out, zero = [], False
    places = [int(c) for c in f"{n:04d}"]
    for index, digit in enumerate(places):
        unit = UNITS[3 - index]
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append(DIGITS[0])
            zero = False
        out.append(DIGITS[digit] + unit)
    text = "".join(out)
    return text[1:] if text.startswith("一十") else text  # 十八, not 一十八


def case_number(value: str) -> str:
    """'（2026）京0105民初1号' → '二零二六年，京零一零五民初一号'."""
    match = re.match(r"[（(](\d{4})[）)](.+?)(\d+)号$", value)
    if not match:
        return digits(value)
    year, middle, serial = match.groups()
    return f"{digits(year)}年，{digits(middle)}{number(int(serial))}号"


def when(instant: dt.datetime) -> str:
    """A local time as spoken: 十二月十八日下午三点，or 上午九点三十分."""
    hour, minute = instant.hour, instant.minute
    part = "上午" if hour < 12 else "下午"
    spoken_hour = hour if hour <= 12 else hour - 12
    text = f"{number(instant.month)}月{number(instant.day)}日{part}{number(spoken_hour)}点"
    return text + (f"{number(minute)}分" if minute else "")


def date(day: dt.date) -> str:
    return f"{digits(str(day.year))}年{number(day.month)}月{number(day.day)}日"


class Engine(Protocol):
    name: str

    def synthesize(self, text: str, out: Path) -> None:
        """Write ``text`` as a mono 16-bit WAV (any rate) to ``out``."""


class EspeakEngine:
    # 200 words a minute reads Mandarin at about 3.5 characters a second, near an announcer's pace.
    # The voice is cmn-latn-pinyin: espeak-ng's plain "cmn" reads many characters as English-spelt
    # pinyin (您好 as "nin two hao three"), which neither callers nor a recogniser understand.
    def __init__(self, voice: str = "cmn-latn-pinyin", speed: int = 200):
        self.voice, self.speed = voice, speed
        self.name = f"espeak-ng-{voice}-{speed}"  # part of the cache key: a new pace, new files
        self.program = shutil.which("espeak-ng")

    def synthesize(self, text: str, out: Path) -> None:
        if not self.program:
            raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")
        subprocess.run(  # noqa: S603 - our own arguments; the text goes as one argument, not a shell line
            [self.program, "-v", self.voice, "-s", str(self.speed), "-w", str(out), text],
            check=True,
            capture_output=True,
            timeout=60,
        )


def to_telephone(source: Path, target: Path) -> None:
    """Any mono 16-bit WAV → 8 kHz mono 16-bit WAV."""

    with wave.open(str(source), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError("16-bit audio expected")
        frames, rate, channels = w.readframes(w.getnframes()), w.getframerate(), w.getnchannels()
    if channels == 2:
        frames = audioop.tomono(frames, 2, 0.5, 0.5)
    if rate != RATE:
        frames, _state = audioop.ratecv(frames, 2, 1, rate, RATE, None)
    with wave.open(str(target), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(frames)


class PromptCache:
    """Text → cached 8 kHz WAV, synthesised on first use."""

    def __init__(self, directory: Path, engine: Engine | None = None):
        self.directory = Path(directory)
        self.engine = engine or EspeakEngine()

    def path_for(self, text: str) -> Path:
        key = hashlib.sha256(f"{self.engine.name}\n{text}".encode()).hexdigest()[:32]
        return self.directory / f"{key}.wav"

    def audio(self, text: str) -> Path:
        target = self.path_for(text)
        if target.exists():
            return target
        self.directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            raw = Path(tmp) / "raw.wav"
            self.engine.synthesize(text, raw)
            partial = Path(tmp) / "out.wav"
            to_telephone(raw, partial)
            shutil.move(partial, target)  # whole files only: another process may read the cache
        return target
