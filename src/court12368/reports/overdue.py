"""What "overdue" means, once, for every figure that counts it: the KPIs, the circulars' headline and
the orders they name, the yearly assessment (formulas: docs/kpis.md).

A round of handling (a cycle: from a dispatch or transfer to the handler's reply) is overdue from its
reply deadline, or from the repeat call that made it overdue where the policy says so (义乌法院工单办理办法
art. 8), until the handler replies or the order leaves them (transferred, returned, closed). Both ends
are read from rows written when they happened: the clock's ``reply`` event, which keeps the deadline
even when the sweeper fired late, and the timeline. So a closed period's figures never change.

For a period, the overdue are the late replies in it and the rounds still overdue at its end (or now,
for a period not over yet), with their days up to that moment.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Least

from court12368.workorders.models import WAITING_FOR_HANDLER, ClockStep, DeadlineEvent, Light, OrderEntry

A = OrderEntry.Action
# Steps that end the handler's round in the same cycle (a transfer to another court keeps the cycle);
# any step of a later cycle (a transfer within the court, a reopening) ends it too.
ROUND_ENDS = (A.REPLIED, A.RETURNED, A.CLOSED, A.TRANSFERRED)
SECONDS_PER_DAY = 86400


def days(seconds: float) -> float:
    """Overdue time in calendar days, to one decimal (the KPIs and the circulars show the same)."""
    return round(seconds / SECONDS_PER_DAY, 1)


def moment_of(end: dt.datetime, now: dt.datetime) -> dt.datetime:
    """The moment a period's overdue are counted at: its end, or now while it is not over."""
    return min(end, now)


def now_among(orders: QuerySet) -> QuerySet:
    """The orders overdue now, read from their state (the partial index on red orders): waiting for the
    handler with the red light. The same rounds :func:`still_overdue` finds at this moment; a replied
    order keeps its red light as a record, so the light alone is not the test."""
    return orders.filter(state__in=WAITING_FOR_HANDLER, light=Light.RED)


def spells(court, moment: dt.datetime) -> QuerySet[DeadlineEvent]:
    """The ``reply`` events of every round overdue before ``moment``, annotated with ``since`` (when it
    became overdue), ``ended`` (when the round ended, if before ``moment``) and ``escalations`` (the
    ladder's steps taken in the round before ``moment``)."""
    ended = (
        OrderEntry.objects.filter(order=OuterRef("order"), at__lt=moment)
        .filter(Q(cycle=OuterRef("cycle"), action__in=ROUND_ENDS) | Q(cycle__gt=OuterRef("cycle")))
        .order_by("at")
        .values("at")[:1]
    )
    escalations = (
        DeadlineEvent.objects.filter(
            order=OuterRef("order"),
            cycle=OuterRef("cycle"),
            step__startswith="escalate:",
            happened_at__lt=moment,
        )
        .values("order")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        DeadlineEvent.objects.filter(order__court=court, step=ClockStep.REPLY)
        # A closed order is never reopened: closed before the moment, its rounds all ended before it
        # (read through a join, so most of a long history needs no look at its timeline).
        .filter(Q(order__closed_at__isnull=True) | Q(order__closed_at__gte=moment))
        # A sweeper that fired late still dates the round from its deadline; a repeat call from itself.
        .annotate(since=Least(Coalesce("due_at", "happened_at"), "happened_at"))
        .filter(since__lt=moment)
        .annotate(ended=Subquery(ended), escalations=Coalesce(Subquery(escalations), 0))
    )


def still_overdue(court, moment: dt.datetime) -> QuerySet[DeadlineEvent]:
    """The rounds overdue at ``moment``: not replied to, nor moved on, by then."""
    return spells(court, moment).filter(ended__isnull=True)


def open_counts(court, moment: dt.datetime, group: str | None) -> list[dict]:
    """Per group (the department or handler who had the order when it became overdue, or the court): how
    many rounds are overdue at ``moment`` and their overdue seconds up to it (KPI counts ``overdue_open``
    and ``overdue_open_seconds``)."""
    column = f"{group}_id" if group else None
    totals: dict = defaultdict(lambda: {"overdue_open": 0, "overdue_open_seconds": 0})
    rows = still_overdue(court, moment).values_list(column or "since", "since")
    for key, since in rows:
        total = totals[key if column else None]
        total["overdue_open"] += 1
        total["overdue_open_seconds"] += int((moment - since).total_seconds())
    return [{"group": key, **counts} for key, counts in totals.items()]
