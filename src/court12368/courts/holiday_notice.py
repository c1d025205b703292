"""Reading the State Council's yearly notice (国务院办公厅关于某年部分节假日安排的通知) as pasted by a
platform administrator, line by line:

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、
    2月28日（周六）上班。

A line counts when it starts with a holiday's name and a colon; the heading, the preamble and the closing
paragraph are passed over. What is in brackets (weekdays, lunar dates) is left aside. Pure: no database.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from court12368.courts import holiday_rules

HOLIDAY = "holiday"
WORKDAY = "workday"
ONE_DAY = dt.timedelta(days=1)

# The words a line's label may hold, and the name its days are stored under (the tables' names).
LABELS = (
    ("元旦", holiday_rules.NEW_YEAR),
    ("春节", holiday_rules.SPRING_FESTIVAL),
    ("清明", holiday_rules.QINGMING),
    ("劳动", holiday_rules.LABOUR_DAY),
    ("端午", holiday_rules.DRAGON_BOAT),
    ("国庆", holiday_rules.NATIONAL_DAY),
    ("中秋", holiday_rules.MID_AUTUMN),
)
_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]\s*|\d+[、.]\s*)?(?P<label>[^:]{1,16}):(?P<body>.*)$")
_BRACKETS = re.compile(r"\([^)]*\)")
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?P<{p}m>\d{{1,2}})月(?P<{p}d>\d{{1,2}})日"
_RANGE = re.compile(
    _DATE.format(p="a")
    + r"(?:\s*(?:至|到|-|~|—)\s*(?:(?P<by>\d{4})年)?(?:(?P<bm>\d{1,2})月)?(?P<bd>\d{1,2})日)?"
)
_TOTAL = re.compile(r"共(\d+)天")


@dataclass
class ParsedNotice:
    year: int
    kinds: dict[dt.date, str] = field(default_factory=dict)  # date → "holiday" or "workday"
    names: dict[dt.date, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.kinds)


def parse_notice(text: str, year: int) -> ParsedNotice:
    """The holidays and make-up working days a notice gives for ``year``, with what could not be read."""
    parsed = ParsedNotice(year=year)
    lines_read = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        # NFKC folds full-width digits, colons and brackets (：（）) into their ASCII forms.
        line = unicodedata.normalize("NFKC", raw).strip()
        match = _LINE.match(line)
        names = [name for word, name in LABELS if match and word in match["label"]]
        if not names:
            continue
        lines_read += 1
        _read_line(parsed, number, names[0], _BRACKETS.sub("", match["body"]))
    if not lines_read:
        parsed.errors.append(_("No line of the notice was recognised (e.g. “元旦：1月1日放假，共1天。”)."))
    check_against_rules(parsed)
    return parsed


def _read_line(parsed: ParsedNotice, number: int, name: str, body: str) -> None:
    found = False
    for clause in re.split(r"[。;；]", body):
        if "上班" in clause:
            for match in _RANGE.finditer(clause):
                for day in _days(parsed, number, match):
                    found = _mark(parsed, number, day, WORKDAY, name) or found
        elif "放假" in clause or "休息" in clause:
            marked = 0
            for match in _RANGE.finditer(clause):
                for day in _days(parsed, number, match):
                    found = _mark(parsed, number, day, HOLIDAY, name) or found
                    marked += 1
            total = _TOTAL.search(clause)
            if total and int(total.group(1)) != marked:
                parsed.warnings.append(
                    _("Line %(line)d says %(said)s days off but lists %(count)d.")
                    % {"line": number, "said": total.group(1), "count": marked}
                )
    if not found:
        parsed.errors.append(
            _("Line %(line)d names %(name)s but gives no date.") % {"line": number, "name": name}
        )


def _days(parsed: ParsedNotice, number: int, match: re.Match) -> list[dt.date]:
    try:
        first = dt.date(int(match["ay"] or parsed.year), int(match["am"]), int(match["ad"]))
        if match["bd"] is None:
            return [first]
        last = dt.date(int(match["by"] or first.year), int(match["bm"] or first.month), int(match["bd"]))
    except ValueError:
        parsed.errors.append(_("Line %(line)d has a date that does not exist: %(text)s") % {
            "line": number, "text": match.group(0)})  # fmt: skip
        return []
    if last < first or (last - first).days > 31:
        parsed.errors.append(_("Line %(line)d has a range that runs backwards or too far: %(text)s") % {
            "line": number, "text": match.group(0)})  # fmt: skip
        return []
    return [first + n * ONE_DAY for n in range((last - first).days + 1)]


def _mark(parsed: ParsedNotice, number: int, day: dt.date, kind: str, name: str) -> bool:
    if day.year != parsed.year:
        parsed.errors.append(
            _("Line %(line)d: %(date)s is not in %(year)d; enter it in that year's table.")
            % {"line": number, "date": day.isoformat(), "year": parsed.year}
        )
        return False
    if parsed.kinds.get(day, kind) != kind:
        parsed.errors.append(
            _("Line %(line)d: %(date)s is given both as a rest day and as a working day.")
            % {"line": number, "date": day.isoformat()}
        )
        return False
    parsed.kinds[day] = kind
    # A statutory day keeps its own name where one line covers two holidays (2025's 国庆节、中秋节).
    parsed.names[day] = _statutory(parsed.year).get(day, name) if kind == HOLIDAY else name
    return True


def _statutory(year: int) -> dict[dt.date, str]:
    return dict(holiday_rules.statutory_holidays(year)) if holiday_rules.governs(year) else {}


def names_for(year: int, kinds: dict[dt.date, str]) -> dict[dt.date, str]:
    """Names for the days of a grid (which marks kinds only)."""
    rest = {day for day, kind in kinds.items() if kind == HOLIDAY}
    return holiday_rules.name_days(year, rest, set(kinds) - rest)


def check_against_rules(parsed: ParsedNotice) -> None:
    """Errors no table may have, and warnings where it departs from the statutory holidays: a make-up
    working day must be a Saturday or Sunday, and every statutory holiday should be a rest day."""
    for day, kind in sorted(parsed.kinds.items()):
        if kind == WORKDAY and day.weekday() < 5:
            parsed.errors.append(
                _("%(date)s is a weekday: only a Saturday or Sunday can be a make-up working day.")
                % {"date": day.isoformat()}
            )
    if not holiday_rules.governs(parsed.year):
        return
    for day, name in holiday_rules.statutory_holidays(parsed.year):
        if parsed.kinds.get(day) != HOLIDAY:
            parsed.warnings.append(
                _("%(date)s (%(name)s) is a statutory holiday but is not marked as a rest day.")
                % {"date": day.isoformat(), "name": name}
            )
