"""Limits on what one address may do in a window.

Without Redis the count comes from the audit log, which records these actions anyway (an index on
action, address and time keeps it a short range scan at any size). With Redis (``COURT12368_REDIS_URL``)
every process counts in one shared place instead and the check reads no table: a sliding window of six
buckets, so an action is forgotten between one window and one window plus a bucket after it happened
(never earlier than the limit says).
"""

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from court12368.core.models import AuditEntry

# The audited actions a limit is kept on; audit.record counts these in Redis when it is configured.
COUNTED = frozenset({"request_submitted", "request_track_failed", "appointment_cancel_failed"})
WINDOW = dt.timedelta(hours=1)
BUCKETS = 6


def too_many(action: str, *, ip: str | None, limit: int, window: dt.timedelta = WINDOW) -> bool:
    if action not in COUNTED:
        raise ValueError(f"{action!r} is not counted for limits; add it to throttle.COUNTED")
    if not ip:
        return False
    if settings.REDIS_URL:
        return sum(cache.get_many(_bucket_keys(action, ip, window)).values()) >= limit
    since = timezone.now() - window
    return AuditEntry.objects.filter(action=action, ip=ip, at__gte=since).count() >= limit


def note(action: str, ip: str | None, window: dt.timedelta = WINDOW) -> None:
    """Count an audited action towards its limit, once its transaction has committed."""
    if not (settings.REDIS_URL and ip and action in COUNTED):
        return
    key = _bucket_keys(action, ip, window)[-1]

    def count() -> None:
        if cache.add(key, 1, timeout=int((window + window / BUCKETS).total_seconds())):
            return
        cache.incr(key)

    transaction.on_commit(count)


def _bucket_keys(action: str, ip: str, window: dt.timedelta) -> list[str]:
    """The window's buckets, oldest first; the last is the current one."""
    width = window.total_seconds() / BUCKETS
    current = int(timezone.now().timestamp() // width)
    return [f"throttle:{action}:{ip}:{int(width)}:{n}" for n in range(current - BUCKETS, current + 1)]
