"""The statutory holidays of a year computed from 《全国年节及纪念日放假办法》 (2024 revision), checked
against the published years the package carries, and the State Council notice read line by line."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lunar_python import Lunar, LunarMonth, Solar

from court12368.courts import holiday_rules
from court12368.courts.holiday_notice import HOLIDAY, WORKDAY, names_for, parse_notice
from court12368.courts.holiday_rules import OutsideTheRules, statutory_holidays
from court12368.courts.services import package_days

# The State Council's notices for 2025 and 2026 as published (国务院办公厅关于2025年/2026年部分节假日安排的
# 通知), with the preamble and closing paragraph a platform administrator is likely to paste along.
NOTICE_2025 = """国务院办公厅关于2025年部分节假日安排的通知
经国务院批准，现将2025年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
"""
NOTICE_2026 = """一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
"""


def _solar(solar) -> dt.date:
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


# ---- the rules --------------------------------------------------------------------------------------
@pytest.mark.parametrize("year", [2025, 2026])
def test_the_statutory_days_of_published_years_are_rest_days_there_under_the_same_names(year):
    published = {day: name for day, kind, name in package_days(year) if kind == "holiday"}
    computed = dict(statutory_holidays(year))
    assert len(computed) == 13
    assert computed.items() <= published.items()  # every statutory day, named as the tables name it


def test_2027_is_computed_from_the_lunar_calendar():
    computed = statutory_holidays(2027)
    spring = [day for day, name in computed if name == "春节"]
    # 除夕 is the last day of the 12th month of lunar year 2026, whatever its length.
    last_month = LunarMonth.fromYm(2026, 12)
    eve = _solar(Lunar.fromYmd(2026, 12, last_month.getDayCount()).getSolar())
    assert spring == [eve + dt.timedelta(days=n) for n in range(4)]
    assert eve == dt.date(2027, 2, 5)
    assert dt.date(2027, 1, 1) in dict(computed)
    assert dict(computed)[dt.date(2027, 10, 3)] == "国庆节"
    qingming = _solar(Solar.fromYmd(2027, 6, 1).getLunar().getJieQiTable()["清明"])
    assert dict(computed)[qingming] == "清明"


def test_mid_autumn_within_national_day_is_one_rest_day():
    computed = dict(statutory_holidays(2028))  # 中秋 2028 is 3 October
    assert computed[dt.date(2028, 10, 3)] == "中秋" and len(computed) == 12


@pytest.mark.parametrize("year", [2024, 2100])
def test_years_the_rules_do_not_govern_are_refused(year):
    with pytest.raises(OutsideTheRules):
        statutory_holidays(year)


@given(st.integers(min_value=holiday_rules.FIRST_RULES_YEAR, max_value=holiday_rules.LAST_RULES_YEAR))
def test_every_year_has_the_statutory_days_the_law_gives(year):
    computed = statutory_holidays(year)
    days = [day for day, _name in computed]
    assert days == sorted(set(days)) and all(day.year == year for day in days)
    named = {}
    for day, name in computed:
        named.setdefault(name, []).append(day)
    assert named["元旦"] == [dt.date(year, 1, 1)]
    eve = named["春节"][0]
    assert [(d - eve).days for d in named["春节"]] == [0, 1, 2, 3]
    lunar_new_year = (eve + dt.timedelta(days=1)).timetuple()[:3]
    assert Solar.fromYmd(*lunar_new_year).getLunar().getMonth() == 1
    assert Solar.fromYmd(*lunar_new_year).getLunar().getDay() == 1
    assert dt.date(year, 4, 4) <= named["清明"][0] <= dt.date(year, 4, 6)
    assert named["劳动节"] == [dt.date(year, 5, 1), dt.date(year, 5, 2)]
    for name, (month, day) in (("端午", (5, 5)), ("中秋", (8, 15))):
        lunar = Solar.fromYmd(*named[name][0].timetuple()[:3]).getLunar()
        assert (lunar.getMonth(), lunar.getDay()) == (month, day)
    assert len(named["国庆节"]) + (dt.date(year, 10, 1) <= named["中秋"][0] <= dt.date(year, 10, 3)) == 3


# ---- the notice -------------------------------------------------------------------------------------
@pytest.mark.parametrize(("year", "notice"), [(2025, NOTICE_2025), (2026, NOTICE_2026)])
def test_a_published_notice_reads_as_the_published_table(year, notice):
    parsed = parse_notice(notice, year)
    assert parsed.ok and not parsed.warnings
    published = {
        (day, HOLIDAY if kind == "holiday" else WORKDAY, name) for day, kind, name in package_days(year)
    }
    assert {(day, kind, parsed.names[day]) for day, kind in parsed.kinds.items()} == published


def test_the_short_form_and_full_width_digits_read_alike():
    text = (
        "元旦：1月1日放假，共1天。\n"
        "春节：２月１５日至２３日放假调休，共9天。2月14日（星期六）、2月28日（星期六）上班。"
    )
    parsed = parse_notice(text, 2026)
    assert not parsed.errors
    assert parsed.kinds[dt.date(2026, 2, 15)] == parsed.kinds[dt.date(2026, 2, 23)] == HOLIDAY
    assert parsed.kinds[dt.date(2026, 2, 28)] == WORKDAY
    assert sum(1 for kind in parsed.kinds.values() if kind == HOLIDAY) == 10
    # What the short paste leaves out of the law is pointed out, not guessed.
    assert any("2026-05-01" in warning and "劳动节" in warning for warning in parsed.warnings)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("春节：2月30日放假，共1天。", "不存在"),
        ("劳动节：5月1日至5日放假调休，共5天。5月6日（周三）上班。", "只有星期六或星期日"),
        ("元旦：1月1日放假。1月1日上班。", "既被列为放假日又被列为上班日"),
        ("元旦：2026年12月31日至2027年1月1日放假。", "不在2027年内"),
        ("端午节：端午放假。", "没有可识别的日期"),
        ("经国务院批准，现将安排通知如下。", "未能识别"),
    ],
)
def test_what_cannot_be_read_is_said_in_chinese(text, fragment):
    parsed = parse_notice(text, 2027)
    assert not parsed.ok
    assert any(fragment in error for error in parsed.errors), parsed.errors


def test_a_miscounted_line_is_a_warning():
    parsed = parse_notice("国庆节：10月1日至7日放假调休，共8天。", 2027)
    assert not parsed.errors
    assert "第1行写明放假8天，但列出的日期为7天。" in parsed.warnings


def test_grid_days_are_named_after_their_break():
    kinds = {dt.date(2025, 10, d): HOLIDAY for d in range(1, 9)} | {dt.date(2025, 9, 28): WORKDAY}
    names = names_for(2025, kinds)
    published = {day: name for day, _kind, name in package_days(2025)}
    assert all(names[day] == published[day] for day in kinds)
