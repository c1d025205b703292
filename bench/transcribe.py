"""Voicemail transcripts: real-time factor and memory of the built-in recogniser (Whisper base, int8, CPU).

Run by hand, never in CI (needs the ``transcripts`` extra; espeak-ng for the default audio):

    .venv/bin/python bench/transcribe.py --threads 2 --runs 3
    .venv/bin/python bench/transcribe.py --wav tests/ivr/fixtures/voicemail-ulaw.wav

In a fresh process, as a task worker would: the weights are joined into a throw-away data dir, the model
is loaded once, then the same voicemail is transcribed ``--runs`` times. The default voicemail is a
~17 s caller's message read by espeak-ng's Mandarin voice and turned into 8 kHz mono, as the line records.
The real-time factor is seconds of processing per second of audio (below 1: faster than the caller
spoke). Peak RSS is the process's high-water mark (``ru_maxrss``), Python and Django included.
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")
os.environ["COURT12368_DATA_DIR"] = tempfile.mkdtemp(prefix="c12368-transcribe-")

import django  # noqa: E402

django.setup()

from court12368.ivr import speech, whisper  # noqa: E402

MESSAGE = (
    "您好，我的案号是二零二六年京零一零五民初一百二十八号，我想问一下开庭审理的日期，"
    "请法官给我回个电话，谢谢。"
)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def voicemail(folder: Path) -> Path:
    raw, target = folder / "raw.wav", folder / "voicemail.wav"
    subprocess.run(
        [
            shutil.which("espeak-ng") or "espeak-ng",
            "-v",
            "cmn-latn-pinyin+f3",
            "-s",
            "100",
            "-w",
            str(raw),
            MESSAGE,
        ],
        check=True,
        capture_output=True,
    )
    speech.to_telephone(raw, target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wav", type=Path, help="a voicemail to transcribe (default: synthesised)")
    parser.add_argument(
        "--threads", type=int, default=2, help="CPU threads (COURT12368_IVR_TRANSCRIBER_THREADS)"
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from django.conf import settings
    from faster_whisper import decode_audio

    settings.IVR_TRANSCRIBER_THREADS = args.threads
    path = args.wav or voicemail(Path(tempfile.mkdtemp(prefix="c12368-vm-")))
    seconds = len(decode_audio(str(path), sampling_rate=whisper.SAMPLE_RATE)) / whisper.SAMPLE_RATE
    print(f"audio: {path.name}, {seconds:.1f} s; threads {args.threads}; {os.cpu_count()} CPUs")
    print(f"peak RSS before the model: {peak_mib():.0f} MiB")

    started = time.perf_counter()
    whisper.model_dir()
    joined = time.perf_counter()
    whisper.model()
    loaded = time.perf_counter()
    print(f"join the two weight packages: {joined - started:.2f} s (once per data dir)")
    print(f"load the model: {loaded - joined:.2f} s; peak RSS {peak_mib():.0f} MiB")

    recogniser = whisper.WhisperTranscriber()
    factors = []
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        text = recogniser.transcribe(path)
        took = time.perf_counter() - started
        factors.append(took / seconds)
        print(
            f"run {run}: {took:.2f} s, real-time factor {took / seconds:.3f}; peak RSS {peak_mib():.0f} MiB"
        )
    print(f"transcript: {text}")
    print(
        f"real-time factor: best {min(factors):.3f}, worst {max(factors):.3f}; peak RSS {peak_mib():.0f} MiB"
    )


if __name__ == "__main__":
    main()
