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


class KpiDay(models.Model):
    """The KPI counts of one closed day (Beijing time) for one group: the court, a department, a handler
    or an agent. Every KPI count is a sum of events, so a period's figures are the sum of its days; a
    closed day never changes, so the sweeper writes it once (`reports.services.roll_up_day`)."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    grouping = models.CharField(max_length=10)  # court | department | handler | agent (kpis.GROUPS)
    group = models.PositiveBigIntegerField(null=True)  # the department's or staff member's id; None: none
    counts = models.JSONField(default=dict)  # kpis.Figures.counts; the court row is written even when empty

    class Meta:
        verbose_name = _("daily KPI figures")
        verbose_name_plural = _("daily KPI figures")
        constraints = [
            models.UniqueConstraint(
                fields=["court", "grouping", "day", "group"],
                name="one_kpi_row_per_group_and_day",
            )  # also the index a period's read uses
        ]

    def __str__(self) -> str:
        return f"{self.court_id} {self.day} {self.grouping} {self.group}"


class LedgerExport(models.Model):
    """A ledger export too large to write while the browser waits: the task worker writes it
    (`export_jobs.build_ledger_export`) and its requester downloads it from the status page."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.CASCADE)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"))
    query = models.JSONField()  # the ledger's filter parameters, checked again by the task
    filters_text = models.TextField(blank=True)
    language = models.CharField(max_length=10)
    rows = models.PositiveIntegerField(_("rows"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    file = models.FileField(upload_to="exports/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("ledger export")
        verbose_name_plural = _("ledger exports")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.court} {self.requested_at:%Y-%m-%d %H:%M} ({self.rows})"
