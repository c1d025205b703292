"""Calls. Every call is logged (每电必登) and becomes a work order, answered on the spot or dispatched.
Callers waiting on the voice line for an agent are queued here until one answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from court12368.core.channels import Channel
from court12368.courts.models import Court


class Call(models.Model):
    court = models.ForeignKey(Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="calls")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.PHONE)
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    caller_number = models.CharField(_("caller's number"), max_length=20, blank=True, db_index=True)
    rang_at = models.DateTimeField(_("rang"))
    answered_at = models.DateTimeField(_("answered"))
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("what the caller said"))
    answer = models.TextField(_("answer given"), blank=True)
    recording_ref = models.CharField(_("recording"), max_length=200, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    work_order = models.ForeignKey(
        "workorders.WorkOrder",
        verbose_name=_("work order"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    abusive = models.BooleanField(_("abusive or harassing"), default=False)
    urgent = models.BooleanField(_("urgent or agitated"), default=False)
    # The request classifier's guess from a voicemail's machine transcript (ivr/transcripts.py), kept
    # beside the call so the agent confirming the order sees it and their choice is learnt from.
    suggested_kind = models.CharField(_("suggested type"), max_length=20, blank=True)
    suggested_sub_kind = models.CharField(_("suggested sub-kind"), max_length=40, blank=True)
    suggested_confidence = models.FloatField(_("suggestion confidence"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-answered_at"]
        indexes = [models.Index(fields=["court", "caller_number", "answered_at"], name="call_history_idx")]

    def __str__(self) -> str:
        return f"{self.answered_at:%Y-%m-%d %H:%M} {self.caller_name or '-'}"

    @property
    def wait_seconds(self) -> int:
        return max(0, int((self.answered_at - self.rang_at).total_seconds()))


class QueuedCall(models.Model):
    """A caller who chose "agent" on the voice line: waits here until an agent answers (the console's
    screen-pop), and is linked to the call the agent logs."""

    court = models.ForeignKey(Court, verbose_name=_("court"), on_delete=models.CASCADE)
    caller_number = models.CharField(_("caller's number"), max_length=20)
    channel_ref = models.CharField(_("line"), max_length=100, blank=True)  # SIP Call-ID or AGI channel
    entered_at = models.DateTimeField(_("waiting since"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    abandoned_at = models.DateTimeField(_("hung up"), null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), null=True, blank=True, on_delete=models.SET_NULL
    )
    call = models.OneToOneField(
        Call,
        verbose_name=_("call logged"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="queued",
    )
    # The conversation through the line (ivr/sip/bridge.py): its two-channel recording, and the judge the
    # agent asked to put the caller through to (the line rings them; transferred_at once they answered).
    recording_ref = models.CharField(_("recording"), max_length=200, blank=True)
    transfer_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("put through to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    transferred_at = models.DateTimeField(_("put through"), null=True, blank=True)

    class Meta:
        verbose_name = _("queued call")
        verbose_name_plural = _("call queue")
        indexes = [
            models.Index(fields=["court", "answered_at", "abandoned_at"], name="queue_waiting_idx"),
            models.Index(fields=["court", "entered_at"], name="queue_entered_idx"),  # the KPIs of a period
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.entered_at:%H:%M:%S}"

    @property
    def answer_seconds(self) -> float | None:
        return (self.answered_at - self.entered_at).total_seconds() if self.answered_at else None
