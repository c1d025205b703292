"""Voicemail transcripts through a pluggable recogniser, made by the task worker after the order exists."""

import wave

import pytest
from django.urls import reverse
from django.utils import timezone

from court12368.core.models import AuditEntry
from court12368.hotline.models import Call
from court12368.ivr import services, transcripts, whisper
from court12368.knowledge.models import Correction

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


def test_the_transcript_suggests_a_type_and_route_for_the_agent_to_confirm(
    tmp_path, court, settings, immediate_tasks, make_staff, client
):
    settings.IVR_TRANSCRIBER = "tests.ivr.test_transcripts.FixedRecogniser"
    call = Call.objects.select_related("work_order").get(pk=voicemail(tmp_path, court).pk)
    order = call.work_order
    # The classifier's guess is kept on the call and written under the draft, as a suggestion only.
    assert call.suggested_kind == "case_query" and call.suggested_confidence > 0
    assert "建议类型（自动识别，请座席确认）：案件查询" in order.summary and "按规则转办" in order.summary
    assert order.kind == "other" and order.state == "open"
    audit = AuditEntry.objects.get(action="ivr.voicemail_transcribed", subject_id=str(call.pk))
    assert audit.details["suggested"] == "case_query/"

    agent = make_staff()
    client.force_login(agent)
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert 'data-testid="suggested-type-card"' in page and 'data-value="case_query/"' in page

    # The agent listened: it is a complaint about filing, not a case query.
    response = client.post(
        reverse("order-confirm-type", args=[order.number]), {"kind": "complaint", "sub_kind": "filing"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.kind, order.sub_kind) == ("complaint", "filing")
    correction = Correction.objects.get()
    assert (correction.suggested_type, correction.chosen_type) == ("case_query", "complaint")
    assert correction.text.startswith("我想问一下开庭时间")
    assert AuditEntry.objects.filter(action="order.type_confirmed", subject_id=str(order.pk)).exists()


def test_the_setting_auto_off_or_a_dotted_path(settings, monkeypatch):
    settings.IVR_TRANSCRIBER = "auto"
    monkeypatch.setattr(whisper, "available", lambda: False)
    assert transcripts.configured() == "" and transcripts.current() is None
    monkeypatch.setattr(whisper, "available", lambda: True)
    assert transcripts.configured() == "court12368.ivr.whisper.WhisperTranscriber"
    for off in ("", "off", "none", " OFF "):
        settings.IVR_TRANSCRIBER = off
        assert transcripts.configured() == ""
    settings.IVR_TRANSCRIBER = "tests.ivr.test_transcripts.FixedRecogniser"
    assert isinstance(transcripts.current(), FixedRecogniser)


def test_without_a_recogniser_or_when_it_fails_the_recording_stays_for_the_agent(
    tmp_path, court, settings, immediate_tasks
):
    settings.IVR_TRANSCRIBER = "off"
    first = voicemail(tmp_path, court)
    settings.IVR_TRANSCRIBER = "tests.ivr.test_transcripts.BrokenRecogniser"
    second = voicemail(tmp_path, court)
    for call in (first, second):
        call.refresh_from_db()
        assert "留言转写" not in call.content and call.work_order.state == "open"
