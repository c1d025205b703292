"""Which audio a prompt plays: the court's own recording, else synthesis; static prompts made ahead."""

import wave

import pytest
from django.core.files.base import ContentFile

from court12368.demo.factories import CourtFactory
from court12368.ivr.machine import PHRASES
from court12368.ivr.models import Prompt
from court12368.ivr.speech import PromptCache
from court12368.ivr.voice import Voice
from tests.ivr.engines import FakeEngine

pytestmark = pytest.mark.django_db


def recording(rate=16000, seconds=1):
    from io import BytesIO

    buffer = BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x10\x00" * rate * seconds)
    return ContentFile(buffer.getvalue(), name="welcome.wav")


def test_a_courts_own_recording_replaces_the_synthesised_prompt_for_that_court_only(
    tmp_path, settings, court
):
    settings.MEDIA_ROOT = tmp_path / "media"
    engine = FakeEngine(tone=True)
    voice = Voice(PromptCache(tmp_path / "prompts", engine))
    Prompt.objects.create(court=court, key="welcome", audio=recording())
    own = voice.pcm(court, "您好", key="welcome")
    assert len(own) == 16000 and engine.said == []  # 1 s at 8 kHz, converted from 16 kHz; nothing synthesised
    other = CourtFactory()
    voice.pcm(other, "您好", key="welcome")
    assert engine.said == ["您好"]


def test_static_prompts_are_prepared_ahead_for_every_court(tmp_path, court):
    engine = FakeEngine(tone=True)
    count = Voice(PromptCache(tmp_path / "prompts", engine)).prepare([court])
    said = set(engine.said)
    assert count == len(said) >= len(PHRASES) + 2
    assert PHRASES["welcome"].format(court=court.name) in said
    assert any(text.startswith("案件信息查询请按一") and "留言请按九" in text for text in said)  # after hours
    assert any(text.startswith("案件信息查询请按一") and "人工服务请按零" in text for text in said)
