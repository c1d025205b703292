"""Court codes (法院代字): the curated table, description of each level, derivation from division codes."""

import pytest

from court12368.courts.codes import (
    COURT_ABBREVIATIONS,
    CURATED,
    EXTRA_ABBREVIATIONS,
    PROVINCES,
    CourtCodeInfo,
    derive_court_code,
    describe_court_code,
)


def test_provinces_cover_the_mainland():
    assert len(PROVINCES) == 31
    assert PROVINCES["11"] == ("京", "北京市")
    assert PROVINCES["15"] == ("内", "内蒙古自治区")
    assert PROVINCES["52"] == ("黔", "贵州省")
    assert PROVINCES["65"] == ("新", "新疆维吾尔自治区")
    assert len({abbr for abbr, _ in PROVINCES.values()}) == 31
    provinces = {abbr for abbr, _ in PROVINCES.values()}
    assert provinces | {"军", "兵"} == COURT_ABBREVIATIONS
    assert EXTRA_ABBREVIATIONS == {"军": "军事法院", "兵": "新疆生产建设兵团"}


def test_curated_table_has_every_high_court():
    for abbr, name in PROVINCES.values():
        assert CURATED[abbr] == f"{name}高级人民法院"
    assert CURATED["最高法"] == "最高人民法院"
    assert CURATED["京04"] == "北京市第四中级人民法院"
    assert CURATED["沪0115"] == "上海市浦东新区人民法院"


@pytest.mark.parametrize(
    ("division", "code"),
    [
        ("110105", "京0105"),
        ("310115", "沪0115"),
        ("440703", "粤0703"),
        ("440700", "粤07"),
        ("522731", "黔2731"),
        ("110000", "京"),
        ("150000", "内"),
        ("150100", "内01"),
        ("500101", "渝0101"),
        (" 110108 ", "京0108"),
    ],
)
def test_derive_court_code(division, code):
    assert derive_court_code(division) == code


@pytest.mark.parametrize("division", ["110100", "120100", "310100", "500100"])
def test_municipal_intermediate_courts_cannot_be_derived(division):
    with pytest.raises(ValueError, match="直辖市") as info:
        derive_court_code(division)
    assert "01–" in str(info.value)


@pytest.mark.parametrize(
    ("division", "error"),
    [
        ("11010", "应为6位数字"),
        ("1101050", "应为6位数字"),
        ("11a105", "应为6位数字"),
        ("", "应为6位数字"),
        (None, "应为6位数字"),
        ("990105", "不是省级行政区代码"),
        ("110005", "第3–4位为“00”"),
        ("429000", "省直辖县级行政区划"),
    ],
)
def test_derive_rejects_invalid_division_codes(division, error):
    with pytest.raises(ValueError, match=error):
        derive_court_code(division)


def test_describe_supreme_court():
    assert describe_court_code("最高法") == CourtCodeInfo(
        "最高法", "supreme", None, None, None, "最高人民法院", True
    )


def test_describe_high_courts():
    assert describe_court_code("京") == CourtCodeInfo(
        "京", "high", "北京市", "110000", None, "北京市高级人民法院", True
    )
    military = describe_court_code("军")
    assert (military.level, military.province, military.division_code) == ("high", "军事法院", None)
    assert military.verified is False
    assert describe_court_code("兵").verified is True


def test_describe_intermediate_courts():
    assert describe_court_code("粤07") == CourtCodeInfo(
        "粤07", "intermediate", "广东省", "440700", None, "广东省江门市中级人民法院", True
    )
    # Municipal intermediate courts are numbered per court: no division code behind 京01.
    beijing = describe_court_code("京01")
    assert (beijing.division_code, beijing.name, beijing.verified) == (None, "北京市第一中级人民法院", True)
    derived = describe_court_code("川01")
    assert derived == CourtCodeInfo("川01", "intermediate", "四川省", "510100", None, None, False)


def test_describe_basic_courts():
    assert describe_court_code("京0105") == CourtCodeInfo(
        "京0105", "basic", "北京市", "110105", None, "北京市朝阳区人民法院", True
    )
    derived = describe_court_code("黔2731")
    assert derived == CourtCodeInfo("黔2731", "basic", "贵州省", "522731", None, None, False)
    # 90 in a county code is a county-level unit under the province, not a special court.
    assert describe_court_code("鄂9004").division_code == "429004"
    assert describe_court_code("鄂9004").special is None


@pytest.mark.parametrize(
    ("code", "special"),
    [
        ("京73", "知识产权法院"),
        ("沪72", "海事法院"),
        ("京71", "铁路运输法院"),
        ("黑74", "油田法院"),
        ("黑75", "林区法院"),
        ("黑80", "林区法院"),
        ("黑81", "农垦法院"),
        ("黑85", "农垦法院"),
        ("京87", "跨行政区划法院"),
        ("沪95", "跨行政区划法院"),
        ("京96", "其他专门法院"),
        ("京99", "其他专门法院"),
        ("京7101", "铁路运输法院"),
    ],
)
def test_special_court_ranges(code, special):
    info = describe_court_code(code)
    assert info.special == special
    assert info.division_code is None


def test_ordinary_numbers_are_not_special():
    assert describe_court_code("粤86").special is None
    assert describe_court_code("粤70").special is None


def test_verified_only_for_curated_codes():
    assert describe_court_code("京73") == CourtCodeInfo(
        "京73", "intermediate", "北京市", None, "知识产权法院", "北京知识产权法院", True
    )
    unknown = describe_court_code("粤72")
    assert (unknown.special, unknown.name, unknown.verified) == ("海事法院", None, False)
    assert all(describe_court_code(code).verified for code in CURATED)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", "请输入法院代字"),
        (None, "请输入法院代字"),
        ("浦", "无法识别法院代字“浦”"),
        ("京二中", "无法识别法院代字"),
        ("0105", "无法识别法院代字"),
        ("京1", "应为2位"),
        ("京010", "应为2位"),
        ("京010501", "应为2位"),
        ("京０１", "应为2位"),
        ("京00", "不能以“00”开头"),
        ("京0001", "不能以“00”开头"),
    ],
)
def test_describe_rejects_malformed_codes(code, error):
    with pytest.raises(ValueError, match=error):
        describe_court_code(code)
