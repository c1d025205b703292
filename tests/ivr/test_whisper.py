"""The built-in voicemail recogniser (Whisper base, int8, CPU) on Mandarin phone audio.

Skipped without the ``transcripts`` extra (``scripts/test`` installs it). The audio is espeak-ng's
Mandarin at 8 kHz, as the line records it, and a μ-law fixture made by another route (fixtures/README.md).
The sentences were chosen among those Whisper base hears from espeak-ng: it takes 开庭 for 开天 and 三 for
判, but case numbers' digits, 案号, 日期 and 电话 come through; what is asserted is really transcribed.
"""

import re
import shutil
import subprocess
import wave
from pathlib import Path

import pytest
from django.utils import timezone

pytest.importorskip("faster_whisper")

from court12368.hotline.models import Call  # noqa: E402
from court12368.ivr import services, speech, transcripts, whisper  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "voicemail-ulaw.wav"
SPOKEN = "您好，我的案号是二零二六年京零一零五民初一百二十八号，我想问一下开庭审理的日期。"

pytestmark = pytest.mark.skipif(not whisper.available(), reason="the Whisper base weights are not installed")
needs_espeak = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")


def digits_of(text: str) -> str:
    """Digits as digits, whichever way Whisper writes them (二零二六, ２０２６, 2026, "2 0 2 6")."""
    chinese, full_width = "零〇一二三四五六七八九", "０１２３４５６７８９"
    text = text.translate(str.maketrans(chinese + full_width, "00123456789" + "0123456789"))
    return re.sub(r"(?<=\d)[\s,，、.]+(?=\d)", "", text)


def phone_recording(text: str, target: Path) -> Path:
    """``text`` as the line records a caller: espeak-ng's Mandarin (pinyin voice) → 8 kHz mono WAV."""
    raw = target.with_suffix(".raw.wav")
    subprocess.run(
        ["espeak-ng", "-v", "cmn-latn-pinyin+f3", "-s", "100", "-w", str(raw), text],
        check=True,
        capture_output=True,
    )
    speech.to_telephone(raw, target)
    return target


@pytest.fixture(scope="module")
def recogniser(tmp_path_factory):
    """The model joined once into a throw-away data dir and loaded once for the module."""
    from django.conf import settings

    old, settings.DATA_DIR = settings.DATA_DIR, tmp_path_factory.mktemp("data")
    try:
        whisper.forget()
        whisper.model()
        yield whisper.WhisperTranscriber()
    finally:
        settings.DATA_DIR = old


def test_the_weights_are_joined_into_the_model_upstream_published(recogniser):
    from django.conf import settings

    folder = whisper.model_dir(Path(settings.DATA_DIR) / "ivr" / "whisper-base")
    assert (folder / "model.bin").stat().st_size == whisper.MODEL_SIZE
    assert {p.name for p in folder.iterdir()} >= {"model.bin", *whisper.SMALL_FILES}


@needs_espeak
def test_espeak_mandarin_at_8_khz_gives_the_case_numbers_digits_and_key_words(recogniser, tmp_path):
    path = phone_recording(SPOKEN, tmp_path / "vm.wav")
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels()) == (8000, 1)
    text = recogniser.transcribe(path)
    heard = digits_of(text)
    assert "2026" in heard and "0105" in heard and "128" in heard, text
    assert "案号" in text and "日期" in text, text
    assert "號" not in text and "問" not in text, text  # Simplified, thanks to the prompt


def test_a_recorded_ulaw_voicemail_with_line_noise(recogniser):
    text = recogniser.transcribe(FIXTURE)
    heard = digits_of(text)
    assert "2025" in heard and "0105" in heard and ("68" in heard or "六十八" in text), text
    assert "日期" in text and "电话" in text, text


def test_silence_on_the_line_gives_no_transcript(recogniser, tmp_path):
    path = tmp_path / "silence.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * 8000 * 3)
    assert recogniser.transcribe(path) == ""


@needs_espeak
@pytest.mark.django_db(transaction=True)
def test_a_voicemail_gets_a_draft_transcript_and_a_suggested_type_on_its_order(
    recogniser, tmp_path, court, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.IVR_TRANSCRIBER = "auto"  # the default: the built-in recogniser, installed here
    assert transcripts.configured() == transcripts.BUILT_IN
    path = phone_recording(SPOKEN, tmp_path / "vm-1.wav")
    call = services.leave_voicemail(
        court, caller_number="13800001234", recording_ref=str(path), rang_at=timezone.now()
    )
    call = Call.objects.select_related("work_order").get(pk=call.pk)
    summary = call.work_order.summary
    assert transcripts.DRAFT_MARK in summary and "2026" in digits_of(summary)
    assert "建议类型（自动识别，请座席确认）" in summary
    assert call.suggested_kind and call.suggested_confidence is not None
    assert call.work_order.state == "open"  # nothing is dispatched on the machine's word
