"""The outbox: queue notifications in the caller's transaction, send them after commit.

Sending is at most once per row: a row is claimed (queued → sending) by a conditional update that
only one worker can win, and the claim is committed before the gateway is called. A worker that
dies after the claim leaves the row ``sending``; the relay later marks it failed with the outcome
unknown rather than risk a second SMS. Failures where the gateway surely took nothing are retried
with exponential backoff.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.core import audit
from court12368.core.hashing import keyed_hash
from court12368.core.privacy import mask_phone
from court12368.core.rows import insert_many
from court12368.core.tasks import task
from court12368.notifications import policy, segments, transports
from court12368.notifications.models import Audience, Channel, Notification, OptOut, Status
from court12368.notifications.phones import InvalidPhone, normalize_mobile
from court12368.notifications.templating import settings_for

log = logging.getLogger(__name__)
DELIVER_MANY = 50  # SMS per delivery task when a sweep round queues many


# ---- queueing ---------------------------------------------------------------------------------
def notify_staff(staff, *, event: str, body: str, key: str, sms: bool = True) -> list[Notification]:
    """An in-app message, and an SMS when the member of staff has a mobile and ``sms`` is asked for.

    ``key`` identifies the causing event; with the recipient and channel it makes the row's
    idempotency key, so notifying twice for one event writes nothing the second time.
    """
    created = []
    for key_, fields in _staff_rows(staff, event=event, body=body, key=key, sms=sms):
        row = _queue(key_, **fields)
        if row:
            created.append(row)
    return created


def notify_staff_many(notices, *, sms: bool = True) -> int:
    """``notify_staff`` for many (staff, event, body, key) at once, as one multi-row insert: what a
    sweep round sends. Rows whose idempotency key exists already (or repeats in ``notices``) are left
    out; returns how many were written. For a caller that holds the rows it notifies about (the sweep's
    locked batch): between the read of the existing keys and the insert nobody else writes these keys."""
    wanted: dict[str, Notification] = {}
    for staff, event, body, key in notices:
        for key_, fields in _staff_rows(staff, event=event, body=body, key=key, sms=sms):
            wanted.setdefault(key_, Notification(idempotency_key=key_, **_filled(fields)))
    keys = list(wanted)
    for start in range(0, len(keys), 500):
        existing = Notification.objects.filter(idempotency_key__in=keys[start : start + 500])
        for key_ in existing.values_list("idempotency_key", flat=True):
            wanted.pop(key_, None)
    insert_many(Notification, wanted.values())
    sms = [key for key, row in wanted.items() if row.channel == Channel.SMS]
    texts = []
    for start in range(0, len(sms), 500):
        written = Notification.objects.filter(idempotency_key__in=sms[start : start + 500])
        texts += written.values_list("pk", flat=True)
    if texts:
        transaction.on_commit(lambda: _enqueue_all(sorted(texts)))
    return len(wanted)


def _staff_rows(staff, *, event: str, body: str, key: str, sms: bool):
    """(idempotency key, fields) of the rows telling ``staff``: in-app, and SMS where they have a mobile."""
    mobile = ""
    if sms and staff.mobile:
        try:
            mobile = normalize_mobile(staff.mobile)
        except InvalidPhone:
            log.warning(
                "staff %s has no valid mobile (%s); in-app notice only", staff.pk, mask_phone(staff.mobile)
            )
    for channel, phone in [(Channel.IN_APP, "")] + ([(Channel.SMS, mobile)] if mobile else []):
        fields = dict(channel=channel, court_id=staff.court_id, recipient=staff, phone=phone, event=event)
        yield f"{key}:{staff.pk}:{channel}", {**fields, "audience": Audience.STAFF, "body": body}


def notify_phone(
    phone: str, *, event: str, body: str, key: str, court=None, urgent: bool = False
) -> Notification | None:
    """An SMS to a member of the public. Raises InvalidPhone for a number that cannot take SMS."""
    phone = normalize_mobile(phone)
    return _queue(
        f"{key}:{phone}:{Channel.SMS}",
        channel=Channel.SMS,
        court=court,
        phone=phone,
        audience=Audience.PUBLIC,
        urgent=urgent,
        event=event,
        body=body,
    )


def _filled(fields: dict) -> dict:
    """A new row's fields with what its channel adds: delivered at once in-app, SMS parts and expiry."""
    now = timezone.now()
    if fields["channel"] == Channel.IN_APP:
        return {**fields, "status": Status.DELIVERED, "delivered_at": now}  # shown in the app from now on
    return {
        **fields,
        "parts": segments.count(fields["body"]),
        "expires_at": now + dt.timedelta(hours=settings.SMS_EXPIRE_HOURS),
        "enqueued_at": now,
    }


def _queue(idempotency_key: str, **fields) -> Notification | None:
    try:
        with transaction.atomic():  # a savepoint: a duplicate must not spoil the caller's transaction
            row = Notification.objects.create(idempotency_key=idempotency_key, **_filled(fields))
    except IntegrityError:
        return None
    if row.channel == Channel.SMS:
        transaction.on_commit(lambda: _enqueue(row.pk))
    return row


def _enqueue_all(pks: list[int]) -> None:
    """Hand many queued SMS to the task workers a few dozen a task, in one transaction: a sweep round's
    texts cost a handful of task rows and one commit, not one each."""
    try:
        with transaction.atomic():
            for start in range(0, len(pks), DELIVER_MANY):
                deliver_many.enqueue(pks[start : start + DELIVER_MANY])
    except Exception:  # the relay will enqueue them again; the business change is already committed
        log.exception("could not enqueue %d SMS; the relay will retry", len(pks))


def _enqueue(pk: int) -> None:
    try:
        deliver.enqueue(pk)
    except Exception:  # the relay will enqueue it again; the business change is already committed
        log.exception("could not enqueue SMS %s; the relay will retry", pk)


# ---- sending ----------------------------------------------------------------------------------
@task()
def deliver(notification_id: int) -> str:
    return send_now(notification_id)


@task()
def deliver_many(notification_ids: list[int]) -> str:
    """Each SMS in turn, as ``deliver`` would; one that fails leaves the rest to go on."""
    outcomes = []
    for pk in notification_ids:
        try:
            outcomes.append(send_now(pk))
        except Exception:  # the row stays queued or sending: the relay settles or re-enqueues it
            log.exception("SMS %s not sent", pk)
            outcomes.append("error")
    return ", ".join(outcomes)


def send_now(pk: int, *, now: dt.datetime | None = None, transport=None) -> str:
    """Try to send one queued SMS; returns what happened (for logs and tests)."""
    now = now or timezone.now()
    row = Notification.objects.select_related("court").filter(pk=pk, status=Status.QUEUED).first()
    if row is None:
        return "already handled"
    if row.next_attempt_at and row.next_attempt_at > now:
        return "not due"
    queued = Notification.objects.filter(pk=pk, status=Status.QUEUED)
    verdict = policy.decide(row, now)
    if verdict.status:
        queued.update(status=verdict.status, last_error=verdict.reason)
        return verdict.status
    if verdict.wait_until:
        queued.update(next_attempt_at=verdict.wait_until, last_error=verdict.reason, enqueued_at=None)
        return "deferred"
    transport = transport or transports.configured()
    # The claim: exactly one worker gets 1 here, and it is committed before the gateway is called.
    if not queued.update(
        status=Status.SENDING, claimed_at=now, attempts=row.attempts + 1, transport=transport.name
    ):
        return "already handled"
    row.attempts += 1
    outgoing = transports.OutgoingSms(
        id=row.pk,
        phone=row.phone,
        body=row.body,
        sender=_sender(row),
        dlr_url=dlr_url(row.pk),
        event=row.event,
    )
    try:
        receipt = transport.send(outgoing)
    except transports.SendError as error:
        return _failed(row, error, now)
    sending = Notification.objects.filter(pk=pk)
    sending.filter(status=Status.SENDING).update(
        status=Status.SENT, sent_at=now, gateway_message_id=receipt.gateway_message_id[:100]
    )
    sending.filter(sent_at__isnull=True).update(sent_at=now)  # a delivery report may have come first
    log.info("SMS %s to %s handed to %s (%d parts)", row.pk, mask_phone(row.phone), transport.name, row.parts)
    return "sent"


def _failed(row: Notification, error: transports.SendError, now: dt.datetime) -> str:
    sending = Notification.objects.filter(pk=row.pk, status=Status.SENDING)
    retry_at = now + backoff(row.attempts)
    if (
        error.retry
        and row.attempts < settings.SMS_MAX_ATTEMPTS
        and (not row.expires_at or retry_at < row.expires_at)
    ):
        sending.update(
            status=Status.QUEUED, next_attempt_at=retry_at, last_error=str(error)[:300], enqueued_at=None
        )
        log.warning("SMS %s to %s will be retried at %s: %s", row.pk, mask_phone(row.phone), retry_at, error)
        return "retry"
    sending.update(status=Status.FAILED, last_error=str(error)[:300])
    log.error("SMS %s to %s failed: %s", row.pk, mask_phone(row.phone), error)
    return "failed"


def backoff(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, … doubling after each attempt, capped."""
    return dt.timedelta(
        seconds=min(settings.SMS_RETRY_BASE * 2 ** max(attempts - 1, 0), settings.SMS_RETRY_CAP)
    )


def _sender(row: Notification) -> str:
    return settings_for(row.court).inbound_number or settings.SMS_SENDER


# ---- delivery reports -------------------------------------------------------------------------
def dlr_signature(pk: int) -> str:
    return keyed_hash("sms-dlr", str(pk))[:24]


def dlr_url(pk: int) -> str:
    # Kannel fills in %d (report type) and %F (the SMSC's message id) when it calls back.
    return f"{settings.PUBLIC_URL}/sms/kannel/dlr/?id={pk}&sig={dlr_signature(pk)}&type=%d&smsc_id=%F"


# Kannel's report types: 1 delivered to the phone, 2 not delivered, 4 queued at the SMSC,
# 8 accepted by the SMSC, 16 rejected by the SMSC.
FINAL = {1: Status.DELIVERED, 2: Status.FAILED, 16: Status.FAILED}


def record_delivery_report(pk: int, report_type: int, smsc_id: str = "", *, now=None) -> bool:
    """Apply one report; a final state never changes again, and an early report is not lost.

    Returns whether the message is ours (a report for an unknown id is refused by the view).
    """
    now = now or timezone.now()
    open_rows = Notification.objects.filter(pk=pk, status__in=[Status.SENDING, Status.SENT])
    if smsc_id:
        open_rows.filter(gateway_message_id="").update(gateway_message_id=smsc_id[:100])
    if report_type in FINAL:
        changes = {"status": FINAL[report_type]}
        if report_type == 1:
            changes["delivered_at"] = now
        else:
            changes["last_error"] = _("Delivery report: not delivered (type %(type)s).") % {
                "type": report_type
            }
        open_rows.update(**changes)
    elif report_type == 8:
        open_rows.filter(status=Status.SENDING).update(status=Status.SENT, sent_at=now)
    return Notification.objects.filter(pk=pk).exists()


# ---- the relay (run by the sweeper) -----------------------------------------------------------
def relay(now: dt.datetime | None = None, batch: int = 500) -> int:
    """Expire what is too old, settle rows whose worker died mid-send, and enqueue what is due."""
    now = now or timezone.now()
    handled = Notification.objects.filter(status=Status.QUEUED, expires_at__lte=now).update(
        status=Status.EXPIRED, last_error=_("Not sent in time.")
    )
    handled += Notification.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - dt.timedelta(seconds=settings.SMS_STUCK_AFTER)
    ).update(
        status=Status.FAILED,
        last_error=_("The worker stopped while sending; not sent again, so that no one gets it twice."),
    )
    due = list(
        Notification.objects.filter(status=Status.QUEUED, channel=Channel.SMS)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(
            Q(enqueued_at__isnull=True)
            | Q(enqueued_at__lt=now - dt.timedelta(seconds=settings.SMS_REENQUEUE_AFTER))
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    if due:
        Notification.objects.filter(pk__in=due).update(enqueued_at=now)
        for pk in due:
            _enqueue(pk)
    return handled + len(due)


def requeue(pks) -> int:
    """An operator's decision to try failed or expired SMS again (the only way such a row is resent)."""
    now = timezone.now()
    count = Notification.objects.filter(pk__in=pks, status__in=[Status.FAILED, Status.EXPIRED]).update(
        status=Status.QUEUED,
        next_attempt_at=None,
        enqueued_at=None,
        claimed_at=None,
        expires_at=now + dt.timedelta(hours=settings.SMS_EXPIRE_HOURS),
        last_error="",
    )
    return count


# ---- opt-out ----------------------------------------------------------------------------------
def opt_out(phone: str, *, source: str = "sms", channel: str = "sms", actor=None) -> bool:
    """Put the number on the opt-out list; queued SMS to it that are not answers are withdrawn."""
    phone = normalize_mobile(phone)
    digest = policy.opt_out_digest(phone)
    with transaction.atomic():
        _row, created = OptOut.objects.get_or_create(
            phone_digest=digest, defaults={"masked_phone": mask_phone(phone), "source": source}
        )
        Notification.objects.filter(phone=phone, status=Status.QUEUED, audience=Audience.PUBLIC).exclude(
            event__in=policy.ANSWERS
        ).update(status=Status.SUPPRESSED, last_error=_("The number has opted out of SMS."))
        audit.record("sms_opt_out", channel=channel, actor=actor, caller=phone, source=source)
    return created
