"""Whether an SMS may go now: expiry, the opt-out list, quiet hours and rate limits.

Staff get their work notices at any hour and without limits; members of the public get nothing at
night unless it is urgent, no more than the court's hourly and daily limits, and nothing at all
after they opted out, except answers to messages they sent themselves.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.core.hashing import keyed_hash
from court12368.notifications.models import Audience, Notification, OptOut, SmsEvent, Status
from court12368.notifications.templating import settings_for

# Answers to an SMS the person just sent: never held back by opt-out, quiet hours or limits.
ANSWERS = frozenset(
    {
        SmsEvent.CASE_STATUS,
        SmsEvent.QUERY_FAILED,
        SmsEvent.HELP,
        SmsEvent.RECEIVED,
        SmsEvent.REQUEST_RECEIVED,
        SmsEvent.RATED,
        SmsEvent.UNSUBSCRIBED,
    }
)


@dataclass(frozen=True)
class Verdict:
    status: str = ""  # a final status instead of sending (expired, suppressed)
    wait_until: dt.datetime | None = None
    reason: str = ""

    @property
    def go(self) -> bool:
        return not self.status and self.wait_until is None


def opt_out_digest(phone: str) -> str:
    return keyed_hash("sms-opt-out", phone)


def is_opted_out(phone: str) -> bool:
    return OptOut.objects.filter(phone_digest=opt_out_digest(phone)).exists()


def quiet_until(local_now: dt.datetime, start: dt.time, end: dt.time) -> dt.datetime | None:
    """When the quiet hours around ``local_now`` end, or None outside them. [start, end) may wrap midnight."""
    if start == end:
        return None
    moment = local_now.time()
    inside = start <= moment < end if start < end else (moment >= start or moment < end)
    if not inside:
        return None
    day = local_now.date()
    if start > end and moment >= start:
        day += dt.timedelta(days=1)
    return local_now.replace(
        year=day.year, month=day.month, day=day.day, hour=end.hour, minute=end.minute, second=0, microsecond=0
    )


def rate_limited_until(row: Notification, now: dt.datetime, hourly: int, daily: int) -> dt.datetime | None:
    """When the number may get its next SMS, or None if it may get one now."""
    earlier = (
        Notification.objects.filter(phone=row.phone, claimed_at__gt=now - dt.timedelta(days=1))
        .exclude(pk=row.pk)
        .order_by("-claimed_at")
        .values_list("claimed_at", flat=True)
    )
    times = list(earlier[: max(hourly, daily)])
    last_hour = [t for t in times if t > now - dt.timedelta(hours=1)]
    waits = []
    if hourly and len(last_hour) >= hourly:
        waits.append(last_hour[hourly - 1] + dt.timedelta(hours=1))
    if daily and len(times) >= daily:
        waits.append(times[daily - 1] + dt.timedelta(days=1))
    return max(waits) if waits else None


def decide(row: Notification, now: dt.datetime) -> Verdict:
    if row.expires_at and now >= row.expires_at:
        return Verdict(status=Status.EXPIRED, reason=_("Not sent in time."))
    if row.audience == Audience.STAFF or row.event in ANSWERS:
        return Verdict()
    if is_opted_out(row.phone):
        return Verdict(status=Status.SUPPRESSED, reason=_("The number has opted out of SMS."))
    sms_settings = settings_for(row.court)
    if not row.urgent:
        until = quiet_until(timezone.localtime(now), sms_settings.quiet_start, sms_settings.quiet_end)
        if until:
            return Verdict(wait_until=until, reason=_("Quiet hours."))
    until = rate_limited_until(row, now, sms_settings.hourly_limit, sms_settings.daily_limit)
    if until:
        return Verdict(wait_until=until, reason=_("Rate limit for this number."))
    return Verdict()
