"""The audit log: who saw or did what, when, through which channel. Append-only.

The security issue adds a hash chain and the verification command; rows here are already never
updated or deleted by the application.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=16)  # console, ivr, portal, api, sms, system
    action = models.CharField(_("action"), max_length=40, db_index=True)
    subject_type = models.CharField(_("subject type"), max_length=40, blank=True)
    subject_id = models.CharField(_("subject"), max_length=64, blank=True)
    caller = models.CharField(_("caller number (masked)"), max_length=20, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # Whose court the entry concerns (the subject's, else the actor's), so a court's administrator and
    # inspectors read their court's share. A number, not a key: core sits below the courts app.
    court = models.PositiveIntegerField(_("court"), null=True, blank=True, db_index=True)
    # The tamper-evident chain (core/auditchain.py): the sealer numbers entries in the order it seals
    # them and hashes each with the one before; the database refuses to change or delete a sealed entry.
    seq = models.PositiveBigIntegerField(_("chain position"), null=True, blank=True, unique=True)
    hash = models.CharField(_("chain hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "at"], name="audit_subject_idx"),
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed_idx"),
            # The portal's rate limits count one address's recent actions (core.throttle).
            models.Index(fields=["action", "ip", "at"], name="audit_throttle_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M:%S} {self.channel} {self.action} {self.subject_type}:{self.subject_id}"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are never deleted")


class AuditSeal(models.Model):
    """The head of the audit chain: one row, locked by the sealer while it appends."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    sealed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:12]}"


class SweeperBeat(models.Model):
    """Each running sweeper's last round, for readiness and metrics: several sweepers may run (each sweep
    claims its rows), and one that stopped shows as an old beat."""

    name = models.CharField(max_length=120, unique=True)  # host:pid
    beat_at = models.DateTimeField()
    rounds = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("sweeper beat")
        verbose_name_plural = _("sweeper beats")

    def __str__(self) -> str:
        return f"{self.name} {self.beat_at:%Y-%m-%d %H:%M:%S}"
