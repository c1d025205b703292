"""Outbox gauges for /metrics: SMS and notifications of the last day by delivery state, failures included."""

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from court12368.core.metrics import gauge
from court12368.notifications.models import Notification


@gauge(
    "court12368_notifications_last_day", "Notifications created in the last 24 hours, by state", ("status",)
)
def last_day():
    since = timezone.now() - dt.timedelta(days=1)
    rows = Notification.objects.filter(created_at__gte=since).values("status").annotate(n=Count("pk"))
    return [({"status": row["status"]}, row["n"]) for row in rows]
