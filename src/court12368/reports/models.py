"""Circulars (情况通报): the weekly or monthly account of a court's 12368 line, archived with its figures."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Circular(models.Model):
    class Period(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.PROTECT)
    period = models.CharField(_("period"), max_length=8, choices=Period.choices)
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))  # inclusive
    number = models.PositiveIntegerField(_("issue number"))  # per court and year: 2026年第5期
    created_at = models.DateTimeField(_("generated"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    figures = models.JSONField(_("figures"))  # the snapshot the documents are written from
    notes = models.TextField(_("improvement notes"), blank=True)
    docx = models.FileField(_("Word document"), upload_to="circulars/")
    pdf = models.FileField(_("PDF"), upload_to="circulars/")

    class Meta:
        verbose_name = _("circular")
        verbose_name_plural = _("circulars")
        ordering = ["-start", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["court", "period", "start"], name="one_circular_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.court} {self.start:%Y}年第{self.number}期"
