"""The ledger (台账): every work order with its first call, filtered, always within what the user may see."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, Value, When

from court12368.core.access import restrict
from court12368.hotline.models import Call
from court12368.reports import overdue
from court12368.workorders.models import Light, OrderKind, OrderState, WorkOrder

SHANGHAI = ZoneInfo("Asia/Shanghai")


def ledger(user, filters: dict) -> QuerySet[WorkOrder]:
    """Orders of the user's court (a department head: the department's; PermissionDenied for those who
    keep no ledger), newest first, with the channel
    and time of the call that opened each one."""
    first_call = Call.objects.filter(work_order=OuterRef("pk")).order_by("rang_at")
    orders = restrict(user, "ledger.read").annotate(
        channel=Subquery(first_call.values("channel")[:1]),
        rang_at=Subquery(first_call.values("rang_at")[:1]),
    )
    if filters.get("start"):
        orders = orders.filter(created_at__gte=_midnight(filters["start"]))
    if filters.get("end"):
        orders = orders.filter(created_at__lt=_midnight(filters["end"] + dt.timedelta(days=1)))
    for name in ("department", "kind", "sub_kind", "state", "light", "handler"):
        if filters.get(name):
            orders = orders.filter(**{name: filters[name]})
    if filters.get("channel"):
        orders = orders.filter(channel=filters["channel"])
    if filters.get("overdue"):
        orders = overdue.now_among(orders)
    if filters.get("repeat"):
        orders = orders.filter(repeat_calls__gt=0)
    if filters.get("q"):
        text = filters["q"].strip()
        orders = orders.filter(
            Q(summary__icontains=text)
            | Q(number__icontains=text)
            | Q(caller_name__icontains=text)
            | Q(case__number__icontains=text)
        )
    return orders.select_related("case", "department__court").order_by(*ordering(filters.get("sort")))


def _in_order(name: str, values) -> Case:
    """A column of codes sorted as people read them (the lifecycle's order, green before red), not A-Z."""
    return Case(*(When(**{name: v}, then=Value(i)) for i, v in enumerate(values)), default=Value(len(values)))


# What each of the ledger's sortable columns (reports/forms.py LEDGER_COLUMNS) orders by.
SORTS = {
    "number": lambda: [F("number")],
    "created": lambda: [F("created_at")],
    "channel": lambda: [F("channel")],
    "kind": lambda: [_in_order("kind", OrderKind.values)],
    "phone": lambda: [F("caller_phone")],
    "content": lambda: [F("summary")],
    "department": lambda: [F("department__name")],
    "handler": lambda: [F("handler__full_name")],
    "state": lambda: [_in_order("state", OrderState.values)],
    "light": lambda: [_in_order("light", [Light.GREEN, Light.YELLOW, Light.RED])],
}


def ordering(sort: str | None) -> list:
    """``sort`` as ``order_by`` arguments ("-" first: descending; empty rows last either way), newest
    first among equals; anything unknown sorts newest first."""
    sort = sort or "-created"
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    if key not in SORTS:
        return ["-created_at", "-pk"]
    columns = [col.desc(nulls_last=True) if descending else col.asc(nulls_last=True) for col in SORTS[key]()]
    return [*columns, "-created_at", "-pk"]


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)
