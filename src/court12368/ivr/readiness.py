"""Whether the voice line can speak, checked before it takes a call (issue 25, item 4).

Without its speech engine the line used to answer and play silence, with a traceback in the log. At start
`court12368 ivr` synthesises a short phrase and reads the audio back; if that fails, the line refuses calls
(SIP 503, the carrier tries another route), says why in one line, and writes its state to the data dir,
where the web's readiness (/api/v1/ready) reports it.
"""

import datetime as dt
import json
import subprocess
import tempfile
import wave
from pathlib import Path

from court12368.core import health
from court12368.ivr.speech import Engine, EspeakEngine

PHRASE = "您好，这里是12368诉讼服务热线。"


def speech_problem(engine: Engine | None = None) -> str | None:
    """Why the line cannot speak, in one line (Chinese / English), or None when it can."""
    engine = engine or EspeakEngine()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "check.wav"
        try:
            engine.synthesize(PHRASE, out)
            with wave.open(str(out), "rb") as audio:
                frames = audio.readframes(audio.getnframes())
        except (OSError, RuntimeError, ValueError, wave.Error, subprocess.SubprocessError) as error:
            return f"语音合成不可用 / speech synthesis unavailable ({engine.name}): {error}"
    if not frames.strip(b"\x00"):
        return f"语音合成只产生静音 / speech synthesis produced only silence ({engine.name})"
    return None


def record(problem: str | None) -> None:
    """What the line found at start, for readiness (owner-only, as every data file)."""
    path = health.voice_line_state()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "taking_calls": problem is None,
                "problem": problem,
                "checked_at": dt.datetime.now(dt.UTC).isoformat(),
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
