"""Properties of working-time arithmetic (hypothesis), over 2025-2026 with their real holidays."""

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from court12368.core.worktime import Hours, build_calendar
from court12368.courts.services import package_days
from tests.core.test_worktime import TZ

HOURS = Hours(dt.time(8, 30), dt.time(17, 30), dt.time(12, 0), dt.time(13, 30))
ROWS = [(day, kind) for year in (2025, 2026) for day, kind, _ in package_days(year)]
CAL = build_calendar(HOURS, ROWS, known_years=(2025, 2026), tz=TZ)

instants = st.datetimes(
    min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2026, 6, 30), timezones=st.just(TZ)
).map(lambda d: d.replace(second=0, microsecond=0))
minutes = st.integers(min_value=0, max_value=60 * 8 * 40).map(lambda m: dt.timedelta(minutes=m))
working_days = st.integers(min_value=1, max_value=60)


@given(instants, minutes)
def test_a_deadline_never_falls_outside_working_time(start, amount):
    assert CAL.is_working_time(CAL.add_working_time(start, amount))


@given(instants, working_days)
def test_working_day_deadlines_are_at_close_of_a_working_day(start, days):
    due = CAL.add_working_days(start, days)
    assert CAL.is_working_day(due.date()) and due.time() == HOURS.closes
    assert due.date() > start.date()


@given(instants, minutes, minutes)
def test_adding_is_monotonic(start, a, b):
    small, large = sorted([a, b])
    assert CAL.add_working_time(start, small) <= CAL.add_working_time(start, large)


@given(instants, instants, minutes)
def test_later_starts_never_give_earlier_deadlines(s1, s2, amount):
    early, late = sorted([s1, s2])
    assert CAL.add_working_time(early, amount) <= CAL.add_working_time(late, amount)


@given(instants, minutes, minutes)
def test_adding_a_plus_b_equals_adding_a_then_b(start, a, b):
    assert CAL.add_working_time(start, a + b) == CAL.add_working_time(CAL.add_working_time(start, a), b)


@given(instants, working_days, working_days)
def test_working_days_compose(start, a, b):
    assert CAL.add_working_days(start, a + b) == CAL.add_working_days(CAL.add_working_days(start, a), b)


@given(instants, minutes)
def test_elapsed_working_time_measures_what_was_added(start, amount):
    assert CAL.elapsed_working_time(start, CAL.add_working_time(start, amount)) == amount


@settings(max_examples=30)
@given(st.randoms(use_true_random=False), instants, minutes)
def test_the_order_the_holiday_table_is_loaded_in_does_not_matter(rnd: random.Random, start, amount):
    shuffled = list(ROWS)
    rnd.shuffle(shuffled)
    # Loaded year by year in the opposite order, the rows of each year shuffled.
    by_year = [r for r in shuffled if r[0].year == 2026] + [r for r in shuffled if r[0].year == 2025]
    other = build_calendar(HOURS, by_year, known_years=(2026, 2025), tz=TZ)
    assert other == CAL
    assert other.add_working_time(start, amount) == CAL.add_working_time(start, amount)
    assert other.period_end(start.date(), days=amount.days % 40) == CAL.period_end(
        start.date(), days=amount.days % 40
    )
