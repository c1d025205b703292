"""Issue 25, item 4: a voice line that cannot speak takes no calls, says why, and readiness reports it."""

import shutil

import pytest

from court12368.cli import main
from court12368.ivr import readiness
from court12368.ivr.speech import EspeakEngine, PromptCache
from court12368.ivr.voice import Voice
from tests.ivr.engines import FakeEngine
from tests.ivr.test_sip import call


class MissingEngine:
    name = "espeak-ng-cmn-200"

    def synthesize(self, text, out):
        raise RuntimeError("espeak-ng is not installed (apt-get install espeak-ng)")


def test_the_check_says_why_in_one_line():
    assert readiness.speech_problem(FakeEngine(tone=True)) is None
    missing = readiness.speech_problem(MissingEngine())
    assert missing.startswith("语音合成不可用 / speech synthesis unavailable") and "\n" not in missing
    assert "静音" in readiness.speech_problem(FakeEngine(tone=False))  # silence is no voice either


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_the_real_engine_speaks():
    assert readiness.speech_problem(EspeakEngine()) is None


@pytest.mark.django_db(transaction=True)
def test_a_line_that_cannot_speak_refuses_calls_with_503(tmp_path, settings, court):
    settings.DATA_DIR = tmp_path
    voice = Voice(PromptCache(tmp_path / "prompts", MissingEngine()))
    voice.problem = readiness.speech_problem(voice.prompts.engine)

    async def script(phone, server):
        return await phone.dial()

    assert call(voice, script) == 503


@pytest.mark.django_db
def test_readiness_reports_the_line(client, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    assert client.get("/api/v1/ready").json()["voice_line"] is None  # no line started on this data dir
    readiness.record(readiness.speech_problem(MissingEngine()))
    assert client.get("/api/v1/ready").json()["voice_line"].startswith("语音合成不可用")
    readiness.record(None)
    assert client.get("/api/v1/ready").json()["voice_line"] == "ok"


def test_the_ivr_command_says_it_takes_no_calls(monkeypatch, capsys, tmp_path, settings):
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(readiness, "EspeakEngine", MissingEngine)
    monkeypatch.setattr(
        "court12368.ivr.voice.PromptCache", lambda directory: PromptCache(directory, MissingEngine())
    )

    def stop(line, *args, **kwargs):
        line.close()  # the line would run; what matters is what it said before
        raise KeyboardInterrupt

    monkeypatch.setattr("asyncio.run", stop)
    main(["ivr", "--sip-port", "0", "--agi-port", "0"])
    assert "the voice line takes no calls" not in capsys.readouterr().err  # both off: nothing to check
    main(["ivr", "--agi-port", "0"])
    said = capsys.readouterr().err
    assert "语音热线不接听来电 / the voice line takes no calls: 语音合成不可用" in said
