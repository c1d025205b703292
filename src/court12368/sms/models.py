"""The SMS channel's record: every incoming SMS as received."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from court12368.core.privacy import mask_phone


class InboundSms(models.Model):
    """One SMS received from the gateway, with what it was taken to mean and what came of it."""

    class Outcome(models.TextChoices):
        CASE_STATUS = "case_status", _("Case status sent")
        QUERY_FAILED = "query_failed", _("Case query refused")
        ORDER_MESSAGE = "order_message", _("Added to a work order")
        RATED = "rated", _("Handling rated")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        HELP = "help", _("Help sent")
        FOR_AGENT = "for_agent", _("Waiting for an agent")
        MADE_ORDER = "made_order", _("Made into a work order")
        DISMISSED = "dismissed", _("Dismissed by an agent")
        RATE_LIMITED = "rate_limited", _("Ignored: too many messages")

    gateway_id = models.CharField(max_length=100, unique=True)
    received_at = models.DateTimeField(_("received"))
    phone = models.CharField(pgettext_lazy("sms sender", "from"), max_length=20)
    to_number = models.CharField(_("to"), max_length=21, blank=True)
    court = models.ForeignKey(
        "courts.Court", verbose_name=_("court"), null=True, blank=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("text"))
    command = models.CharField(_("command"), max_length=20, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        verbose_name = _("incoming SMS")
        verbose_name_plural = _("incoming SMS")
        indexes = [
            models.Index(fields=["outcome", "received_at"], name="inbound_queue_idx"),
            models.Index(fields=["phone", "received_at"], name="inbound_rate_idx"),
        ]

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.received_at:%Y-%m-%d %H:%M}"
