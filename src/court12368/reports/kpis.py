"""The hotline's KPIs for a period, per court, department, handler or agent (formulas: docs/kpis.md).

Every figure is counted from rows written when something happened: calls and queued calls, the order
timeline (``OrderEntry``, which carries the SLA outcome of each step as it stood then) and the clock's
events (``DeadlineEvent``). Nothing reads an order's current state, so the figures of a closed period
never change when orders are transferred, reopened or closed later. What "overdue" means is defined
once, in overdue.py: the late replies of the period and the rounds still overdue at its end.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from court12368.hotline.queue import queue_counts
from court12368.reports import overdue
from court12368.reports.models import KpiDay
from court12368.workorders.models import DeadlineEvent, OrderEntry, OrderKind, Satisfaction

A = OrderEntry.Action
GROUPS = {"court": None, "department": "department", "handler": "handler", "agent": "agent"}
# The marker row of a day rolled up under the counts defined here. Bumped whenever a count is added or
# redefined, so a day rolled up before is counted from its events again (and rolled up anew by the
# sweeper) rather than read with the new counts missing, as zeroes.
ROLLUP_DONE = "rolled:v2"


@dataclass
class Figures:
    """Counts for one group; rates are derived, so they can always be traced back to the counts."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def rate(self, numerator: str, *denominators: str) -> Decimal | None:
        total = sum(self.counts[name] for name in denominators)
        if not total:
            return None
        return (Decimal(100) * self.counts[numerator] / total).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def as_dict(self) -> dict:
        c = self.counts
        return {
            "counts": {name: n for name, n in c.items() if n},  # the same whichever way it was counted
            "answered_within_10s": self.rate("queue_answered_10s", "queue_answered"),
            "answer_rate": self.rate("queue_answered", "queue_ended"),
            "on_the_spot_rate": self.rate("on_the_spot", "orders"),
            "judge_contact_rate": self.rate("judge_contact_reached", "judge_contact_closed"),
            "dispatched_on_time": self.rate("dispatched_on_time", "dispatched"),
            # An order still overdue at the period's end was due to be replied to and was not on time.
            "replied_on_time": self.rate("replied_on_time", "replied", "overdue_open"),
            "resolved_on_time": self.rate("resolved_on_time", "resolved"),
            "overdue": c["replied_late"] + c["overdue_open"],
            "overdue_days": overdue.days(c["late_total"] + c["overdue_open_seconds"]),
            "urged": c["urged"],
            "escalated_to_leaders": c["escalated"],
            "callback_rate": self.rate("callbacks", "informed"),
            "satisfaction": self.rate("satisfied", "callbacks"),
            "repeat_call_rate": self.rate("repeat_calls", "orders"),
        }


def compute(
    court, start: dt.datetime, end: dt.datetime, by: str = "court", *, now: dt.datetime | None = None
) -> dict:
    """{group id (None for the court): figures} for events in [start, end), and the orders overdue at
    its end (``now`` while it is not over).

    Whole days the sweeper has rolled up are read from `KpiDay`; the rest (today, a partial first or last
    day, a day whose rollup was dropped) is counted from the events. Both give the same counts. The
    orders still overdue are a state at one moment, not a sum of days: always counted from the events."""
    if by not in GROUPS:
        raise ValueError(f"unknown grouping {by!r}")
    out: dict = defaultdict(Figures)
    moment = overdue.moment_of(end, now or timezone.now())
    if moment > start and by != "agent":  # the clock's account is the handlers', not the agents'
        _add(out, overdue.open_counts(court, moment, GROUPS[by]), "group")
    rolled, live = split(court, start, end)
    if rolled:
        query = Q()
        for first, last in rolled:
            query |= Q(day__range=(first, last))
        for group, counts in KpiDay.objects.filter(query, court=court, grouping=by).values_list(
            "group", "counts"
        ):
            if counts:
                _add(out, [{"group": group, **counts}], "group")
    for window_start, window_end in live:
        count_events(court, window_start, window_end, by, out)
    return {group: figures.as_dict() for group, figures in out.items()}


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """A day in the court's time (Beijing) as [start, end)."""
    zone = timezone.get_default_timezone()
    return (
        dt.datetime.combine(day, dt.time(), tzinfo=zone),
        dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone),
    )


def split(court, start: dt.datetime, end: dt.datetime) -> tuple[list, list]:
    """([(first day, last day)] runs of rolled-up whole days, [(start, end)] windows to count live)."""
    first = timezone.localtime(start).date()
    if day_bounds(first)[0] < start:
        first += dt.timedelta(days=1)
    last = timezone.localtime(end).date() - dt.timedelta(days=1)  # the last day that ends by `end`
    done = set()
    if first <= last:
        done = set(
            KpiDay.objects.filter(court=court, grouping=ROLLUP_DONE, day__range=(first, last)).values_list(
                "day", flat=True
            )
        )
    rolled, live, cursor, day = [], [], start, first
    while day <= last:
        if day in done:
            day_start, day_end = day_bounds(day)
            if cursor < day_start:
                live.append((cursor, day_start))
            if rolled and rolled[-1][1] == day - dt.timedelta(days=1):
                rolled[-1] = (rolled[-1][0], day)
            else:
                rolled.append((day, day))
            cursor = day_end
        day += dt.timedelta(days=1)
    if cursor < end:
        live.append((cursor, end))
    return rolled, live


def count_events(court, start: dt.datetime, end: dt.datetime, by: str, out: dict | None = None) -> dict:
    """{group: Figures} counted from the events themselves (what a rollup stores for a day)."""
    key = GROUPS[by]
    out = defaultdict(Figures) if out is None else out
    _timeline(court, start, end, key, out)
    _clock(court, start, end, key, out)
    if key in (None, "agent"):
        _queue(court, start, end, key, out)
    return out


def _timeline(court, start, end, key, out) -> None:
    entries = OrderEntry.objects.filter(order__court=court, at__gte=start, at__lt=end)
    group = key + "_id" if key else None
    on_time = Q(late_seconds=0)
    rows = _grouped(
        entries,
        group,
        dict(
            orders=Count("pk", filter=Q(action=A.CREATED)),
            on_the_spot=Count("pk", filter=Q(action=A.ANSWERED)),
            dispatched=Count("pk", filter=Q(action=A.DISPATCHED, cycle=1)),
            dispatched_on_time=Count("pk", filter=Q(action=A.DISPATCHED, cycle=1) & on_time),
            replied=Count("pk", filter=Q(action=A.REPLIED)),
            replied_on_time=Count("pk", filter=Q(action=A.REPLIED) & on_time),
            replied_late=Count("pk", filter=Q(action=A.REPLIED, late_seconds__gt=0)),
            late_total=Sum("late_seconds", filter=Q(action=A.REPLIED), default=0),
            resolved=Count("pk", filter=Q(action=A.RESOLVED)),
            resolved_on_time=Count("pk", filter=Q(action=A.RESOLVED) & on_time),
            informed=Count("pk", filter=Q(action=A.INFORMED)),
            callbacks=Count("pk", filter=Q(action=A.CALLBACK)),
            satisfied=Count(
                "pk",
                filter=Q(
                    action=A.CALLBACK, satisfaction__in=[Satisfaction.SATISFIED, Satisfaction.BASICALLY]
                ),
            ),
            repeat_calls=Count("pk", filter=Q(action=A.REPEAT_CALL)),
            judge_contact_closed=Count("pk", filter=Q(action=A.CLOSED, kind=OrderKind.CONTACT_JUDGE)),
            judge_contact_reached=Count(
                "pk", filter=Q(action=A.CLOSED, kind=OrderKind.CONTACT_JUDGE, reached_handler=True)
            ),
        ),
    )
    _add(out, rows, group)


def _add(out, rows: list[dict], group: str | None) -> None:
    """Add each row's counts to its group's figures (the group column named ``group``, else the court)."""
    for row in rows:
        figures = out[row.pop(group) if group else None]
        for name, value in row.items():
            figures.counts[name] += value or 0


def _grouped(rows, group: str | None, aggregates: dict) -> list[dict]:
    """Aggregates per group, or one row for the whole court (left out when nothing happened)."""
    if group:
        return list(rows.values(group).annotate(**aggregates))
    total = rows.aggregate(**aggregates)
    return [total] if any(total.values()) else []


def _clock(court, start, end, key, out) -> None:
    if key == "agent":
        return  # the clock's steps are the handlers' and departments' account, not the agents'
    events = DeadlineEvent.objects.filter(order__court=court, happened_at__gte=start, happened_at__lt=end)
    group = key + "_id" if key else None
    rows = _grouped(
        events,
        group,
        dict(
            urged=Count("pk", filter=Q(step__startswith="escalate:")),
            escalated=Count("pk", filter=Q(step__startswith="escalate:", target="leader_in_charge")),
        ),
    )
    _add(out, rows, group)


def _queue(court, start, end, key, out) -> None:
    _add(out, queue_counts(court, start, end, by_agent=key == "agent"), "agent_id" if key else None)
