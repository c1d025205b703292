"""Statutory periods a caller asks about: appeal, retrial and enforcement applications, trial time limits.

Counted by 民事诉讼法 art. 85 (the start day is not counted; a period ending on a rest day ends on the
next working day) and 民法典 art. 202 (months and years end on the corresponding day), over the national
holiday table with its make-up days. A period that reaches into a year whose State Council arrangement is
not entered yet is counted over that year's statutory holidays as computed from the holiday rules, and
says so (``reliable`` false, with the ``reason``).
"""

import datetime as dt
from dataclasses import dataclass

from court12368.core.worktime import WorkCalendar, add_months
from court12368.courts.calendars import holiday_caveat, national_calendar


@dataclass(frozen=True)
class Period:
    label: str
    days: int = 0
    months: int = 0
    years: int = 0
    basis: str = ""
    starts: str = "送达之日"


PERIODS = {
    "civil_judgment_appeal": Period("民事判决上诉期", days=15, basis="民事诉讼法第一百七十一条"),
    "civil_ruling_appeal": Period("民事裁定上诉期", days=10, basis="民事诉讼法第一百七十一条"),
    "civil_appeal_no_domicile": Period(
        "在中国领域内没有住所的当事人上诉期", days=30, basis="民事诉讼法第二百八十六条"
    ),
    "criminal_judgment_appeal": Period(
        "刑事判决上诉、抗诉期", days=10, basis="刑事诉讼法第二百三十条", starts="接到判决书的第二日起算"
    ),
    "criminal_ruling_appeal": Period(
        "刑事裁定上诉、抗诉期", days=5, basis="刑事诉讼法第二百三十条", starts="接到裁定书的第二日起算"
    ),
    "admin_judgment_appeal": Period("行政判决上诉期", days=15, basis="行政诉讼法第八十五条"),
    "admin_ruling_appeal": Period("行政裁定上诉期", days=10, basis="行政诉讼法第八十五条"),
    "retrial_application": Period(
        "申请再审期限", months=6, basis="民事诉讼法第二百一十六条", starts="判决、裁定发生法律效力之日"
    ),
    "enforcement_application": Period(
        "申请执行期间", years=2, basis="民事诉讼法第二百五十条", starts="法律文书规定履行期间的最后一日"
    ),
    "civil_ordinary_limit": Period(
        "普通程序审限", months=6, basis="民事诉讼法第一百五十二条", starts="立案之日"
    ),
    "civil_summary_limit": Period(
        "简易程序审限", months=3, basis="民事诉讼法第一百六十四条", starts="立案之日"
    ),
    "small_claims_limit": Period(
        "小额诉讼审限", months=2, basis="民事诉讼法第一百六十八条", starts="立案之日"
    ),
    "civil_second_instance_judgment_limit": Period(
        "二审判决上诉案件审限", months=3, basis="民事诉讼法第一百八十三条", starts="第二审立案之日"
    ),
    "civil_second_instance_ruling_limit": Period(
        "二审裁定上诉案件审限", days=30, basis="民事诉讼法第一百八十三条", starts="第二审立案之日"
    ),
}


class PeriodError(ValueError):
    pass


FIRST_YEAR, LAST_YEAR = 1949, 2199  # beyond any case; date arithmetic past year 9999 would overflow


def _length(period: Period) -> str:
    if period.years:
        return f"{period.years}年"
    if period.months:
        return f"{period.months}个月"
    return f"{period.days}日"


def last_day(calendar: WorkCalendar, kind: str, start: dt.date) -> dict:
    """The last day of the period, how it was reached and on what legal basis."""
    period = PERIODS.get(kind)
    if period is None:
        raise PeriodError(f"不支持的期限类型“{kind}”")
    if not FIRST_YEAR <= start.year <= LAST_YEAR:
        raise PeriodError(f"起算日期须在{FIRST_YEAR}年至{LAST_YEAR}年之间")
    end = calendar.period_end(start, days=period.days, months=period.months, years=period.years)
    nominal = add_months(start, period.months + 12 * period.years) + dt.timedelta(days=period.days)
    return {
        "kind": kind,
        "label": period.label,
        "start": start.isoformat(),
        "last_day": end.isoformat(),
        "nominal_last_day": nominal.isoformat(),
        "rolled_over": end != nominal,
        "rule": (
            f"自{period.starts}起算{_length(period)}，起算日不计入；期间届满的最后一日是法定休假日的，"
            "以法定休假日后的第一日为期间届满的日期"
        ),
        "basis": [period.basis, "民事诉讼法第八十五条", "民法典第二百零二条"],
        "reliable": calendar.covers(start, end),
    }


def last_day_in_china(kind: str, start: dt.date) -> dict:
    """:func:`last_day` over the State Council's calendar, with ``reason``: why it may still change
    ("" when every year it reaches has its arrangement entered)."""
    result = last_day(national_calendar(), kind, start)
    end = dt.date.fromisoformat(result["last_day"])
    result["reason"] = "" if result["reliable"] else holiday_caveat(start, end)
    return result
