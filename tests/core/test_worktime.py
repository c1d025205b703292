"""Working-time arithmetic over the real 2026 holiday arrangement (no database needed)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from court12368.core.worktime import CalendarError, Hours, add_months, build_calendar
from court12368.courts.services import package_days

TZ = ZoneInfo("Asia/Shanghai")
LUNCH_HOURS = Hours(dt.time(8, 30), dt.time(17, 30), dt.time(12, 0), dt.time(13, 30))


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


def national(years=(2025, 2026), hours=LUNCH_HOURS, closures=()):
    rows = [(day, kind) for year in years for day, kind, _ in package_days(year)]
    return build_calendar(hours, rows, known_years=years, closures=closures, tz=TZ)


CAL = national()


def test_spring_festival_2026_and_its_make_up_saturdays():
    assert not CAL.is_working_day(dt.date(2026, 2, 16))  # Monday, holiday
    assert CAL.is_working_day(dt.date(2026, 2, 14))  # Saturday, make-up day
    assert CAL.is_working_day(dt.date(2026, 2, 28))  # Saturday, make-up day
    assert not CAL.is_working_day(dt.date(2026, 3, 1))  # ordinary Sunday
    assert CAL.next_working_day(dt.date(2026, 2, 14)) == dt.date(2026, 2, 24)


def test_national_day_2026():
    assert not CAL.is_working_day(dt.date(2026, 10, 7))
    assert CAL.is_working_day(dt.date(2026, 9, 20))  # Sunday worked before National Day
    assert CAL.is_working_day(dt.date(2026, 10, 10))  # Saturday worked after it


def test_working_hours_skip_lunch_and_nights():
    assert CAL.add_working_hours(at(2026, 3, 2, 11), 2) == at(2026, 3, 2, 14, 30)
    assert CAL.add_working_hours(at(2026, 3, 2, 16, 30), 2) == at(2026, 3, 3, 9, 30)
    # A result landing at the close stays at the close.
    assert CAL.add_working_hours(at(2026, 3, 2, 15, 30), 2) == at(2026, 3, 2, 17, 30)
    # Called at night: the clock starts when the line opens.
    assert CAL.add_working_hours(at(2026, 3, 2, 22), 1) == at(2026, 3, 3, 9, 30)


def test_two_working_hours_across_the_spring_festival():
    # Friday 13 Feb 2026, 16:30: one hour left that day; the 14th is a make-up Saturday.
    assert CAL.add_working_hours(at(2026, 2, 13, 16, 30), 2) == at(2026, 2, 14, 9, 30)
    # Saturday 14 Feb, 17:00: the next working time is Tuesday 24 Feb.
    assert CAL.add_working_hours(at(2026, 2, 14, 17), 2) == at(2026, 2, 24, 10)


def test_working_days_end_at_close_of_service():
    assert CAL.add_working_days(at(2026, 3, 2, 10), 2) == at(2026, 3, 4, 17, 30)
    assert CAL.add_working_days(at(2026, 9, 30, 10), 1) == at(2026, 10, 8, 17, 30)
    assert CAL.add_working_days(at(2026, 10, 9, 10), 1) == at(2026, 10, 10, 17, 30)  # make-up Saturday


def test_court_closures_are_not_working_days():
    closed = national(closures=[dt.date(2026, 3, 3)])
    assert closed.add_working_days(at(2026, 3, 2, 10), 1) == at(2026, 3, 4, 17, 30)
    # ... but they do not move statutory periods.
    assert closed.period_end(dt.date(2026, 2, 24), days=7) == dt.date(2026, 3, 3)


def test_lunch_break_is_not_working_time():
    assert not CAL.is_working_time(at(2026, 3, 2, 12, 30))
    assert CAL.next_opening(at(2026, 3, 2, 12, 30)) == at(2026, 3, 2, 13, 30)
    assert CAL.next_opening(at(2026, 3, 2, 10)) == at(2026, 3, 2, 10)


def test_voicemail_after_hours_is_heard_the_next_working_day():
    # Left on the evening before the National Day holiday.
    assert CAL.next_opening(at(2026, 9, 30, 19)) == at(2026, 10, 8, 8, 30)
    assert CAL.next_opening(at(2026, 3, 2, 17, 30)) == at(2026, 3, 3, 8, 30)


def test_elapsed_working_time():
    assert CAL.elapsed_working_time(at(2026, 3, 2, 11), at(2026, 3, 2, 14)) == dt.timedelta(
        hours=1, minutes=30
    )
    assert CAL.elapsed_working_time(at(2026, 2, 13, 17), at(2026, 2, 24, 9)) == dt.timedelta(
        hours=8, minutes=30
    )


def test_subtracting_is_the_inverse_of_adding():
    end = CAL.add_working_hours(at(2026, 2, 13, 16), 5)
    assert CAL.subtract_working_time(end, dt.timedelta(hours=5)) == at(2026, 2, 13, 16)


class TestStatutoryPeriods:
    """民事诉讼法 art. 85 and 民法典 art. 202."""

    def test_start_day_not_counted(self):
        assert CAL.period_end(dt.date(2026, 3, 2), days=15) == dt.date(2026, 3, 17)

    def test_ending_on_a_holiday_rolls_to_the_next_working_day(self):
        # 15 days from 22 Sep 2026 ends on 7 Oct (National Day): the period ends 8 Oct.
        assert CAL.period_end(dt.date(2026, 9, 22), days=15) == dt.date(2026, 10, 8)

    def test_ending_on_a_make_up_saturday_does_not_roll(self):
        assert CAL.period_end(dt.date(2026, 2, 4), days=10) == dt.date(2026, 2, 14)

    def test_ending_on_an_ordinary_sunday_rolls_to_monday(self):
        assert CAL.period_end(dt.date(2026, 2, 28), days=1) == dt.date(2026, 3, 2)

    def test_months_end_on_the_corresponding_day_or_month_end(self):
        assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
        assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
        assert add_months(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)
        # Six months from 31 Aug 2025 would end on 28 Feb 2026, a Saturday that is a make-up
        # working day: it stays.
        assert CAL.period_end(dt.date(2025, 8, 31), months=6) == dt.date(2026, 2, 28)
        assert CAL.period_end(dt.date(2025, 8, 20), months=6) == dt.date(2026, 2, 24)  # 20 Feb is a holiday

    def test_years(self):
        assert CAL.period_end(dt.date(2024, 2, 29), years=1) == dt.date(2025, 2, 28)


def test_years_without_holiday_data_are_flagged():
    assert CAL.covers(at(2026, 12, 1, 9), at(2026, 12, 31, 9))
    assert not CAL.covers(at(2026, 12, 28, 9), at(2027, 1, 4, 9))
    # ... and fall back to weekends only: 1 Jan 2027 counts as a working day until entered.
    assert CAL.is_working_day(dt.date(2027, 1, 1))


def test_bad_input_is_refused():
    with pytest.raises(CalendarError):
        CAL.add_working_hours(dt.datetime(2026, 3, 2, 10), 1)  # naive
    with pytest.raises(CalendarError):
        CAL.add_working_hours(at(2026, 3, 2, 10), -1)
    with pytest.raises(CalendarError):
        CAL.period_end(dt.date(2026, 3, 2), days=-1)
