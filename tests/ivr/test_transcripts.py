"""Voicemail transcripts through a pluggable recogniser, made by the task worker after the order exists."""

import wave

import pytest
from django.utils import timezone

from court12368.core.models import AuditEntry
from court12368.hotline.models import Call
from court12368.ivr import services

pytestmark = pytest.mark.django_db(transaction=True)


class FixedRecogniser:
    """Stands in for an offline recogniser: 'hears' the length of the recording."""

    def transcribe(self, path):
        with wave.open(str(path)) as w:
            return f"我想问一下开庭时间，录音{w.getnframes() // 8000}秒"


class BrokenRecogniser:
    def transcribe(self, path):
        raise RuntimeError("model missing")


def voicemail(tmp_path, court):
    path = tmp_path / "vm.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\1\0" * 16000)
    return services.leave_voicemail(
        court, caller_number="13800001234", recording_ref=str(path), rang_at=timezone.now()
    )


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_recogniser_adds_the_transcript_to_the_call_and_its_order(
    tmp_path, court, settings, immediate_tasks
):
    settings.IVR_TRANSCRIBER = "tests.ivr.test_transcripts.FixedRecogniser"
    call = Call.objects.select_related("work_order").get(pk=voicemail(tmp_path, court).pk)
    assert "我想问一下开庭时间，录音2秒" in call.content and "自动识别" in call.content
    assert "我想问一下开庭时间" in call.work_order.summary
    assert AuditEntry.objects.filter(action="ivr.voicemail_transcribed", subject_id=str(call.pk)).exists()


def test_without_a_recogniser_or_when_it_fails_the_recording_stays_for_the_agent(
    tmp_path, court, settings, immediate_tasks
):
    first = voicemail(tmp_path, court)
    settings.IVR_TRANSCRIBER = "tests.ivr.test_transcripts.BrokenRecogniser"
    second = voicemail(tmp_path, court)
    for call in (first, second):
        call.refresh_from_db()
        assert "留言转写" not in call.content and call.work_order.state == "open"
