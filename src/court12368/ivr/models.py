"""A court's voice menu and its own recorded prompts (the callers waiting for an agent are hotline's
`QueuedCall`)."""

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
