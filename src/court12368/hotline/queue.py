"""The call queue: callers the voice line put through to an agent wait here until one answers on the
console, whose next logged call is linked to them. The voice line (ivr) only puts callers in, watches
their turn and notes who hung up; the answering and its hand-off to the console are the console's."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.core import rollup_days
from court12368.hotline.models import Call, QueuedCall

ANSWER_TARGET = dt.timedelta(seconds=10)  # 洛阳中院一号通办规范: calls are answered within 10 seconds
ANSWER_TARGET_SECONDS = int(ANSWER_TARGET.total_seconds())
ANSWERED_CALL = "answered_queued_call"  # the session key the console reads to fill in the caller


class AlreadyTaken(ValueError):
    pass


def enqueue(court, *, caller_number: str, channel_ref: str = "", now=None) -> QueuedCall:
    queued = QueuedCall.objects.create(
        court=court, caller_number=caller_number, channel_ref=channel_ref, entered_at=now or timezone.now()
    )
    rollup_days.written(queued.court_id, queued.entered_at)
    return queued


def waiting(court):
    return QueuedCall.objects.filter(
        court=court, answered_at__isnull=True, abandoned_at__isnull=True
    ).order_by("entered_at")


@transaction.atomic
def answer(queued: QueuedCall, agent, *, now=None) -> QueuedCall:
    """An agent takes the call: the wait is measured against the 10-second target."""
    now = now or timezone.now()
    claimed = QueuedCall.objects.filter(
        pk=queued.pk, answered_at__isnull=True, abandoned_at__isnull=True
    ).update(answered_at=now, agent=agent)
    if not claimed:
        raise AlreadyTaken(_("Another agent has taken this call, or the caller hung up."))
    queued = QueuedCall.objects.get(pk=queued.pk)
    rollup_days.written(queued.court_id, queued.entered_at)  # the queue's figures count by the day it rang
    return queued


def abandon(queued: QueuedCall, *, now=None) -> None:
    if QueuedCall.objects.filter(pk=queued.pk, answered_at__isnull=True).update(
        abandoned_at=now or timezone.now()
    ):
        rollup_days.written(queued.court_id, queued.entered_at)


def refreshed(queued: QueuedCall) -> QueuedCall:
    return QueuedCall.objects.select_related("agent").get(pk=queued.pk)


def agent_phone(queued: QueuedCall) -> str:
    """The SIP address of the answering agent's phone, where one is set (else the agent calls back)."""
    return queued.agent.sip_uri if queued.agent_id else ""


def answered_call(agent, pk) -> QueuedCall | None:
    """The queued call this agent answered and has not logged yet (the console fills in the caller)."""
    if not pk:
        return None
    return QueuedCall.objects.filter(pk=pk, agent=agent, call__isnull=True).first()


def link_call(queued: QueuedCall, call: Call) -> None:
    QueuedCall.objects.filter(pk=queued.pk).update(call=call)


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
