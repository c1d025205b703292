"""The daily KPI rollup: the sweeper writes each closed day once (`services.roll_up_day`), so statistics
over months and years read a few hundred rows per group instead of millions of events. An event written
into a rolled-up day after all (back-dated) drops that day's rollup: the services that write the events
call `core.rollup_days.written`, which the reports room points at :func:`written` when it is ready."""

import datetime as dt
import time

from django.db.models import Count, Max, Min
from django.utils import timezone

from court12368.courts.models import Court
from court12368.hotline.models import QueuedCall
from court12368.reports import kpis, services
from court12368.reports.models import KpiDay
from court12368.workorders.models import WorkOrder

# A first rollup of a long history is spread over several sweeps, so the deadline sweep is never held up.
DAYS_PER_SWEEP = 31
SECONDS_PER_SWEEP = 3.0


def roll_up_closed_days(
    now: dt.datetime | None = None, limit: int = DAYS_PER_SWEEP, seconds: float = SECONDS_PER_SWEEP
) -> int:
    now = now or timezone.now()
    last = timezone.localtime(now - services.ROLLUP_GRACE).date() - dt.timedelta(days=1)
    done, stop_at = 0, time.monotonic() + seconds
    for court in Court.objects.order_by("pk"):
        for day in _missing_days(court, last):
            services.roll_up_day(court, day)
            done += 1
            if done >= limit or time.monotonic() > stop_at:  # at least one day a sweep
                return done
    return done


def _missing_days(court, last: dt.date):
    """Closed days from the court's first event to ``last`` that have no rollup of the current counts
    (those rolled up before a count was added are rolled up again), oldest first."""
    rolled = KpiDay.objects.filter(court=court, grouping=kpis.ROLLUP_DONE, day__lte=last).aggregate(
        first=Min("day"), latest=Max("day"), n=Count("pk")
    )
    firsts = [
        WorkOrder.objects.filter(court=court).aggregate(t=Min("created_at"))["t"],
        QueuedCall.objects.filter(court=court).aggregate(t=Min("entered_at"))["t"],
    ]
    firsts = [timezone.localtime(t).date() for t in firsts if t]
    if not firsts:
        return
    day = min(firsts)
    unbroken = rolled["n"] and rolled["n"] == (rolled["latest"] - rolled["first"]).days + 1
    if unbroken and rolled["first"] <= day:  # the usual case: go on from the latest rolled day
        day, done = rolled["latest"] + dt.timedelta(days=1), set()
    else:
        done = set(
            KpiDay.objects.filter(court=court, grouping=kpis.ROLLUP_DONE, day__range=(day, last)).values_list(
                "day", flat=True
            )
        )
    while day <= last:
        if day not in done:
            yield day
        day += dt.timedelta(days=1)


def written(court_id: int, at: dt.datetime) -> None:
    """An event saved into a day that may be rolled up (only a back-dated write is) drops that day's rollup
    (called through `core.rollup_days.written` by the services that write the events)."""
    day = timezone.localtime(at).date()
    if services.rollable(day, timezone.now()):
        services.drop_rollup(court_id, day)
