"""Hotspots: what callers raise most this week, and what rises against the week before.

Three views of the same orders: topics (sub-kind, else type), causes of action of the cases concerned,
and words of the callers' own content (jieba, as the knowledge search cuts them; counted once per order).
"""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from court12368.knowledge.search import tokens
from court12368.workorders.models import OrderKind, SubKind, WorkOrder

SHANGHAI = ZoneInfo("Asia/Shanghai")
TOP = 10


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def hotspots(court, week_start: dt.date) -> dict:
    this = _counts(court, week_start)
    last = _counts(court, week_start - dt.timedelta(days=7))
    return {
        "week": week_start.isoformat(),
        **{view: _compare(this[view], last[view]) for view in ("topics", "causes", "words")},
    }


def _counts(court, start: dt.date) -> dict[str, Counter]:
    begin = dt.datetime.combine(start, dt.time(), tzinfo=SHANGHAI)
    orders = WorkOrder.objects.filter(
        court=court, created_at__gte=begin, created_at__lt=begin + dt.timedelta(days=7)
    ).values_list("kind", "sub_kind", "case__cause", "summary")
    topics, causes, words = Counter(), Counter(), Counter()
    for kind, sub_kind, cause, summary in orders:
        topics[str(SubKind(sub_kind).label) if sub_kind else str(OrderKind(kind).label)] += 1
        if cause:
            causes[cause] += 1
        words.update({w for w in tokens(summary) if len(w) >= 2 and not w.isdigit()})
    return {"topics": topics, "causes": causes, "words": words}


def _compare(this: Counter, last: Counter) -> dict[str, list[dict]]:
    """The most frequent this week, and those rising most (more this week than the last)."""
    most = [{"name": name, "count": n, "before": last.get(name, 0)} for name, n in this.most_common(TOP)]
    rising = sorted(
        (
            {"name": name, "count": n, "before": last.get(name, 0)}
            for name, n in this.items()
            if n > last.get(name, 0)
        ),
        key=lambda row: (-(row["count"] - row["before"]), -row["count"], row["name"]),
    )[:TOP]
    return {"most": most, "rising": rising}
