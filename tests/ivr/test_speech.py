import datetime as dt
import shutil
import wave

import pytest
from hypothesis import given
from hypothesis import strategies as st

from court12368.ivr import speech


@pytest.mark.parametrize(
    ("n", "spoken"),
    [
        (0, "零"),
        (7, "七"),
        (10, "十"),
        (18, "十八"),
        (20, "二十"),
        (105, "一百零五"),
        (110, "一百一十"),
        (1001, "一千零一"),
        (2026, "二千零二十六"),
        (3000, "三千"),
    ],
)
def test_numbers_the_chinese_way(n, spoken):
    assert speech.number(n) == spoken


@given(st.integers(min_value=0, max_value=9999))
def test_every_number_reads_back(n):
    """Parse the reading back: a reading that loses or invents a digit fails."""
    text = speech.number(n)
    values = dict(zip(speech.DIGITS, range(10), strict=True))
    units = {"十": 10, "百": 100, "千": 1000}
    total, current = 0, 0
    for i, ch in enumerate(text):
        if ch in values:
            current = values[ch]
        else:
            total += (current or (1 if i == 0 else 0)) * units[ch]
            current = 0
    assert total + current == n


def test_case_numbers_dates_and_times():
    assert speech.case_number("（2026）京0105民初1号") == "二零二六年，京零一零五民初一号"
    assert speech.case_number("(2025)京01民终123号") == "二零二五年，京零一民终一百二十三号"
    assert speech.when(dt.datetime(2026, 12, 18, 15, 0)) == "十二月十八日下午三点"
    assert speech.when(dt.datetime(2026, 3, 2, 9, 30)) == "三月二日上午九点三十分"
    assert speech.date(dt.date(2026, 11, 24)) == "二零二六年十一月二十四日"


@pytest.mark.skipif(
    not shutil.which("espeak-ng"), reason="espeak-ng is not installed (apt-get install espeak-ng)"
)
def test_espeak_makes_8khz_telephone_audio_once(tmp_path):
    cache = speech.PromptCache(tmp_path)
    path = cache.audio("您好，这里是诉讼服务热线。")
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (8000, 1, 2)
        assert w.getnframes() > 8000  # over a second of speech
    stamp = path.stat().st_mtime_ns
    assert cache.audio("您好，这里是诉讼服务热线。") == path and path.stat().st_mtime_ns == stamp


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng is not installed")
def test_the_default_voice_reads_chinese_as_mandarin_not_english_spelt_pinyin():
    """espeak-ng's plain "cmn" voice switched to English for 您好 ("nin two hao three"): callers heard it."""
    import subprocess

    engine = speech.EspeakEngine()
    phonemes = subprocess.run(
        ["espeak-ng", "-q", "-v", engine.voice, "-x", "您好，这里是诉讼服务热线，请输入诉讼服务密码"],
        capture_output=True, text=True, check=True, timeout=30,
    ).stdout  # fmt: skip
    assert phonemes.strip() and "(en)" not in phonemes
