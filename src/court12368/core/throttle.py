"""Limits on what one address may do in a window, counted from the audit log that records it anyway."""

import datetime as dt

from django.utils import timezone

from court12368.core.models import AuditEntry


def too_many(
    action: str, *, ip: str | None, limit: int, window: dt.timedelta = dt.timedelta(hours=1)
) -> bool:
    if not ip:
        return False
    since = timezone.now() - window
    return AuditEntry.objects.filter(action=action, ip=ip, at__gte=since).count() >= limit
