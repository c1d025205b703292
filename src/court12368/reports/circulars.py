"""What a circular says: headline figures, departments ranked, overdue orders named, hotspots.

The result is a plain JSON-able snapshot, taken once when the circular is generated; the Word and PDF
documents are written from it, so an edited note never changes the figures.
"""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from court12368.courts.models import Department
from court12368.reports import kpis, overdue
from court12368.workorders.models import DeadlineEvent, OrderKind, SubKind, Target, WorkOrder

SHANGHAI = ZoneInfo("Asia/Shanghai")
HEADLINE = [
    ("orders", "受理诉求"),
    ("on_the_spot_rate", "当场答复率（%）"),
    ("answered_within_10s", "10秒接听率（%）"),
    ("dispatched_on_time", "按时转办率（%）"),
    ("replied_on_time", "按时回复率（%）"),
    ("judge_contact_rate", "联系法官率（%）"),
    ("overdue", "超期件数"),
    ("urged", "催办次数"),
    ("callback_rate", "回访率（%）"),
    ("satisfaction", "满意率（%）"),
]


def period_of(kind: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The week (Monday–Sunday) or month that contains ``day``, as inclusive dates."""
    if kind == "weekly":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    start = day.replace(day=1)
    following = (start + dt.timedelta(days=32)).replace(day=1)
    return start, following - dt.timedelta(days=1)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=SHANGHAI),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI),
    )


def snapshot(court, start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> dict:
    """The circular's figures for the dates [start, end]: the headline and the ranking are the KPIs of
    the period, and the orders it names are those the KPIs count as still overdue at its end (one
    definition, overdue.py), with their days to the period's end."""
    now = now or timezone.now()
    begin, finish = _bounds(start, end)
    court_figures = kpis.compute(court, begin, finish, now=now).get(None) or kpis.Figures().as_dict()
    headline = []
    for key, label in HEADLINE:
        value = court_figures["counts"].get("orders", 0) if key == "orders" else court_figures.get(key)
        headline.append({"label": label, "value": plain(value)})
    moment = overdue.moment_of(finish, now)
    named = overdue_at_the_end(court, moment)
    return {
        "court": court.name,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "headline": headline,
        "departments": ranking(court, begin, finish, now=now),
        "overdue": named + named_by_the_ladder(court, begin, moment, skip={row["number"] for row in named}),
        "hotspots": _hotspots(court, begin, finish),
    }


def plain(value):
    """A KPI value for JSON: rates as floats, counts as they are, no rate as None."""
    return None if value is None else (float(value) if not isinstance(value, int) else value)


def ranking(court, begin, finish, *, now: dt.datetime | None = None) -> list[dict]:
    """Departments by on-time replies, then by fewest overdue (the assessment's order)."""
    rows = kpis.compute(court, begin, finish, by="department", now=now)
    names = dict(Department.objects.filter(court=court).values_list("pk", "name"))
    ranked = []
    for group, figures in rows.items():
        if group is None or not figures["counts"].get("replied") and not figures["overdue"]:
            continue
        ranked.append(
            {
                "department": names.get(group, "-"),
                "replied": figures["counts"].get("replied", 0),
                "replied_on_time": plain(figures["replied_on_time"]),
                "overdue": figures["overdue"],
                "urged": figures["urged"],
            }
        )
    ranked.sort(key=lambda r: (-(r["replied_on_time"] or 0), r["overdue"], r["department"]))
    for place, row in enumerate(ranked, start=1):
        row["place"] = place
    return ranked


def overdue_at_the_end(court, moment: dt.datetime) -> list[dict]:
    """The orders still overdue at the period's end, by department, longest overdue first: the rounds
    the KPIs count in 超期件数, named (义乌法院工单办理办法 art. 9) with their days up to that moment."""
    spells = overdue.still_overdue(court, moment)
    return _named_spells(spells, moment)


def named_by_the_ladder(court, begin, moment, *, skip=frozenset()) -> list[dict]:
    """Orders the escalation ladder sent to the circular in the period (义乌法院工单办理办法 art. 8: still
    not handled a working day after the urge) and answered by its end: the circular names them all the
    same, with the days they were overdue. ``skip``: the numbers already named as still overdue."""
    sent = DeadlineEvent.objects.filter(
        order=OuterRef("order"),
        cycle=OuterRef("cycle"),
        target=Target.CIRCULAR,
        happened_at__gte=begin,
        happened_at__lt=moment,
    )
    spells = overdue.spells(court, moment).filter(Exists(sent), ended__isnull=False)
    return [row for row in _named_spells(spells, moment) if row["number"] not in skip]


def _named_spells(spells, moment) -> list[dict]:
    rows = spells.select_related("order", "department", "handler").order_by(
        "department__name", "since", "order_id", "cycle"
    )
    named = []
    for spell in rows:
        order, until = spell.order, spell.ended or moment
        named.append(
            {
                "number": order.number,
                "url": reverse("order-detail", args=[order.number]),
                "kind": str(OrderKind(order.kind).label),
                "department": spell.department.name if spell.department_id else "-",
                "department_id": spell.department_id,
                "handler": str(spell.handler) if spell.handler_id else "-",
                "days": overdue.days((until - spell.since).total_seconds()),
                "escalation_level": spell.escalations,
            }
        )
    return named


def overdue_now(court, now, per_department: int | None = None) -> list[dict]:
    """Orders overdue right now, by department and handler, longest overdue first within a department
    (the dashboard's red-light board shows the first ``per_department`` of each). Read from the orders'
    red light (a partial index): the same orders the KPIs count as still overdue now."""
    orders = _overdue(court)
    if per_department:
        ranked = Window(
            RowNumber(), partition_by=[F("department_id")], order_by=[F("overdue_since"), F("pk")]
        )
        orders = orders.annotate(place=ranked).filter(place__lte=per_department)
    orders = orders.select_related("department", "handler").order_by(
        "department__name", "overdue_since", "pk"
    )
    return [_named(o, now) for o in orders]


def _named(order: WorkOrder, until) -> dict:
    """An order as the board names it: number, type, department, handler, whole days overdue."""
    return {
        "number": order.number,
        "url": reverse("order-detail", args=[order.number]),
        "kind": str(OrderKind(order.kind).label),
        "department": order.department.name if order.department_id else "-",
        "department_id": order.department_id,
        "handler": str(order.handler) if order.handler_id else "-",
        "days": max(0, (until - order.overdue_since).days) if order.overdue_since else 0,
        "escalation_level": order.escalation_level,
    }


def overdue_counts(court) -> dict[int | None, int]:
    """How many orders are overdue now in each department."""
    return dict(_overdue(court).values_list("department_id").annotate(n=Count("pk")).order_by())


def _overdue(court):
    """Waiting for the handler, past the reply deadline (read through the partial index on red orders)."""
    return overdue.now_among(WorkOrder.objects.filter(court=court))


def _hotspots(court, begin, finish, top: int = 5) -> list[dict]:
    """The most frequent topics of the period, with the change from the period before."""
    length = finish - begin
    current = _topics(court, begin, finish)
    previous = _topics(court, begin - length, begin)
    return [
        {"topic": topic, "count": count, "before": previous.get(topic, 0)}
        for topic, count in current.most_common(top)
    ]


def _topics(court, begin, finish) -> Counter:
    rows = WorkOrder.objects.filter(court=court, created_at__gte=begin, created_at__lt=finish).values_list(
        "kind", "sub_kind"
    )
    return Counter(str(SubKind(sub).label) if sub else str(OrderKind(kind).label) for kind, sub in rows)
