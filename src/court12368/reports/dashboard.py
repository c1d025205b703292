"""The leaders' dashboard data (JSON for the charts): volume by day and hour, the type mix, weekly on-time
and satisfaction trends, the red-light board by department, and the department ranking."""

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db.models import Count
from django.db.models.functions import ExtractHour, TruncDate
from django.utils import timezone

from court12368.reports import circulars, kpis
from court12368.workorders.models import OrderKind, WorkOrder

SHANGHAI = ZoneInfo("Asia/Shanghai")


def data(court, start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    begin = dt.datetime.combine(start, dt.time(), tzinfo=SHANGHAI)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
    created = WorkOrder.objects.filter(court=court, created_at__gte=begin, created_at__lt=finish)
    by_day = dict(
        created.annotate(day=TruncDate("created_at", tzinfo=SHANGHAI))
        .values_list("day")
        .annotate(n=Count("pk"))
    )
    by_hour = dict(
        created.annotate(hour=ExtractHour("created_at", tzinfo=SHANGHAI))
        .values_list("hour")
        .annotate(n=Count("pk"))
    )
    kinds = dict(created.values_list("kind").annotate(n=Count("pk")))
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "volume_by_day": [{"date": d.isoformat(), "orders": by_day.get(d, 0)} for d in days],
        "volume_by_hour": [{"hour": h, "orders": by_hour.get(h, 0)} for h in range(24)],
        "type_mix": [
            {"type": str(label), "orders": kinds.get(value, 0)} for value, label in OrderKind.choices
        ],
        "trends": _weekly_trends(court, start, end),
        "red_board": red_board(court, now),
        "ranking": circulars.ranking(court, begin, finish, now=now),
    }


def _weekly_trends(court, start: dt.date, end: dt.date) -> list[dict]:
    weeks = []
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= end:
        begin = dt.datetime.combine(monday, dt.time(), tzinfo=SHANGHAI)
        figures = (
            kpis.compute(court, begin, begin + dt.timedelta(days=7)).get(None) or kpis.Figures().as_dict()
        )
        weeks.append(
            {
                "week": monday.isoformat(),
                "replied_on_time": circulars.plain(figures["replied_on_time"]),
                "satisfaction": circulars.plain(figures["satisfaction"]),
            }
        )
        monday += dt.timedelta(days=7)
    return weeks


BOARD_ORDERS = 10  # per department; the ledger lists the rest


def red_board(court, now) -> list[dict]:
    """Orders overdue now, by department: how many, and the longest overdue, each linked to its page."""
    counts = circulars.overdue_counts(court)
    board = defaultdict(list)
    names = {}
    for order in circulars.overdue_now(court, now, per_department=BOARD_ORDERS):
        board[order["department_id"]].append(order)
        names[order["department_id"]] = order["department"]
    rows = [
        {
            "department": names[department],
            "department_id": department,
            "count": counts.get(department, len(orders)),
            "more": max(0, counts.get(department, len(orders)) - len(orders)),
            "orders": orders,
        }
        for department, orders in board.items()
    ]
    return sorted(rows, key=lambda row: (-row["count"], row["department"]))
