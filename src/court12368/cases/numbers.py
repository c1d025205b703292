"""Case numbers (案号) per the SPC rules 法〔2015〕137号 as amended by 法〔2018〕335号.

Layout: ``（收案年度）`` + 法院代字 + [专门审判代字] + 类型代字 + 案件编号 + ``号``, e.g.
``（2019）沪0115民初61975号``. Pre-2016 numbers (``（2014）民一终字第174号``) are accepted as legacy.
"""

import datetime as dt
import re
from dataclasses import asdict, dataclass

from court12368.courts.codes import COURT_ABBREVIATIONS, SUPREME_CODE

# 类型代字 from the standard, by group (the group names themselves are not codes). 民诉前调 (2018
# amendment) is the one code longer than three characters.
TYPE_CODE_GROUPS: dict[str, str] = {
    "管辖": "刑辖 民辖 民辖终 民辖监 行辖 行辖终 赔辖 赔辖终",
    "刑事": "刑初 刑终 刑监 刑申 刑抗 刑再 刑没 刑核 刑医 刑医解 刑医复 刑医监 "
    "刑止 刑止调 刑止核 刑更 刑更监 刑更备 刑他",
    "民事": "民初 民终 民监 民申 民抗 民再 民撤 民特 民特监 民催 民督 民督监 民他 民诉前调",
    "行政": "行初 行终 行监 行申 行抗 行再 行审 行审复 行他",
    "国家赔偿": "行赔初 行赔终 行赔监 行赔申 行赔抗 行赔再 法赔 委赔 委赔监 委赔提 委赔再 赔他",
    "司法救助": "司救刑 司救民 司救行 司救赔 司救执 司救访 司救他",
    "区际司法协助": "认台 认港 认澳 认复 认他 请台送 请港送 请澳送 台请送 港请送 澳请送 "
    "请台调 请港调 请澳调 台请调 港请调 澳请调 请移管 助移管 请移赃 助移赃",
    "国际司法协助": "协外认 协他 协外送 请外送 协外调 请外调 请外移 协外移 请外引 协外引",
    "司法制裁": "司惩 司惩复",
    "非诉保全": "财保 行保 行保复 证保",
    "执行": "执 执恢 执保 执异 执复 执监 执协 执他",
    "强制清算与破产": "清申 破申 清终 破终 清监 破监 强清 破",
}
TYPE_CODES: frozenset[str] = frozenset(code for codes in TYPE_CODE_GROUPS.values() for code in codes.split())

# 专门审判代字: precedes the type code (（2019）最高法知民终1号). Extend here as the SPC adds more.
SPECIAL_CODES: frozenset[str] = frozenset({"知"})

MIN_YEAR = 1949

_FIELDS = (
    "year",
    "court_code",
    "special_code",
    "type_code",
    "number",
    "number_end",
    "suffix",
    "legacy",
)

# Real text mixes bracket styles, digit widths and dashes; fold them all before parsing.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        **dict.fromkeys("(〔[【［﹝〖", "（"),
        **dict.fromkeys(")〕]】］﹞〗", "）"),
        **dict.fromkeys("－—–‐‑~～至", "-"),
    }
)
_SPACE_RE = re.compile(r"\s+")
_YEAR_RE = re.compile(r"（(?P<year>[^）]*)）")
_SUFFIX_AFTER_RE = re.compile(r"号之(?P<s>[一二三四五六七八九十]+)$")
_SUFFIX_BEFORE_RE = re.compile(r"之(?P<s>[一二三四五六七八九十]+)号$")
_NUMBER_RE = re.compile(r"(?P<start>[0-9]+)(?:-(?P<end>[0-9]+))?")
_CODES_RE = re.compile(r"(?P<codes>[^0-9+-]*)(?P<number>.*)")
# In legacy numbers the court part (浦, 京二中, 穗中法) ends where the case-type characters begin.
_LEGACY_TYPE_START = "民刑行执赔知商立破清"


class CaseNumberError(ValueError):
    """A case number that cannot be parsed; ``message`` explains why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court_code: str
    special_code: str | None
    type_code: str
    number: int
    number_end: int | None
    suffix: str | None
    legacy: bool
    normalized: str

    def to_dict(self) -> dict:
        return {"valid": True, **asdict(self), "error": None}


def _canonical_tail(number: int, number_end: int | None, suffix: str | None) -> str:
    span = f"{number}-{number_end}" if number_end is not None else str(number)
    return f"{span}号{suffix or ''}"


def _parse_year(text: str) -> tuple[int, str]:
    """The year and the rest of the text after its brackets."""
    if not text.startswith("（"):
        if re.match(r"[0-9]{4}", text):
            raise CaseNumberError(f"收案年度应加括号（应以“（{text[:4]}）”开头）")
        raise CaseNumberError("缺少收案年度（应以“（2019）”开头）")
    match = _YEAR_RE.match(text)
    if match is None:
        raise CaseNumberError("收案年度缺少右括号（应以“（2019）”开头）")
    raw = match["year"]
    if not re.fullmatch(r"[0-9]{4}", raw):
        raise CaseNumberError(f"收案年度“{raw}”应为4位数字，如“（2019）”")
    year, latest = int(raw), dt.date.today().year + 1
    if not MIN_YEAR <= year <= latest:
        raise CaseNumberError(f"收案年度“{raw}”不合理（应在{MIN_YEAR}年至{latest}年之间）")
    return year, text[match.end() :]


def _split_suffix(rest: str) -> tuple[str, str | None]:
    """The text up to (without) the final 号, and the 之一-style suffix if any."""
    for pattern in (_SUFFIX_AFTER_RE, _SUFFIX_BEFORE_RE):
        match = pattern.search(rest)
        if match:
            return rest[: match.start()], f"之{match['s']}"
    if not rest.endswith("号"):
        raise CaseNumberError("案号应以“号”结尾")
    return rest[:-1], None


def _parse_number(text: str) -> tuple[int, int | None]:
    if not text:
        raise CaseNumberError("缺少案件编号")
    match = _NUMBER_RE.fullmatch(text)
    if match is None:
        raise CaseNumberError(f"案件编号“{text}”格式不正确（应为正整数，或“18775-18776”形式的范围）")
    start = int(match["start"])
    end = int(match["end"]) if match["end"] is not None else None
    if start == 0:
        raise CaseNumberError("案件编号应为正整数，不能为0")
    if end is not None and end <= start:
        raise CaseNumberError("案件编号范围的结束号应大于起始号")
    return start, end


def _parse_court(body: str) -> tuple[str, str]:
    """The court code and the text after it."""
    if body.startswith(SUPREME_CODE):
        rest = body[len(SUPREME_CODE) :]
        if rest[:1].isdigit():
            raise CaseNumberError("法院代字“最高法”后不应有数字")
        return SUPREME_CODE, rest
    if not body or body[0].isdigit():
        raise CaseNumberError("缺少法院代字（应为“最高法”或省级简称，如“京”“沪0115”）")
    head = re.match(r"\D[0-9]*", body)[0]
    abbr, digits = head[0], head[1:]
    if abbr not in COURT_ABBREVIATIONS:
        raise CaseNumberError(f"无法识别法院代字“{head}”（应为“最高法”，或省级简称加数字，如“京73”“沪0115”）")
    if len(digits) not in (0, 2, 4):
        if len(head) == len(body) and len(digits) > 4:
            raise CaseNumberError("缺少类型代字")
        raise CaseNumberError(f"法院代字“{head}”的数字部分应为2位（中级法院）或4位（基层法院）")
    return head, body[len(head) :]


def _parse_codes(codes: str) -> tuple[str | None, str]:
    """Split 专门审判代字 + 类型代字. The codes run up to the first digit, so matching the whole run
    (rather than a prefix) is what keeps 执 from shadowing 执恢, or 民 from shadowing 民初."""
    if not codes:
        raise CaseNumberError("缺少类型代字")
    if codes in TYPE_CODES:
        return None, codes
    for special in sorted(SPECIAL_CODES, key=len, reverse=True):
        if codes.startswith(special) and codes[len(special) :] in TYPE_CODES:
            return special, codes[len(special) :]
    if codes.endswith("第"):
        raise CaseNumberError(f"无法识别类型代字“{codes}”（2016年起的案号不再使用“第”字）")
    raise CaseNumberError(f"无法识别类型代字“{codes}”")


def _parse_legacy(year: int, body: str, suffix: str | None) -> CaseNumber:
    head, _, number_text = body.rpartition("字第")
    if not head:
        raise CaseNumberError("旧式案号在“字第”前缺少类型代字")
    number, number_end = _parse_number(number_text)
    cut = next((i for i, char in enumerate(head) if char in _LEGACY_TYPE_START), 0)
    normalized = f"（{year}）{head}字第{_canonical_tail(number, number_end, suffix)}"
    return CaseNumber(year, head[:cut], None, head[cut:], number, number_end, suffix, True, normalized)


def parse_case_number(text: str) -> CaseNumber:
    """Parse and normalise a case number; raises CaseNumberError with a Chinese reason."""
    if text is None or not str(text).strip():
        raise CaseNumberError("请输入案号")
    if not isinstance(text, str):
        raise CaseNumberError("案号应为文本")
    folded = _SPACE_RE.sub("", text.translate(_FOLD))
    year, rest = _parse_year(folded)
    if not rest:
        raise CaseNumberError("收案年度后缺少法院代字、类型代字和案件编号")
    body, suffix = _split_suffix(rest)
    if "字第" in body:
        return _parse_legacy(year, body, suffix)
    court, rest = _parse_court(body)
    split = _CODES_RE.fullmatch(rest)
    special, type_code = _parse_codes(split["codes"])
    number, number_end = _parse_number(split["number"])
    prefix = f"（{year}）{court}{special or ''}{type_code}"
    normalized = prefix + _canonical_tail(number, number_end, suffix)
    return CaseNumber(year, court, special, type_code, number, number_end, suffix, False, normalized)


def check_case_number(text: str) -> dict:
    """Like parse_case_number, but never raises: a dict with ``valid`` and ``error`` instead."""
    try:
        return parse_case_number(text).to_dict()
    except CaseNumberError as exc:
        return {
            "valid": False,
            "normalized": None,
            **dict.fromkeys(_FIELDS),
            "legacy": False,
            "error": exc.message,
        }
