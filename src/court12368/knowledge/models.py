"""Procedural articles with their legal basis, versioned. Seeded from ``articles/*.json``."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    FILING = "filing", _("Filing a case")
    JURISDICTION = "jurisdiction", _("Jurisdiction")
    APPEAL = "appeal", _("Appeal")
    RETRIAL = "retrial", _("Retrial")
    TIME_LIMITS = "time_limits", _("Trial time limits")
    SERVICE = "service", _("Service of documents")
    EVIDENCE = "evidence", _("Evidence")
    CASE_FILES = "case_files", _("Reading case files")
    ENFORCEMENT = "enforcement", _("Enforcement")
    PETITION = "petition", _("Petitions")
    COSTS = "costs", _("Litigation costs")
    FEE_RELIEF = "fee_relief", _("Fee relief and judicial assistance")
    FEE_REFUND = "fee_refund", _("Fee refunds")
    MEDIATION = "mediation", _("Mediation")
    TRIAL_PROCEDURE = "trial_procedure", _("Trial procedure")
    RISK = "risk", _("Litigation risks")
    CASE_INFO = "case_info", _("Case information")


class Article(models.Model):
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title = models.CharField(_("question"), max_length=200)
    questions = models.JSONField(_("other ways to ask"), default=list, blank=True)
    body = models.TextField(_("answer"))
    short = models.CharField(_("short answer for the voice menu"), max_length=120)
    basis = models.JSONField(_("legal basis"), default=list)
    is_published = models.BooleanField(_("published"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["topic", "slug"]

    def __str__(self) -> str:
        return self.title


class ArticleVersion(models.Model):
    """Each saved version, so an answer given on a past day can be read as it was."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    short = models.CharField(max_length=120)
    basis = models.JSONField(default=list)
    saved_at = models.DateTimeField(auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        ordering = ["article", "-version"]
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="article_version_once")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class Correction(models.Model):
    """An agent's confirmed or corrected type for a text the classifier saw: material for retraining."""

    text = models.TextField(_("text"))
    suggested_type = models.CharField(_("suggested type"), max_length=20, blank=True)
    suggested_sub_kind = models.CharField(_("suggested sub-kind"), max_length=40, blank=True)
    chosen_type = models.CharField(_("chosen type"), max_length=20)
    chosen_sub_kind = models.CharField(_("chosen sub-kind"), max_length=40, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("classifier correction")
        verbose_name_plural = _("classifier corrections")

    def __str__(self) -> str:
        return f"{self.suggested_type}/{self.suggested_sub_kind} → {self.chosen_type}/{self.chosen_sub_kind}"


class FeeSchedule(models.Model):
    """A court's figures within the ranges 诉讼费用交纳办法 leaves to the provinces, and its rounding."""

    class Rounding(models.TextChoices):
        HALF_UP = "ROUND_HALF_UP", _("Round half up")
        DOWN = "ROUND_DOWN", _("Round down")
        UP = "ROUND_UP", _("Round up")

    court = models.OneToOneField(
        "courts.Court", on_delete=models.CASCADE, related_name="fee_schedule", verbose_name=_("court")
    )
    divorce = models.DecimalField(_("divorce case (50-300)"), max_digits=8, decimal_places=2, default=50)
    personality = models.DecimalField(
        _("personality rights case (100-500)"), max_digits=8, decimal_places=2, default=100
    )
    non_property = models.DecimalField(
        _("other non-property case (50-100)"), max_digits=8, decimal_places=2, default=50
    )
    ip_without_amount = models.DecimalField(
        _("IP case without an amount (500-1000)"), max_digits=8, decimal_places=2, default=500
    )
    jurisdiction_objection = models.DecimalField(
        _("failed jurisdiction objection (50-100)"), max_digits=8, decimal_places=2, default=50
    )
    enforcement_without_amount = models.DecimalField(
        _("enforcement without an amount (50-500)"), max_digits=8, decimal_places=2, default=50
    )
    quantum = models.DecimalField(_("round to"), max_digits=4, decimal_places=2, default=Decimal("0.01"))
    rounding = models.CharField(
        _("rounding"), max_length=16, choices=Rounding.choices, default=Rounding.HALF_UP
    )

    RANGES = {
        "divorce": (50, 300),
        "personality": (100, 500),
        "non_property": (50, 100),
        "ip_without_amount": (500, 1000),
        "jurisdiction_objection": (50, 100),
        "enforcement_without_amount": (50, 500),
    }

    class Meta:
        verbose_name = _("fee schedule")
        verbose_name_plural = _("fee schedules")

    def __str__(self) -> str:
        return str(self.court)

    def clean(self) -> None:
        errors = {}
        for name, (low, high) in self.RANGES.items():
            value = getattr(self, name)
            if value is not None and not low <= value <= high:
                errors[name] = _(
                    "Must be between %(low)s and %(high)s yuan (诉讼费用交纳办法 art. 13-14)."
                ) % {"low": low, "high": high}
        if self.quantum not in (Decimal("0.01"), Decimal("0.1"), Decimal("1")):
            errors["quantum"] = _("Round to 0.01, 0.1 or 1 yuan.")
        if errors:
            raise ValidationError(errors)
