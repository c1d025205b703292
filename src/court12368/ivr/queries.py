"""Reads about the voice line for others (reports): how the agents' queue was answered."""

import datetime as dt

from django.db.models import Count, F, Q

from court12368.ivr.models import QueuedCall

ANSWER_TARGET = dt.timedelta(seconds=10)  # 洛阳中院一号通办规范: calls are answered within 10 seconds


def queue_counts(court, start: dt.datetime, end: dt.datetime, *, by_agent: bool) -> list[dict]:
    """Callers who joined the queue in [start, end): how many ended (answered or gave up), how many were
    answered, and how many within the 10-second target; per answering agent when ``by_agent``."""
    calls = QueuedCall.objects.filter(court=court, entered_at__gte=start, entered_at__lt=end)
    counts = {
        "queue_ended": Count("pk", filter=Q(answered_at__isnull=False) | Q(abandoned_at__isnull=False)),
        "queue_answered": Count("pk", filter=Q(answered_at__isnull=False)),
        "queue_answered_10s": Count("pk", filter=Q(answered_at__lte=F("entered_at") + ANSWER_TARGET)),
    }
    if by_agent:
        return list(calls.values("agent_id").annotate(**counts))
    total = calls.aggregate(**counts)
    return [total] if total["queue_ended"] or calls.exists() else []
