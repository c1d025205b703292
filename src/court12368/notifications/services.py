"""Queue notifications in the caller's transaction; deliver them after commit through the task worker."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from court12368.core.privacy import mask_phone
from court12368.core.tasks import task
from court12368.notifications.models import Channel, Notification, Status

log = logging.getLogger(__name__)


def notify_staff(staff, *, event: str, body: str, key: str, sms: bool = True) -> list[Notification]:
    """An in-app message, and an SMS when the member of staff has a mobile and ``sms`` is asked for.

    ``key`` identifies the causing event; with the recipient and channel it makes the row's
    idempotency key, so notifying twice for one event writes nothing the second time.
    """
    channels = [Channel.IN_APP] + ([Channel.SMS] if sms and staff.mobile else [])
    created = []
    for channel in channels:
        phone = staff.mobile if channel == Channel.SMS else ""
        row = _queue(
            f"{key}:{staff.pk}:{channel}",
            channel=channel,
            recipient=staff,
            phone=phone,
            event=event,
            body=body,
        )
        if row:
            created.append(row)
    return created


def _queue(idempotency_key: str, **fields) -> Notification | None:
    try:
        with transaction.atomic():  # a savepoint: a duplicate must not spoil the caller's transaction
            row = Notification.objects.create(idempotency_key=idempotency_key, **fields)
    except IntegrityError:
        return None
    if row.channel == Channel.SMS:
        transaction.on_commit(lambda: deliver.enqueue(row.pk))
    return row


@task()
def deliver(notification_id: int) -> str:
    """Send one queued SMS. Claims the row first, so a second worker never sends it again."""
    claimed = Notification.objects.filter(pk=notification_id, status=Status.QUEUED).update(
        status=Status.SENT, attempts=1, sent_at=timezone.now()
    )
    if not claimed:
        return "already handled"
    row = Notification.objects.get(pk=notification_id)
    # Console transport, the embedded default until a gateway is configured.
    log.info("SMS to %s (%s): %s", mask_phone(row.phone), row.event, row.body)
    return "sent"


def notify_phone(phone: str, *, event: str, body: str, key: str) -> Notification | None:
    """An SMS to a number that is not a member of staff (a caller, a party)."""
    return _queue(f"{key}:{phone}:{Channel.SMS}", channel=Channel.SMS, phone=phone, event=event, body=body)
