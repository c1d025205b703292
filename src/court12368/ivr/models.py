"""A court's voice menu and its own recorded prompts, and the calls waiting for an agent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from court12368.ivr.machine import PHRASES


class MenuItem(models.Model):
    class Kind(models.TextChoices):
        CASE_QUERY = "case_query", _("Case query by service password")
        SUBMENU = "submenu", _("Sub-menu")
        ARTICLE = "article", _("Read a procedural answer")
        AGENT = "agent", _("Transfer to an agent (working hours)")
        VOICEMAIL = "voicemail", _("Leave a message (after hours)")

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.CASCADE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    digit = models.CharField(_("key"), max_length=1, choices=[(str(d), str(d)) for d in range(10)])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    label = models.CharField(_("spoken name"), max_length=60)
    article = models.ForeignKey(
        "knowledge.Article", verbose_name=_("answer read"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("voice menu item")
        verbose_name_plural = _("voice menu")
        constraints = [models.UniqueConstraint(fields=["court", "parent", "digit"], name="one_item_per_key")]
        ordering = ["court", "parent_id", "digit"]

    def __str__(self) -> str:
        return f"{self.digit} {self.label}"


class Prompt(models.Model):
    """A court's own recording for a static prompt (welcome, transfer, voicemail, goodbye...)."""

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.CASCADE)
    key = models.CharField(
        _("prompt"), max_length=30, choices=[(key, f"{key}：{text[:24]}") for key, text in PHRASES.items()]
    )
    audio = models.FileField(_("recording (8 kHz mono WAV)"), upload_to="ivr/prompts/")

    class Meta:
        verbose_name = _("recorded prompt")
        verbose_name_plural = _("recorded prompts")
        constraints = [models.UniqueConstraint(fields=["court", "key"], name="one_recording_per_prompt")]

    def __str__(self) -> str:
        return f"{self.court} · {self.key}"


class QueuedCall(models.Model):
    """A caller who chose "agent": waits here until an agent answers (the console's screen-pop)."""

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.CASCADE)
    caller_number = models.CharField(_("caller's number"), max_length=20)
    channel_ref = models.CharField(_("line"), max_length=100, blank=True)  # SIP Call-ID or AGI channel
    entered_at = models.DateTimeField(_("waiting since"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    abandoned_at = models.DateTimeField(_("hung up"), null=True, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("agent"), null=True, blank=True, on_delete=models.SET_NULL
    )
    call = models.OneToOneField(
        "hotline.Call",
        verbose_name=_("call logged"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="queued",
    )

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
