"""The statutory holidays of a year, computed from 《全国年节及纪念日放假办法》 (as revised in 2024, in force
from 2025): 元旦 1 day, 春节 4 days (除夕 to 正月初三), 清明 1 day (the solar term), 劳动节 2 days, 端午 1 day
(lunar 5/5), 中秋 1 day (lunar 8/15), 国庆 3 days.

These are the days the law gives; the State Council's yearly arrangement adds bridging rest days and the
make-up working days (调休) that pay for them, which no rule predicts. A year computed here is therefore
provisional until its arrangement is entered. Lunar dates and the 清明 solar term come from lunar-python
(computed astronomically, not typed in). Pure: no database.
"""

import datetime as dt
from functools import lru_cache

from lunar_python import Lunar, Solar

# The 2024 revision (国务院令第795号) took effect on 2025-01-01; earlier years followed other rules and are
# in the published tables anyway.
FIRST_RULES_YEAR = 2025
LAST_RULES_YEAR = 2099  # lunar-python's solar terms are tabulated well beyond; no case looks further

ONE_DAY = dt.timedelta(days=1)

# The names the published tables use (chinese-calendar's), so computed and entered years read alike.
NEW_YEAR = "元旦"
SPRING_FESTIVAL = "春节"
QINGMING = "清明"
LABOUR_DAY = "劳动节"
DRAGON_BOAT = "端午"
MID_AUTUMN = "中秋"
NATIONAL_DAY = "国庆节"
HOLIDAY_NAMES = (NEW_YEAR, SPRING_FESTIVAL, QINGMING, LABOUR_DAY, DRAGON_BOAT, MID_AUTUMN, NATIONAL_DAY)


class OutsideTheRules(ValueError):
    """A year the current holiday rules do not govern (or the lunar tables do not reach)."""


def _lunar(year: int, month: int, day: int) -> dt.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> dt.date:
    # The lunar year around mid-year holds that spring's 清明 (4-6 April).
    solar = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()["清明"]
    day = dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
    if day.year != year:  # pragma: no cover - a guard on the library, never seen
        raise OutsideTheRules(f"清明 of {year} not found")
    return day


def _run(first: dt.date, days: int, name: str) -> list[tuple[dt.date, str]]:
    return [(first + n * ONE_DAY, name) for n in range(days)]


@lru_cache(maxsize=256)
def statutory_holidays(year: int) -> tuple[tuple[dt.date, str], ...]:
    """Every statutory holiday of ``year`` with its name, in date order (no bridging days, no make-up
    working days)."""
    if not FIRST_RULES_YEAR <= year <= LAST_RULES_YEAR:
        raise OutsideTheRules(f"the holiday rules in force govern {FIRST_RULES_YEAR}-{LAST_RULES_YEAR}")
    # 除夕 is the last day of the 12th lunar month, the eve of 正月初一 (which always falls in January
    # or February of the same solar year).
    new_years_eve = _lunar(year, 1, 1) - ONE_DAY
    days = [
        *_run(dt.date(year, 1, 1), 1, NEW_YEAR),
        *_run(new_years_eve, 4, SPRING_FESTIVAL),
        *_run(_qingming(year), 1, QINGMING),
        *_run(dt.date(year, 5, 1), 2, LABOUR_DAY),
        *_run(_lunar(year, 5, 5), 1, DRAGON_BOAT),
        *_run(_lunar(year, 8, 15), 1, MID_AUTUMN),
        *_run(dt.date(year, 10, 1), 3, NATIONAL_DAY),
    ]
    # 中秋 can fall within 国庆 (2025-10-06 did not, 2028-10-03 does): one rest day, named for 中秋.
    by_date: dict[dt.date, str] = {}
    for day, name in days:
        if day not in by_date or name == MID_AUTUMN:
            by_date[day] = name
    return tuple(sorted(by_date.items()))


def governs(year: int) -> bool:
    return FIRST_RULES_YEAR <= year <= LAST_RULES_YEAR


def name_days(year: int, holidays: set[dt.date], workdays: set[dt.date]) -> dict[dt.date, str]:
    """Names for days marked on a grid: a statutory day keeps its own; the other days of a break take the
    name of the first statutory holiday in it (2025's 10-07 is 国庆节), and a make-up working day the name
    of the nearest statutory holiday."""
    statutory = dict(statutory_holidays(year)) if governs(year) else {}
    names: dict[dt.date, str] = {}
    for day in sorted(holidays):
        if day in statutory:
            names[day] = statutory[day]
            continue
        names[day] = _name_of_break(day, holidays, statutory) or _nearest(day, statutory)
    for day in workdays:
        names[day] = _nearest(day, statutory)
    return names


def _rest(day: dt.date, holidays: set[dt.date]) -> bool:
    return day in holidays or day.weekday() >= 5


def _name_of_break(day: dt.date, holidays: set[dt.date], statutory: dict[dt.date, str]) -> str:
    first = day
    while _rest(first - ONE_DAY, holidays):
        first -= ONE_DAY
    probe = first
    while _rest(probe, holidays):
        if probe in statutory:
            return statutory[probe]
        probe += ONE_DAY
    return ""


def _nearest(day: dt.date, statutory: dict[dt.date, str]) -> str:
    if not statutory:
        return ""
    closest = min(statutory, key=lambda other: abs((other - day).days))
    return statutory[closest] if abs((closest - day).days) <= 14 else ""
