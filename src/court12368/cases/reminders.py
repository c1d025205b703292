"""Hearing reminders: an SMS to every party and agent ad litem with a mobile, the day before."""

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from court12368.cases.models import Hearing
from court12368.notifications.models import SmsEvent
from court12368.notifications.phones import InvalidPhone
from court12368.notifications.services import notify_phone
from court12368.notifications.templating import render

log = logging.getLogger(__name__)

AHEAD = dt.timedelta(hours=24)
TOO_LATE = dt.timedelta(hours=1)  # closer than this to the start, a reminder is noise


def remind_hearings(now: dt.datetime | None = None, batch: int = 500) -> int:
    now = now or timezone.now()
    due = (
        Hearing.objects.filter(starts_at__gt=now + TOO_LATE, starts_at__lte=now + AHEAD)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("starts_at")))
        .select_related("case__court")
        .prefetch_related("case__parties__agents")
        .order_by("starts_at")[:batch]
    )
    count = 0
    for hearing in due:
        with transaction.atomic():
            claimed = (
                Hearing.objects.filter(pk=hearing.pk, starts_at=hearing.starts_at)
                .exclude(reminded_for=hearing.starts_at)
                .update(reminded_for=hearing.starts_at)
            )
            if claimed:
                count += _remind(hearing)
    return count


def _remind(hearing: Hearing) -> int:
    case = hearing.case
    body = render(
        case.court,
        SmsEvent.HEARING_REMINDER,
        case_number=case.number,
        date_time=hearing.starts_at,
        place="".join(filter(None, [hearing.place, hearing.courtroom])) or case.court.address,
    )
    numbers = {p.phone for p in case.parties.all() if p.phone}
    numbers |= {a.phone for p in case.parties.all() for a in p.agents.all() if a.phone}
    sent = 0
    for number in sorted(numbers):
        try:
            key = f"hearing:{hearing.pk}:{hearing.starts_at.isoformat()}"
            if notify_phone(number, event=SmsEvent.HEARING_REMINDER, body=body, key=key, court=case.court):
                sent += 1
        except InvalidPhone:
            log.info("hearing %s: a party's number cannot take SMS", hearing.pk)
    return sent
