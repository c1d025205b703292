"""What a circular says: headline figures, departments ranked, overdue orders named, hotspots.

The result is a plain JSON-able snapshot, taken once when the circular is generated; the Word and PDF
documents are written from it, so an edited note never changes the figures.
"""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from court12368.courts.models import Department
from court12368.reports import kpis
from court12368.workorders.models import WAITING_FOR_HANDLER, Light, OrderKind, SubKind, Target, WorkOrder

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
    now = now or timezone.now()
    begin, finish = _bounds(start, end)
    court_figures = kpis.compute(court, begin, finish).get(None) or kpis.Figures().as_dict()
    headline = []
    for key, label in HEADLINE:
        value = court_figures["counts"].get("orders", 0) if key == "orders" else court_figures.get(key)
        headline.append({"label": label, "value": plain(value)})
    return {
        "court": court.name,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "headline": headline,
        "departments": ranking(court, begin, finish),
        "overdue": overdue_now(court, now) + named_by_the_ladder(court, begin, finish, now),
        "hotspots": _hotspots(court, begin, finish),
    }


def plain(value):
    """A KPI value for JSON: rates as floats, counts as they are, no rate as None."""
    return None if value is None else (float(value) if not isinstance(value, int) else value)


def ranking(court, begin, finish) -> list[dict]:
    """Departments by on-time replies, then by fewest overdue (the assessment's order)."""
    rows = kpis.compute(court, begin, finish, by="department")
    names = dict(Department.objects.filter(court=court).values_list("pk", "name"))
    ranked = []
    for group, figures in rows.items():
        if group is None or not figures["counts"].get("replied") and not figures["counts"].get("overdue"):
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


def overdue_now(court, now, per_department: int | None = None) -> list[dict]:
    """Orders overdue right now, by department and handler, longest overdue first within a department
    (the circular names them, 义乌法院工单办理办法 art. 9; the dashboard's red-light board shows the first
    ``per_department`` of each)."""
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
    """An order as a circular or the board names it: number, type, department, handler, days overdue."""
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


def named_by_the_ladder(court, begin, finish, now) -> list[dict]:
    """Orders the escalation ladder sent to the circular in the period (义乌法院工单办理办法 art. 8: still
    not handled a working day after the urge) and answered since, so no longer overdue now: the circular
    names them all the same, with the days they were overdue."""
    named = (
        WorkOrder.objects.filter(
            court=court,
            in_circular=True,
            deadline_events__target=Target.CIRCULAR,
            deadline_events__happened_at__gte=begin,
            deadline_events__happened_at__lt=finish,
        )
        .exclude(state__in=WAITING_FOR_HANDLER, light=Light.RED)  # already among the overdue now
        .select_related("department", "handler")
        .distinct()
        .order_by("department__name", "overdue_since", "pk")
    )
    return [_named(o, o.replied_at or now) for o in named]


def overdue_counts(court) -> dict[int | None, int]:
    """How many orders are overdue now in each department."""
    return dict(_overdue(court).values_list("department_id").annotate(n=Count("pk")).order_by())


def _overdue(court):
    """Waiting for the handler, past the reply deadline (read through the partial index on red orders)."""
    return WorkOrder.objects.filter(court=court, state__in=WAITING_FOR_HANDLER, light=Light.RED)


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
