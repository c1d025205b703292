"""API clients: systems (trial-process systems, WeChat mini-programs, apps) that call the open API.

A client belongs to a court, holds scopes, and authenticates with a bearer token that is stored only
as a keyed hash. The portal/API issue adds the management pages and more scopes.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.courts.models import Court


class Scope(models.TextChoices):
    CASES_SYNC = "cases:sync", _("Upload cases from the trial-process system")
    CASES_QUERY = "cases:query", _("Query cases for verified parties")
    REQUESTS = "requests", _("Submit and follow requests, read the update feed")
    APPOINTMENTS = "appointments", _("Book and cancel appointments")


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=100)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="api_clients"
    )
    scopes = models.JSONField(_("scopes"), default=list)
    token_digest = models.CharField(max_length=64, unique=True)
    token_hint = models.CharField(_("token ends with"), max_length=8, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.court})"

    @property
    def usable(self) -> bool:
        return self.is_active and (self.expires_at is None or self.expires_at > timezone.now())


class IdempotentResponse(models.Model):
    """The answer given to a create request with an ``Idempotency-Key``: a retry gets it again."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)  # route and body: the same key with other data is refused
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idempotent response")
        verbose_name_plural = _("idempotent responses")
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="one_response_per_key")]

    def __str__(self) -> str:
        return f"{self.client} {self.key}"
