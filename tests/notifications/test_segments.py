import pytest
from hypothesis import given
from hypothesis import strategies as st

from court12368.notifications import segments
from court12368.notifications.phones import InvalidPhone, normalize_mobile


def test_chinese_fits_70_in_one_sms_and_67_per_part_after_that():
    assert segments.split("中" * 70) == ["中" * 70]
    parts = segments.split("中" * 71)
    assert [len(p) for p in parts] == [67, 4]
    assert [len(p) for p in segments.split("中" * 134)] == [67, 67]
    assert segments.count("中" * 135) == 3


def test_plain_latin_text_uses_the_gsm_alphabet_160_and_153():
    assert segments.count("a" * 160) == 1
    assert [len(p) for p in segments.split("a" * 161)] == [153, 8]


def test_one_chinese_character_makes_the_whole_text_ucs2():
    assert segments.count("a" * 69 + "中") == 1
    assert segments.count("a" * 70 + "中") == 2


def test_gsm_extension_characters_count_twice():
    assert segments.count("{" * 80) == 1
    assert segments.count("{" * 81) == 2


def test_characters_outside_the_bmp_are_never_cut_in_half():
    text = "中" * 66 + "😀" + "中" * 10
    first, second = segments.split(text)
    assert first == "中" * 66 and second.startswith("😀")


@given(st.text(alphabet=st.sampled_from("法院工单abc 123{😀，。"), max_size=400))
def test_parts_join_back_to_the_text_and_each_fits_its_limit(text):
    parts = segments.split(text)
    assert "".join(parts) == text
    if segments.is_gsm7(text):
        single, part, size = 160, 153, lambda p: sum(2 if c in segments.GSM7_EXTENDED else 1 for c in p)
    else:
        single, part, size = 70, 67, lambda p: len(p.encode("utf-16-be")) // 2
    limit = single if len(parts) == 1 else part
    assert all(size(p) <= limit for p in parts)


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("13800138000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("（138）0013 8000", "13800138000"),
        ("19912345678", "19912345678"),
    ],
)
def test_mainland_mobiles_in_their_usual_spellings(raw, normal):
    assert normalize_mobile(raw) == normal


@pytest.mark.parametrize(
    "raw", ["", "010-65432100", "12800138000", "1380013800", "138001380001", "abc", "+1 415 555 0100"]
)
def test_numbers_that_cannot_take_an_sms_are_refused_with_the_number_masked(raw):
    with pytest.raises(InvalidPhone) as error:
        normalize_mobile(raw)
    assert "65432100" not in str(error.value)
