"""Court codes (法院代字) used in case numbers: the curated table, and derivation from division codes.

No complete public table of court codes exists, so a small curated (verified) table ships here and
everything else is derived from the layout rules and reported as unverified.
"""

import re
from dataclasses import dataclass

SUPREME_CODE = "最高法"

# 2-digit province prefix of the administrative division code (GB/T 2260) -> (abbreviation, name).
PROVINCES: dict[str, tuple[str, str]] = {
    "11": ("京", "北京市"),
    "12": ("津", "天津市"),
    "13": ("冀", "河北省"),
    "14": ("晋", "山西省"),
    "15": ("内", "内蒙古自治区"),
    "21": ("辽", "辽宁省"),
    "22": ("吉", "吉林省"),
    "23": ("黑", "黑龙江省"),
    "31": ("沪", "上海市"),
    "32": ("苏", "江苏省"),
    "33": ("浙", "浙江省"),
    "34": ("皖", "安徽省"),
    "35": ("闽", "福建省"),
    "36": ("赣", "江西省"),
    "37": ("鲁", "山东省"),
    "41": ("豫", "河南省"),
    "42": ("鄂", "湖北省"),
    "43": ("湘", "湖南省"),
    "44": ("粤", "广东省"),
    "45": ("桂", "广西壮族自治区"),
    "46": ("琼", "海南省"),
    "50": ("渝", "重庆市"),
    "51": ("川", "四川省"),
    "52": ("黔", "贵州省"),
    "53": ("云", "云南省"),
    "54": ("藏", "西藏自治区"),
    "61": ("陕", "陕西省"),
    "62": ("甘", "甘肃省"),
    "63": ("青", "青海省"),
    "64": ("宁", "宁夏回族自治区"),
    "65": ("新", "新疆维吾尔自治区"),
}

# Court systems with a high-court-level code but no administrative division of their own.
EXTRA_ABBREVIATIONS: dict[str, str] = {"军": "军事法院", "兵": "新疆生产建设兵团"}

# The municipalities number their intermediate courts by court (京01–京04), not by division.
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})

_BY_ABBREVIATION: dict[str, tuple[str, str]] = {
    abbr: (prefix, name) for prefix, (abbr, name) in PROVINCES.items()
}

COURT_ABBREVIATIONS: frozenset[str] = frozenset(_BY_ABBREVIATION) | frozenset(EXTRA_ABBREVIATIONS)

# Special intermediate-court numbers (digits 1–2 after the abbreviation) -> kind of court.
SPECIAL_RANGES: tuple[tuple[range, str], ...] = (
    (range(71, 72), "铁路运输法院"),
    (range(72, 73), "海事法院"),
    (range(73, 74), "知识产权法院"),
    (range(74, 75), "油田法院"),
    (range(75, 81), "林区法院"),
    (range(81, 86), "农垦法院"),
    (range(87, 96), "跨行政区划法院"),
    (range(96, 100), "其他专门法院"),
)

# Verified code -> court name. Only names known with confidence belong here.
CURATED: dict[str, str] = {
    SUPREME_CODE: "最高人民法院",
    **{abbr: f"{name}高级人民法院" for abbr, name in PROVINCES.values()},
    "兵": "新疆维吾尔自治区高级人民法院生产建设兵团分院",
    "京01": "北京市第一中级人民法院",
    "京02": "北京市第二中级人民法院",
    "京03": "北京市第三中级人民法院",
    "京04": "北京市第四中级人民法院",
    "沪01": "上海市第一中级人民法院",
    "沪02": "上海市第二中级人民法院",
    "京73": "北京知识产权法院",
    "沪73": "上海知识产权法院",
    "粤73": "广州知识产权法院",
    "粤07": "广东省江门市中级人民法院",
    "京0101": "北京市东城区人民法院",
    "京0102": "北京市西城区人民法院",
    "京0105": "北京市朝阳区人民法院",
    "京0107": "北京市石景山区人民法院",
    "京0108": "北京市海淀区人民法院",
    "京0112": "北京市通州区人民法院",
    "沪0115": "上海市浦东新区人民法院",
    "粤0703": "广东省江门市蓬江区人民法院",
}

LEVELS = ("supreme", "high", "intermediate", "basic")

_CODE_RE = re.compile(r"(?P<abbr>\D)(?P<digits>\d*)")
_DIVISION_RE = re.compile(r"[0-9]{6}")


@dataclass(frozen=True)
class CourtCodeInfo:
    code: str
    level: str  # one of LEVELS
    province: str | None
    division_code: str | None
    special: str | None
    name: str | None
    verified: bool


def special_kind(number: str) -> str | None:
    """The kind of special court for a 2-digit intermediate number, or None for an ordinary one."""
    value = int(number)
    for numbers, kind in SPECIAL_RANGES:
        if value in numbers:
            return kind
    return None


def describe_court_code(code: str) -> CourtCodeInfo:
    """What a court code says about its court; raises ValueError (Chinese message) if malformed."""
    if not isinstance(code, str) or not code.strip():
        raise ValueError("请输入法院代字")
    code = code.strip()
    name = CURATED.get(code)
    if code == SUPREME_CODE:
        return CourtCodeInfo(code, "supreme", None, None, None, name, True)
    match = _CODE_RE.fullmatch(code)
    if match is None or match["abbr"] not in COURT_ABBREVIATIONS:
        raise ValueError(
            f"无法识别法院代字“{code}”（应为“最高法”，或省级简称加2位或4位数字，如“京73”“沪0115”）"
        )
    abbr, digits = match["abbr"], match["digits"]
    if not digits.isascii() or len(digits) not in (0, 2, 4):
        raise ValueError(f"法院代字“{code}”的数字部分应为2位（中级法院）或4位（基层法院）")
    prefix, province = _BY_ABBREVIATION.get(abbr) or (None, EXTRA_ABBREVIATIONS[abbr])
    verified = name is not None
    if not digits:
        return CourtCodeInfo(code, "high", province, prefix and f"{prefix}0000", None, name, verified)
    if digits.startswith("00"):
        raise ValueError(f"法院代字“{code}”的数字部分不能以“00”开头")
    special = special_kind(digits[:2])
    # 90 in a county code means "county-level unit directly under the province" (e.g. 仙桃), so a
    # basic court there keeps its division code; as an intermediate number it is a special court.
    if len(digits) == 4 and digits[:2] == "90":
        special = None
    # Municipal intermediate numbers are per court, and special courts have no division at all.
    no_division = prefix is None or special is not None or (len(digits) == 2 and prefix in MUNICIPALITIES)
    if len(digits) == 2:
        division = None if no_division else f"{prefix}{digits}00"
        return CourtCodeInfo(code, "intermediate", province, division, special, name, verified)
    division = None if no_division else f"{prefix}{digits}"
    return CourtCodeInfo(code, "basic", province, division, special, name, verified)


def derive_court_code(division_code: str) -> str:
    """The court code for a 6-digit administrative division code: "110105" -> "京0105"."""
    if not isinstance(division_code, str) or not _DIVISION_RE.fullmatch(division_code.strip()):
        raise ValueError(f"行政区划代码“{division_code}”应为6位数字")
    division_code = division_code.strip()
    prefix, prefecture, county = division_code[:2], division_code[2:4], division_code[4:]
    if prefix not in PROVINCES:
        raise ValueError(f"行政区划代码“{division_code}”的前两位“{prefix}”不是省级行政区代码")
    abbr, province = PROVINCES[prefix]
    if prefecture == "00":
        if county != "00":
            raise ValueError(f"行政区划代码“{division_code}”无效：第3–4位为“00”时第5–6位也应为“00”")
        return abbr
    if county == "00":
        if prefix in MUNICIPALITIES:
            raise ValueError(
                f"{province}是直辖市，其中级法院按法院编为{abbr}01–{abbr}04等，不按行政区划代码编号，"
                f"无法由“{division_code}”推导"
            )
        if prefecture == "90":
            raise ValueError(f"“{division_code}”是省直辖县级行政区划的汇总代码，不对应中级法院")
        return f"{abbr}{prefecture}"
    return f"{abbr}{prefecture}{county}"
