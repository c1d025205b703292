"""The outbox and the SMS settings it sends under.

Every notification is a row written in the transaction of the change that causes it (the
transactional outbox); workers send it afterwards. Templates, quiet hours and rate limits are per
court; the opt-out list is per number. Incoming SMS are the SMS channel's (``court12368.sms``).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from court12368.core.privacy import mask_phone
from court12368.notifications.texts import SmsEvent, check_template

__all__ = ["SmsEvent"]  # where most code imports it from


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    IN_APP = "in_app", _("In-app message")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    SUPPRESSED = "suppressed", _("Not sent (opted out)")


class Audience(models.TextChoices):
    STAFF = "staff", _("Staff")
    PUBLIC = "public", _("Public")


class Notification(models.Model):
    # One row per (event, recipient, channel): a replayed event cannot notify anyone twice.
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    court = models.ForeignKey(
        "courts.Court", verbose_name=_("court"), null=True, blank=True, on_delete=models.SET_NULL
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    audience = models.CharField(_("audience"), max_length=8, choices=Audience.choices, default=Audience.STAFF)
    urgent = models.BooleanField(_("urgent"), default=False, help_text=_("Sent even in quiet hours."))
    event = models.CharField(_("event"), max_length=50)
    body = models.TextField(_("text"))
    parts = models.PositiveSmallIntegerField(_("SMS parts"), default=1)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    transport = models.CharField(_("transport"), max_length=20, blank=True)
    gateway_message_id = models.CharField(_("gateway message id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # When the next attempt may run (backoff, quiet hours, rate limit); null means now.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # When a delivery task was last enqueued: the relay re-enqueues rows whose task went missing.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)  # in-app notices only

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["status", "created_at"], name="notification_status_idx"),
            # The relay's query: what is queued and due. Partial, so the sent history costs nothing.
            models.Index(
                fields=["next_attempt_at"], condition=Q(status="queued"), name="notification_due_idx"
            ),
            models.Index(fields=["phone", "claimed_at"], name="notification_rate_idx"),
            models.Index(fields=["recipient", "channel", "created_at"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.event} → {self.recipient or mask_phone(self.phone)}"


class SmsTemplate(models.Model):
    """A court's own wording for one event; without a row, the built-in Chinese text is used."""

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.CASCADE)
    event = models.CharField(_("event"), max_length=50, choices=SmsEvent.choices)
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("SMS template")
        verbose_name_plural = _("SMS templates")
        constraints = [models.UniqueConstraint(fields=["court", "event"], name="one_template_per_event")]

    def __str__(self) -> str:
        return f"{self.court} · {self.get_event_display()}"

    def clean(self) -> None:
        check_template(self.event, self.body)


class SmsSettings(models.Model):
    """How a court's SMS go out: signature, the number people text, quiet hours, rate limits."""

    court = models.OneToOneField(
        "courts.Court", verbose_name=_("court"), on_delete=models.CASCADE, related_name="sms_settings"
    )
    signature = models.CharField(
        _("signature"),
        max_length=20,
        blank=True,
        help_text=_("Put in 【】 at the start of every SMS; the court's short name when empty."),
    )
    inbound_number = models.CharField(
        _("number for incoming SMS"),
        max_length=21,
        blank=True,
        help_text=_("The number the public texts; incoming SMS to it belong to this court."),
    )
    quiet_start = models.TimeField(_("quiet hours start"), default=dt.time(21, 0))
    quiet_end = models.TimeField(_("quiet hours end"), default=dt.time(8, 0))
    hourly_limit = models.PositiveSmallIntegerField(
        _("SMS per number per hour"), default=5, help_text=_("For members of the public; staff are exempt.")
    )
    daily_limit = models.PositiveSmallIntegerField(_("SMS per number per day"), default=20)
    route_guide = models.TextField(
        _("how to get there"), blank=True, help_text=_("Bus and metro lines, sent with the court's address.")
    )

    class Meta:
        verbose_name = _("SMS settings")
        verbose_name_plural = _("SMS settings")

    def __str__(self) -> str:
        return str(self.court)


class OptOut(models.Model):
    """A number that asked for no more SMS (退订). Kept as a keyed hash, never in clear."""

    phone_digest = models.CharField(max_length=64, unique=True)
    masked_phone = models.CharField(_("phone"), max_length=20)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=16, default="sms")

    class Meta:
        verbose_name = _("SMS opt-out")
        verbose_name_plural = _("SMS opt-outs")

    def __str__(self) -> str:
        return self.masked_phone
