"""The call queue: callers the voice line put through to an agent wait here until one answers on the
console, whose next logged call is linked to them. The voice line (ivr) only puts callers in, watches
their turn and notes who hung up; the answering and its hand-off to the console are the console's."""

import datetime as dt

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.core import audit, rollup_days
from court12368.courts.queries import court_judges
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
    return QueuedCall.objects.select_related("agent", "transfer_to").get(pk=queued.pk)


def answered_call(agent, pk) -> QueuedCall | None:
    """The queued call this agent answered and has not logged yet (the console fills in the caller)."""
    if not pk:
        return None
    return QueuedCall.objects.filter(pk=pk, agent=agent, call__isnull=True).first()


def link_call(queued: QueuedCall, call: Call) -> None:
    QueuedCall.objects.filter(pk=queued.pk).update(call=call)
    recording = QueuedCall.objects.filter(pk=queued.pk).values_list("recording_ref", flat=True).first()
    if recording:  # the line's recording of the conversation, whichever of the two came first
        Call.objects.filter(pk=call.pk, recording_ref="").update(recording_ref=recording)


def attach_recording(queued: QueuedCall, path: str) -> None:
    """The line records the conversation it bridges: on the queued call, and on the call logged for it."""
    QueuedCall.objects.filter(pk=queued.pk).update(recording_ref=path)
    if queued.call_id:
        Call.objects.filter(pk=queued.call_id, recording_ref="").update(recording_ref=path)


def staff_phone(staff) -> tuple[str, str, str]:
    """How the line reaches a member of staff: (login, SIP address, office number) — the phone they
    registered with their login first, then the SIP address or office number set on their record."""
    return staff.username, staff.sip_uri, staff.office_phone


def judges_to_put_through(court):
    """The judges an agent may put a caller through to (contact-judge): the court's own, active."""
    return court_judges(court)


@transaction.atomic
def request_transfer(queued: QueuedCall, agent, judge) -> None:
    """The agent who has the caller on the line asks for them to be put through to ``judge``."""
    queued = QueuedCall.objects.select_for_update().get(pk=queued.pk)
    if queued.agent_id != agent.pk or queued.abandoned_at or queued.transferred_at:
        raise AlreadyTaken(_("This caller is no longer on your line."))
    if judge.court_id != queued.court_id or not judge.is_active:
        raise AlreadyTaken(_("Choose a judge of this court."))
    QueuedCall.objects.filter(pk=queued.pk).update(transfer_to=judge)
    audit.record("hotline.transfer_requested", channel="phone", actor=agent, subject=queued, judge=judge.pk)


def transfer_settled(queued: QueuedCall, *, answered: bool, now=None) -> None:
    queued = QueuedCall.objects.get(pk=queued.pk)
    """The line's outcome of a transfer: put through (the caller is the judge's now), or not reached."""
    if answered:
        QueuedCall.objects.filter(pk=queued.pk).update(transferred_at=now or timezone.now())
    else:
        QueuedCall.objects.filter(pk=queued.pk).update(transfer_to=None)
    action = "hotline.transferred" if answered else "hotline.transfer_unanswered"
    audit.record(action, channel="ivr", subject=queued, judge=queued.transfer_to_id)


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
