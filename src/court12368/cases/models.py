"""The case registry: a mirror of the court's trial-process system, as much as 12368 may tell."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from court12368.courts.models import Court


class CaseCategory(models.TextChoices):
    CIVIL = "civil", _("Civil")
    CRIMINAL = "criminal", _("Criminal")
    ADMINISTRATIVE = "administrative", _("Administrative")
    ENFORCEMENT = "enforcement", _("Enforcement")
    COMPENSATION = "compensation", _("State compensation")
    OTHER = "other", _("Other")


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary procedure")
    SUMMARY = "summary", _("Summary procedure")
    SMALL_CLAIMS = "small_claims", _("Small claims")
    SECOND_INSTANCE = "second_instance", _("Second instance")
    RETRIAL = "retrial", _("Retrial")
    ENFORCEMENT = "enforcement", _("Enforcement")
    SPECIAL = "special", _("Special procedure")
    OTHER = "other", _("Other")


class Acceptance(models.TextChoices):
    PENDING = "pending", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class Stage(models.TextChoices):
    FILED = "filed", _("Filed")
    PRE_TRIAL = "pre_trial", _("Preparing for trial")
    IN_TRIAL = "in_trial", _("In trial")
    AWAITING_JUDGMENT = "awaiting_judgment", _("Awaiting judgment")
    DECIDED = "decided", _("Decided")
    SUSPENDED = "suspended", _("Suspended")
    ENFORCING = "enforcing", _("Being enforced")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    number = models.CharField(_("case number"), max_length=64, unique=True)
    court = models.ForeignKey(Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="cases")
    year = models.PositiveSmallIntegerField(_("year"))
    type_code = models.CharField(_("type code"), max_length=8)
    category = models.CharField(_("category"), max_length=16, choices=CaseCategory.choices)
    cause = models.CharField(_("cause of action"), max_length=100, blank=True)
    procedure = models.CharField(_("procedure"), max_length=20, choices=Procedure.choices)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    acceptance = models.CharField(
        _("acceptance"), max_length=16, choices=Acceptance.choices, default=Acceptance.ACCEPTED
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.FILED)
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("judge in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    judge_name = models.CharField(_("judge in charge"), max_length=32, blank=True)
    clerk_name = models.CharField(_("clerk"), max_length=32, blank=True)
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("clerk"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    panel = models.CharField(_("collegial panel"), max_length=200, blank=True)
    result = models.CharField(_("result"), max_length=200, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    fee_charged = models.DecimalField(_("fee charged"), max_digits=14, decimal_places=2, default=0)
    fee_paid = models.DecimalField(_("fee paid"), max_digits=14, decimal_places=2, default=0)
    fee_refunded = models.DecimalField(_("fee refunded"), max_digits=14, decimal_places=2, default=0)
    time_limit_due = models.DateField(_("trial time limit ends"), null=True, blank=True)
    appeal_sent_on = models.DateField(_("file sent to the higher court"), null=True, blank=True)
    appeal_court = models.ForeignKey(
        Court,
        verbose_name=_("appeal court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    appeal_filed_on = models.DateField(_("filed at the higher court"), null=True, blank=True)
    appeal_case_number = models.CharField(_("case number at the higher court"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["court", "year", "type_code"], name="case_court_type_idx")]

    def __str__(self) -> str:
        return self.number


class TimeLimitChange(models.Model):
    """An extension of the trial time limit, or a period excluded from it (民诉解释 art. 243)."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", _("Extension")
        SUSPENSION = "suspension", _("Excluded period")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="time_limit_changes")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True)
    # An extension needs the court president's approval (民事诉讼法 art. 152): who approved, or the document.
    approval = models.CharField(_("approved by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("time-limit change")
        verbose_name_plural = _("time-limit changes")
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.starts_on}"


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", _("Plaintiff")
    DEFENDANT = "defendant", _("Defendant")
    THIRD_PARTY = "third_party", _("Third party")
    APPELLANT = "appellant", _("Appellant")
    APPELLEE = "appellee", _("Appellee")
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    ACCUSED = "accused", _("Defendant (criminal)")
    VICTIM = "victim", _("Victim")


class PartyKind(models.TextChoices):
    NATURAL = "natural", _("Natural person")
    LEGAL = "legal", _("Legal person")
    OTHER = "other", _("Other organisation")


class Party(models.Model):
    """A party. The ID number is kept only as a keyed hash (for matching) and a masked copy."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=16, choices=PartyRole.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices, default=PartyKind.NATURAL)
    id_digest = models.CharField(max_length=64, blank=True, db_index=True)
    id_masked = models.CharField(_("ID number"), max_length=32, blank=True)
    phone = models.CharField(_("reserved phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class AgentAdLitem(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="agents")
    name = models.CharField(_("name"), max_length=50)
    firm = models.CharField(_("law firm"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("agent ad litem")
        verbose_name_plural = _("agents ad litem")

    def __str__(self) -> str:
        return self.name


class Hearing(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    starts_at = models.DateTimeField(_("time"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    courtroom = models.CharField(_("courtroom"), max_length=50, blank=True)
    # The start time the parties were last reminded of; a moved hearing gets a new reminder.
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"], name="hearing_starts_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.starts_at:%Y-%m-%d %H:%M}"


class ProgressEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("time"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    description = models.CharField(_("description"), max_length=200)

    class Meta:
        verbose_name = _("progress event")
        verbose_name_plural = _("progress events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.at:%Y-%m-%d} {self.description}"


class ServicePassword(models.Model):
    """One litigation service password per party, stored only as a keyed hash of the digits.

    The digest is unique across the registry so the voice menu can find the case from the password
    alone; the clear value is shown once, to whoever generated or imported it, and never again.
    """

    party = models.OneToOneField(Party, on_delete=models.CASCADE, related_name="service_password")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service password")
        verbose_name_plural = _("service passwords")

    def __str__(self) -> str:
        return f"{self.party} ******"


FAILED = models.Q(success=False)


class VerificationAttempt(models.Model):
    """Every identity check, kept to count failures per key (cases/lockouts.py): the case, the caller's
    number, the portal visitor's address, the staff account or API client and its end user, and for
    password-only checks the court's line and the wrong password's digest."""

    at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=16)
    method = models.CharField(max_length=20, blank=True)
    success = models.BooleanField()
    court = models.ForeignKey(  # the line's own index below serves it
        Court, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    caller_digest = models.CharField(max_length=64, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)  # only where the address is the person's own
    account = models.CharField(max_length=32, blank=True)  # "staff:<pk>" or "client:<pk>"
    end_user = models.CharField(max_length=64, blank=True)  # keyed digest of an API client's own user
    guess_digest = models.CharField(max_length=64, blank=True)  # keyed digest of a wrong password

    class Meta:
        verbose_name = _("verification attempt")
        verbose_name_plural = _("verification attempts")
        # Only failures are ever counted. Partial indexes keep each count to the failures: one address
        # (a court's consoles behind one NAT, the app's gateway) makes thousands of good checks an hour,
        # and with them in the index every lookup read them all.
        indexes = [
            models.Index(fields=["case", "at"], name="attempt_failed_case_idx", condition=FAILED),
            models.Index(fields=["caller_digest", "at"], name="attempt_failed_caller_idx", condition=FAILED),
            models.Index(fields=["ip", "at"], name="attempt_failed_ip_idx", condition=FAILED),
            models.Index(fields=["account", "at"], name="attempt_failed_account_idx", condition=FAILED),
            models.Index(fields=["end_user", "at"], name="attempt_failed_end_user_idx", condition=FAILED),
            models.Index(fields=["guess_digest", "at"], name="attempt_failed_guess_idx", condition=FAILED),
            models.Index(
                fields=["court", "channel", "at"],
                name="attempt_failed_line_idx",
                condition=FAILED & models.Q(method="password"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.channel} {'ok' if self.success else 'failed'}"
