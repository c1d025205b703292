"""A staff member's in-app notices as the outbox keeps them: the inbox, its unread count and marking read
(the pages that show them are the work orders', workorders/notices.py, which this room may not import)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from court12368.notifications.models import Channel, Notification


def inbox_of(user) -> QuerySet:
    """A staff member's own in-app notices, newest first (the inbox index: recipient, channel, time)."""
    return Notification.objects.filter(recipient=user, channel=Channel.IN_APP).order_by("-created_at")


def unread_count(user) -> int:
    return inbox_of(user).filter(read_at__isnull=True).count()


def mark_read(user, notice_pk: int) -> Notification:
    """One notice of the user's own read (another's reads as absent)."""
    notice = get_object_or_404(inbox_of(user), pk=notice_pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        Notification.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=notice.read_at)
    return notice


def mark_read_by_key(user, key_prefix: str) -> int:
    """The user's unread notices whose idempotency key starts so (the event they were told of): one UPDATE."""
    return (
        inbox_of(user)
        .filter(read_at__isnull=True, idempotency_key__startswith=key_prefix)
        .update(read_at=timezone.now())
    )


def mark_all_read(user) -> int:
    return inbox_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())
