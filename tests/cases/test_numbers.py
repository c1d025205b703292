"""Case number (案号) parsing, validation and normalisation."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from court12368.cases.numbers import (
    SPECIAL_CODES,
    TYPE_CODES,
    CaseNumber,
    CaseNumberError,
    check_case_number,
    parse_case_number,
)
from court12368.courts.codes import COURT_ABBREVIATIONS

DICT_KEYS = {
    "valid",
    "normalized",
    "year",
    "court_code",
    "special_code",
    "type_code",
    "number",
    "number_end",
    "suffix",
    "legacy",
    "error",
}


@pytest.mark.parametrize(
    ("text", "year", "court", "special", "type_code", "number"),
    [
        ("（2019）沪0115民初61975号", 2019, "沪0115", None, "民初", 61975),
        ("（2023）黔2731执恢130号", 2023, "黔2731", None, "执恢", 130),
        ("（2019）最高法知民终1号", 2019, "最高法", "知", "民终", 1),
        ("（2020）京73民初1234号", 2020, "京73", None, "民初", 1234),
        ("（2021）京民终5号", 2021, "京", None, "民终", 5),
        ("（2022）最高法民申100号", 2022, "最高法", None, "民申", 100),
        ("（2022）京0105执5号", 2022, "京0105", None, "执", 5),
        ("（2020）内01刑医解2号", 2020, "内01", None, "刑医解", 2),
        ("（2020）兵08民初3号", 2020, "兵08", None, "民初", 3),
        ("（2021）沪0115民诉前调88号", 2021, "沪0115", None, "民诉前调", 88),
        ("（2019）最高法刑核12345678号", 2019, "最高法", None, "刑核", 12345678),
        ("（2019）京73知民初7号", 2019, "京73", "知", "民初", 7),
    ],
)
def test_parses_current_numbers(text, year, court, special, type_code, number):
    parsed = parse_case_number(text)
    assert (parsed.year, parsed.court_code, parsed.special_code) == (year, court, special)
    assert (parsed.type_code, parsed.number) == (type_code, number)
    assert parsed.number_end is None and parsed.suffix is None and parsed.legacy is False
    assert parsed.normalized == text


@pytest.mark.parametrize(
    "variant",
    [
        "(2019)沪0115民初61975号",
        "〔2019〕沪0115民初61975号",
        "[2019]沪0115民初61975号",
        "  （2019） 沪0115 民初 61975 号  ",
        "（２０１９）沪０１１５民初６１９７５号",
        "( 2019 )沪0115民初061975号",
        "（2019）沪0115民初\u300061975号",
    ],
)
def test_normalises_brackets_spaces_and_digits(variant):
    assert parse_case_number(variant).normalized == "（2019）沪0115民初61975号"


@pytest.mark.parametrize("dash", ["-", "－", "—", "至"])
def test_ranges(dash):
    parsed = parse_case_number(f"（2019）沪0115民初18775{dash}18776号")
    assert (parsed.number, parsed.number_end) == (18775, 18776)
    assert parsed.normalized == "（2019）沪0115民初18775-18776号"


@pytest.mark.parametrize("text", ["（2019）沪0115民初61975号之一", "（2019）沪0115民初61975之一号"])
def test_suffix_is_normalised_after_hao(text):
    parsed = parse_case_number(text)
    assert parsed.suffix == "之一"
    assert parsed.normalized == "（2019）沪0115民初61975号之一"


def test_suffix_with_range():
    parsed = parse_case_number("(2019)沪0115民初18775-18776号之二")
    assert (parsed.number_end, parsed.suffix) == (18776, "之二")
    assert parsed.normalized == "（2019）沪0115民初18775-18776号之二"


@pytest.mark.parametrize(
    ("text", "court", "type_code", "number", "normalized"),
    [
        ("（2014）民一终字第174号", "", "民一终", 174, "（2014）民一终字第174号"),
        ("（2012）浦民一(民)初字第1234号", "浦", "民一（民）初", 1234, "（2012）浦民一（民）初字第1234号"),
        ("(2013)京二中民终字第05678号", "京二中", "民终", 5678, "（2013）京二中民终字第5678号"),
        ("（２０１３） 穗中法民一终字第 ９ 号之一", "穗中法", "民一终", 9, "（2013）穗中法民一终字第9号之一"),
    ],
)
def test_legacy_numbers(text, court, type_code, number, normalized):
    parsed = parse_case_number(text)
    assert parsed.legacy is True
    assert (parsed.court_code, parsed.type_code, parsed.number) == (court, type_code, number)
    assert parsed.normalized == normalized
    assert parse_case_number(parsed.normalized) == parsed


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "请输入案号"),
        ("   ", "请输入案号"),
        ("沪0115民初61975号", "缺少收案年度"),
        ("2019沪0115民初61975号", "收案年度应加括号"),
        ("（2019沪0115民初61975号", "收案年度缺少右括号"),
        ("（19）沪0115民初61975号", "收案年度“19”应为4位数字"),
        ("（1850）沪0115民初61975号", "收案年度“1850”不合理"),
        (f"（{dt.date.today().year + 2}）沪0115民初1号", "不合理"),
        ("（2019）浦民初61975号", "无法识别法院代字“浦”"),
        ("（2019）0115民初61975号", "缺少法院代字"),
        ("（2019）沪011民初61975号", "数字部分应为2位"),
        ("（2019）最高法01民终1号", "“最高法”后不应有数字"),
        ("（2019）沪0115民X61975号", "无法识别类型代字“民X”"),
        ("（2019）沪0115民初第61975号", "不再使用“第”字"),
        ("（2019）沪011561975号", "缺少类型代字"),
        ("（2019）沪0115民初号", "缺少案件编号"),
        ("（2019）沪0115民初61975", "案号应以“号”结尾"),
        ("（2019）沪0115民初0号", "不能为0"),
        ("（2019）沪0115民初-5号", "格式不正确"),
        ("（2019）沪0115民初18776-18775号", "案件编号范围的结束号应大于起始号"),
        ("（2019）沪0115民初5-5号", "结束号应大于起始号"),
        ("（2019）", "收案年度后缺少"),
        ("（2014）字第174号", "缺少类型代字"),
    ],
)
def test_invalid_numbers_explain_why(text, error):
    with pytest.raises(CaseNumberError) as info:
        parse_case_number(text)
    assert error in info.value.message
    result = check_case_number(text)
    assert set(result) == DICT_KEYS
    assert result["valid"] is False and result["normalized"] is None and result["legacy"] is False
    assert error in result["error"]


def test_check_never_raises_on_non_text():
    assert check_case_number(None)["error"] == "请输入案号"
    assert check_case_number(2019)["error"] == "案号应为文本"


def test_check_returns_the_parsed_fields():
    result = check_case_number("(2019)最高法知民终1号")
    assert set(result) == DICT_KEYS
    assert result == {
        "valid": True,
        "normalized": "（2019）最高法知民终1号",
        "year": 2019,
        "court_code": "最高法",
        "special_code": "知",
        "type_code": "民终",
        "number": 1,
        "number_end": None,
        "suffix": None,
        "legacy": False,
        "error": None,
    }


def test_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_case_number("不是案号")


def test_type_codes_from_the_standard():
    assert {"民初", "执", "执恢", "刑医解", "破", "强清", "司救访", "请移赃", "民诉前调"} <= TYPE_CODES
    # Group headings are not codes.
    assert not {"民事", "执行", "管辖", "国家赔偿"} & TYPE_CODES
    assert {code for code in TYPE_CODES if len(code) > 3} == {"民诉前调"}
    assert "知" in SPECIAL_CODES


# Property tests: any valid combination formats to a canonical string that parses back to itself.
courts = st.one_of(
    st.just("最高法"),
    st.sampled_from(sorted(COURT_ABBREVIATIONS)),
    st.builds(lambda a, n: f"{a}{n:02d}", st.sampled_from(sorted(COURT_ABBREVIATIONS)), st.integers(1, 99)),
    st.builds(lambda a, n: f"{a}{n:04d}", st.sampled_from(sorted(COURT_ABBREVIATIONS)), st.integers(1, 9999)),
)
type_codes = st.sampled_from(sorted(TYPE_CODES))
specials = st.none() | st.sampled_from(sorted(SPECIAL_CODES))
suffixes = st.none() | st.sampled_from(["之一", "之二", "之十"])
years = st.integers(1949, dt.date.today().year + 1)


@st.composite
def components(draw):
    number = draw(st.integers(1, 10**8))
    end = draw(st.none() | st.integers(number + 1, number + 1000))
    return draw(years), draw(courts), draw(specials), draw(type_codes), number, end, draw(suffixes)


def _format(year, court, special, type_code, number, end, suffix):
    span = f"{number}-{end}" if end else str(number)
    return f"（{year}）{court}{special or ''}{type_code}{span}号{suffix or ''}"


@given(components())
def test_canonical_strings_round_trip(parts):
    year, court, special, type_code, number, end, suffix = parts
    text = _format(*parts)
    assert parse_case_number(text) == CaseNumber(
        year, court, special, type_code, number, end, suffix, False, text
    )


def _fullwidth(text):
    return text.translate({ord(str(i)): chr(0xFF10 + i) for i in range(10)})


@given(components(), st.sampled_from(["()", "〔〕", "[]", "（）"]), st.booleans(), st.booleans())
def test_variants_parse_like_the_canonical_form(parts, brackets, spaced, wide):
    canonical = _format(*parts)
    variant = brackets[0] + canonical[1:5] + brackets[1] + canonical[6:]
    if spaced:
        variant = " " + " ".join(variant) + " "
    if wide:
        variant = _fullwidth(variant)
    assert parse_case_number(variant) == parse_case_number(canonical)
