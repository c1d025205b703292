"""The ledger (台账): every work order with its first call, filtered, always within what the user may see."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import OuterRef, Q, QuerySet, Subquery

from court12368.core.access import restrict
from court12368.hotline.models import Call
from court12368.reports import overdue
from court12368.workorders.models import WorkOrder

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
    return orders.select_related("case", "department__court").order_by("-created_at", "-pk")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=SHANGHAI)
