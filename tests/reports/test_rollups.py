"""The daily KPI rollup: rolled-up days give exactly the figures the events give, closed days are rolled
once, and a back-dated event drops its day's rollup until the sweeper writes it again."""

import datetime as dt

import pytest

from court12368.hotline import queue
from court12368.reports import kpis
from court12368.reports.models import KpiDay
from court12368.reports.rollups import roll_up_closed_days
from court12368.workorders.lifecycle import intake
from court12368.workorders.sweeps import sweep_deadlines
from tests.reports.conftest import NOV, SHANGHAI, at

pytestmark = pytest.mark.django_db
DEC_2 = dt.datetime(2026, 12, 2, 9, tzinfo=SHANGHAI)
WINDOWS = [
    NOV,
    (NOV[0], DEC_2),  # the sweep of 1 December
    (at(2), at(6)),  # partial first and last days
    (at(2, 9, 7), at(5, 0)),  # between two queued calls of the same day
    (dt.datetime(2026, 1, 1, tzinfo=SHANGHAI), dt.datetime(2027, 1, 1, tzinfo=SHANGHAI)),
    (at(3, 0), at(3, 0)),  # empty
]


@pytest.fixture
def counted(c, november):
    sweep_deadlines(now=dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI))  # the petition goes overdue
    return c


def figures(court):
    """Every window's figures as seen at DEC_2 (the orders still overdue are counted up to the end of a
    window, or up to now for one not over yet: a fixed now keeps them comparable)."""
    return {(w, by): kpis.compute(court, *w, by=by, now=DEC_2) for w in WINDOWS for by in kpis.GROUPS}


def test_rolled_up_days_give_the_same_figures_as_the_events(counted):
    court = counted.court
    from_events = figures(court)
    # The fixture's figures are not empty: the late reply, and the petition still overdue on 2 December.
    assert from_events[(WINDOWS[1], "court")][None]["overdue"] == 2
    assert (
        roll_up_closed_days(now=DEC_2, limit=1000, seconds=600) == 30
    )  # 2 November (the first event) to 1 December
    rolled, live = kpis.split(court, *NOV)
    assert rolled == [(dt.date(2026, 11, 2), dt.date(2026, 11, 30))] and live == [(NOV[0], at(2, 0))]
    assert figures(court) == from_events


def test_the_sweep_rolls_closed_days_once_and_in_portions(counted):
    court = counted.court
    just_after_midnight = dt.datetime(2026, 11, 3, 0, 30, tzinfo=SHANGHAI)
    assert roll_up_closed_days(now=just_after_midnight) == 0  # 2 November is in its hour of grace
    assert roll_up_closed_days(now=just_after_midnight + dt.timedelta(minutes=30)) == 1
    rolled = KpiDay.objects.filter(grouping="court").values_list("day", flat=True)
    assert list(rolled) == [dt.date(2026, 11, 2)]
    assert roll_up_closed_days(now=just_after_midnight + dt.timedelta(hours=1)) == 0  # never twice
    assert roll_up_closed_days(now=DEC_2, seconds=0) == 1  # a sweep's time is up after the first day
    assert roll_up_closed_days(now=DEC_2, limit=9, seconds=600) == 9
    assert roll_up_closed_days(now=DEC_2, limit=100, seconds=600) == 19
    days = list(KpiDay.objects.filter(court=court, grouping="court").values_list("day", flat=True))
    assert len(days) == len(set(days)) == 30
    quiet = KpiDay.objects.get(court=court, grouping="court", day=dt.date(2026, 11, 20))
    assert quiet.counts == {}  # rolled up though nothing happened, so it is never counted again


def test_a_back_dated_event_drops_its_day_until_the_sweep_rolls_it_again(counted, november):
    court = counted.court
    roll_up_closed_days(now=DEC_2, limit=1000, seconds=600)
    before = kpis.compute(court, *NOV)[None]["counts"]["repeat_calls"]
    intake.record_repeat_call(november["petition"], now=at(10))  # written late, dated 10 November
    assert not KpiDay.objects.filter(court=court, day=dt.date(2026, 11, 10)).exists()
    assert kpis.compute(court, *NOV)[None]["counts"]["repeat_calls"] == before + 1
    from_events = figures(court)
    assert roll_up_closed_days(now=DEC_2, limit=1000, seconds=600) == 1  # only the dropped day
    assert figures(court) == from_events


def test_a_queued_call_written_into_a_rolled_up_day_drops_it(counted):
    """The call queue's writes (hotline.queue) tell the rollup themselves, as the order writes do."""
    court, day = counted.court, dt.date(2026, 11, 12)
    roll_up_closed_days(now=DEC_2, limit=1000, seconds=600)
    queued = queue.enqueue(court, caller_number="13800000002", now=at(12, 9))  # a late import of the log
    assert not KpiDay.objects.filter(court=court, day=day).exists()
    assert kpis.compute(court, *NOV)[None]["counts"]["queue_ended"] == 3
    roll_up_closed_days(now=DEC_2, limit=1000, seconds=600)
    queue.answer(queued, counted.agent, now=at(12, 9, 0, 8))
    assert not KpiDay.objects.filter(court=court, day=day).exists()
    assert kpis.compute(court, *NOV)[None]["counts"]["queue_answered_10s"] == 2
    from_events = figures(court)
    assert roll_up_closed_days(now=DEC_2, limit=1000, seconds=600) == 1
    assert figures(court) == from_events


def test_a_day_rolled_up_before_a_count_was_added_is_not_read_as_zeroes(counted):
    """A rollup written by an older version lacks the counts added since (here ``replied_late``): read as
    it is, the late reply would count as 0 overdue. Without the current marker the day is counted from
    its events, and the sweeper rolls it up again."""
    court, day = counted.court, dt.date(2026, 11, 7)  # the day of the late reply
    from_events = figures(court)
    roll_up_closed_days(now=DEC_2, limit=1000, seconds=600)
    old = KpiDay.objects.get(court=court, grouping="court", day=day)
    old.counts = {k: n for k, n in old.counts.items() if k != "replied_late"}
    old.save()
    KpiDay.objects.filter(court=court, day=day, grouping=kpis.ROLLUP_DONE).delete()  # as an old rollup
    assert figures(court) == from_events
    assert roll_up_closed_days(now=DEC_2, limit=1000, seconds=600) == 1  # only the stale day
    assert KpiDay.objects.get(court=court, grouping="court", day=day).counts["replied_late"] == 1
    assert figures(court) == from_events
