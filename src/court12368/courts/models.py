"""Courts, their departments and staff, service hours and the national holiday table."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from court12368.courts.codes import describe_court_code


class CourtLevel(models.TextChoices):
    SUPREME = "supreme", _("Supreme People's Court")
    HIGH = "high", _("High court")
    INTERMEDIATE = "intermediate", _("Intermediate court")
    BASIC = "basic", _("Basic court")


# A court may appeal only to the level directly above it (special courts aside, which an
# administrator links by hand).
PARENT_LEVEL = {
    CourtLevel.HIGH: CourtLevel.SUPREME,
    CourtLevel.INTERMEDIATE: CourtLevel.HIGH,
    CourtLevel.BASIC: CourtLevel.INTERMEDIATE,
}

court_code_validator = RegexValidator(
    r"^(最高法|[\u4e00-\u9fff](\d{2}|\d{4})?)$",
    _("A court code is 最高法, a province abbreviation, or the abbreviation followed by 2 or 4 digits."),
)
area_code_validator = RegexValidator(r"^0\d{2,3}$", _("An area code is 0 followed by 2 or 3 digits."))


class Court(models.Model):
    code = models.CharField(_("court code"), max_length=8, unique=True, validators=[court_code_validator])
    name = models.CharField(_("name"), max_length=64, unique=True)
    short_name = models.CharField(_("short name"), max_length=32, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=CourtLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("higher court"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region_code = models.CharField(
        _("administrative division code"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("A division code has 6 digits."))],
    )
    area_code = models.CharField(_("telephone area code"), max_length=4, validators=[area_code_validator])
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("court")
        verbose_name_plural = _("courts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def hotline(self) -> str:
        """The court's own public number, shown first (PublicNumber.is_primary); without one, the number
        callers outside the court's area dial (area code + 12368). Reads ``public_numbers`` through
        ``.all()``, so a list that prefetched them asks nothing more."""
        numbers = self.public_numbers.all() if self.pk else ()  # an unsaved court has none yet
        primary = next((n for n in numbers if n.is_primary), None)
        return primary.number if primary else f"{self.area_code}-12368"

    def clean(self) -> None:
        if self.code and self.level:
            try:
                info = describe_court_code(self.code)
            except ValueError as error:
                raise ValidationError({"code": str(error)}) from error
            if info.level != self.level:
                raise ValidationError(
                    {
                        "code": _("This code belongs to a %(level)s, not a %(chosen)s.")
                        % {"level": CourtLevel(info.level).label, "chosen": CourtLevel(self.level).label}
                    }
                )
        expected_parent = PARENT_LEVEL.get(self.level)
        if self.level == CourtLevel.SUPREME and self.parent_id:
            raise ValidationError({"parent": _("The Supreme People's Court has no higher court.")})
        if expected_parent and self.parent and self.parent.level != expected_parent:
            raise ValidationError(
                {
                    "parent": _("The higher court of a %(level)s must be a %(parent)s.")
                    % {"level": self.get_level_display(), "parent": expected_parent.label}
                }
            )


class DepartmentKind(models.TextChoices):
    """What a department does; routing rules target kinds, so every court can name its own."""

    LEADERSHIP = "leadership", _("Court leadership")
    LITIGATION_SERVICE = "litigation_service", _("Litigation service centre")
    FILING = "filing", _("Case filing division")
    CIVIL = "civil", _("Civil division")
    CRIMINAL = "criminal", _("Criminal division")
    ADMINISTRATIVE = "administrative", _("Administrative division")
    ENFORCEMENT = "enforcement", _("Enforcement bureau")
    ENFORCEMENT_SUPERVISION = "enforcement_supervision", _("Enforcement supervision")
    PETITION = "petition", _("Petition office")
    DISCIPLINE = "discipline", _("Discipline reporting centre")
    OTHER = "other", _("Other")


class Department(models.Model):
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32, choices=DepartmentKind.choices)
    phone = models.CharField(_("office phone"), max_length=32, blank=True)
    leader_in_charge = models.ForeignKey(
        "Staff",
        verbose_name=_("leader in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_departments",
        help_text=_("The court leader (分管院领导) who receives this department's escalations."),
    )
    # 洛阳中院一号通办服务工作规范 art. 5(6): each department names a contact person who takes its orders.
    contact_person = models.ForeignKey(
        "Staff",
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_for_departments",
        help_text=_("Takes the orders sent to this department first; the head is informed as before."),
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["court", "name"]
        constraints = [models.UniqueConstraint(fields=["court", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return f"{self.court.short_name or self.court.name} {self.name}"


class Role(models.TextChoices):
    AGENT = "agent", _("Seat agent")
    DUTY_JUDGE = "duty_judge", _("Duty judge")
    JUDGE = "judge", _("Judge")
    CLERK = "clerk", _("Clerk")
    DEPARTMENT_HEAD = "department_head", _("Department head")
    LEADER = "leader", _("Court leader")
    ADMINISTRATOR = "administrator", _("Administrator")


class StaffManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        # `createsuperuser` makes a platform administrator, who needs no court.
        extra_fields.setdefault("role", Role.ADMINISTRATOR)
        return super().create_superuser(username, email, password, **extra_fields)


class Staff(AbstractUser):
    """A member of court staff who signs in. The public never has an account."""

    objects = StaffManager()

    full_name = models.CharField(_("full name"), max_length=32, blank=True)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.AGENT)
    office_phone = models.CharField(_("office phone"), max_length=32, blank=True)
    # Where the voice line transfers a queued caller when this agent answers on the console.
    sip_uri = models.CharField(
        _("SIP phone"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^sips?:[^\s<>\"]+@[^\s<>\"]+$", _("Enter a SIP address, e.g. sip:8001@10.0.0.5.")
            )
        ],
    )
    # The SIP password as RFC 2617's HA1, MD5(login:realm:password): what digest needs, never the password
    # (ivr/sip/digest.py). Set on the staff page; empty: this person's phone cannot register with the line.
    sip_ha1 = models.CharField(_("SIP password (digest)"), max_length=32, blank=True, editable=False)
    mobile = models.CharField(
        _("mobile"),
        max_length=11,
        blank=True,
        validators=[RegexValidator(r"^1[3-9]\d{9}$", _("Enter a mainland mobile number of 11 digits."))],
    )

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            # Everyone but a platform-wide administrator belongs to a court.
            models.CheckConstraint(
                condition=Q(court__isnull=False) | Q(role="administrator"),
                name="staff_court_required",
            ),
            # Only a platform administrator is a superuser: a court's administrator holds the permissions
            # of the role (courts/roles.py), so a page added later is not theirs by default.
            models.CheckConstraint(
                condition=Q(is_superuser=False) | Q(court__isnull=True),
                name="staff_superuser_has_no_court",
                violation_error_message=_(
                    "Only a platform administrator, who belongs to no court, can be a superuser. "
                    "Untick superuser status or leave the court empty."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def reads_ledger(self) -> bool:
        """The 12368 centre, department heads, leaders and the court's administrators keep the ledger."""
        ledger_roles = (Role.AGENT, Role.DEPARTMENT_HEAD, Role.LEADER, Role.ADMINISTRATOR)
        return bool(self.court_id) and self.role in ledger_roles

    @property
    def leads_court(self) -> bool:
        """Court leaders and the court's administrators: the dashboard, every statistic, the circulars."""
        return bool(self.court_id) and self.role in (Role.LEADER, Role.ADMINISTRATOR)

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    def take_rights_from_role(self) -> None:
        """Administrators reach 系统配置; only a platform administrator (no court) is a superuser, a
        court's administrator gets the role's permissions (courts/roles.py)."""
        self.is_staff = self.role == Role.ADMINISTRATOR
        self.is_superuser = self.is_staff and not self.court_id

    def clean(self) -> None:
        super().clean()
        if self.department_id and self.court_id and self.department.court_id != self.court_id:
            raise ValidationError({"department": _("The department belongs to another court.")})
        if self.role != Role.ADMINISTRATOR and not self.court_id:
            raise ValidationError({"court": _("Staff other than administrators must belong to a court.")})


class ServiceHours(models.Model):
    """When the court's agents answer the line on a working day (lunch break optional)."""

    court = models.OneToOneField(
        Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="service_hours"
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    lunch_starts = models.TimeField(_("lunch break starts"), null=True, blank=True)
    lunch_ends = models.TimeField(_("lunch break ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")

    def __str__(self) -> str:
        text = f"{self.opens:%H:%M}-{self.closes:%H:%M}"
        if self.lunch_starts and self.lunch_ends:
            lunch = _("lunch break %(start)s-%(end)s") % {
                "start": f"{self.lunch_starts:%H:%M}",
                "end": f"{self.lunch_ends:%H:%M}",
            }
            text += f" ({lunch})"
        return text

    def clean(self) -> None:
        if self.opens is None or self.closes is None:
            return
        if self.opens >= self.closes:
            raise ValidationError(_("The line must open before it closes."))
        if (self.lunch_starts is None) != (self.lunch_ends is None):
            raise ValidationError(_("Give both the start and the end of the lunch break, or neither."))
        if self.lunch_starts and not (self.opens < self.lunch_starts < self.lunch_ends < self.closes):
            raise ValidationError(_("The lunch break must lie inside the service hours."))


class HolidayYear(models.Model):
    """One year of the State Council's holiday arrangement (放假安排).

    A provisional year was computed from the national holiday rules alone (no make-up days): deadlines
    that reach into it are shown as not reliable until the published arrangement is entered."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    provisional = models.BooleanField(
        _("provisional"),
        default=False,
        help_text=_("Computed from the holiday rules; the State Council's arrangement is not entered yet."),
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("holiday table")
        verbose_name_plural = _("holiday tables")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Statutory holiday (rest day)")
    MAKEUP_WORKDAY = "workday", _("Make-up working day (调休上班)")


class CalendarDay(models.Model):
    table = models.ForeignKey(
        HolidayYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("holiday"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("holiday or make-up day")
        verbose_name_plural = _("holidays and make-up days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"

    def clean(self) -> None:
        if self.date and self.table_id and self.date.year != self.table.year:
            raise ValidationError({"date": _("The date is not in the table's year.")})


class CourtClosure(models.Model):
    """A day this court is closed although the national calendar says work (e.g. a local event)."""

    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="closures"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("court closure")
        verbose_name_plural = _("court closures")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["court", "date"], name="closure_unique_day")]

    def __str__(self) -> str:
        return f"{self.court} {self.date} {self.reason}"


class HolidayRequest(models.Model):
    """A court administrator asks the platform administrators to enter (or correct) a year's holidays."""

    court = models.ForeignKey(Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    requested_by = models.ForeignKey(
        Staff, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)

    class Meta:
        verbose_name = _("holiday table request")
        verbose_name_plural = _("holiday table requests")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.court} {self.year}"


class HalfDay(models.TextChoices):
    WHOLE_DAY = "day", _("Whole day")
    MORNING = "am", _("Morning")
    AFTERNOON = "pm", _("Afternoon")


class DutyShift(models.Model):
    """洛阳中院一号通办服务工作规范 art. 7: the judge on duty for hard questions on a date (or half-day)."""

    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="duty_shifts"
    )
    date = models.DateField(_("date"))
    half = models.CharField(
        _("part of the day"), max_length=3, choices=HalfDay.choices, default=HalfDay.WHOLE_DAY
    )
    judge = models.ForeignKey(
        Staff, verbose_name=_("duty judge"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("duty shift")
        verbose_name_plural = _("duty roster")
        ordering = ["court", "date", "half"]
        constraints = [models.UniqueConstraint(fields=["court", "date", "half"], name="duty_shift_unique")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_half_display()} {self.judge}"

    def clean(self) -> None:
        if self.judge_id and self.court_id and self.judge.court_id != self.court_id:
            raise ValidationError({"judge": _("The duty judge belongs to another court.")})


class PublicNumber(models.Model):
    """A number the public dials for this court (its 12368 line, a direct line); the voice line maps the
    dialled number to the court."""

    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="public_numbers"
    )
    number = models.CharField(
        _("number"),
        max_length=20,
        validators=[
            RegexValidator(r"^[0-9-]{5,20}$", _("Enter digits, with the area code (e.g. 0579-12368)."))
        ],
    )
    label = models.CharField(_("label"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("shown first"), default=False)

    class Meta:
        verbose_name = _("public number")
        verbose_name_plural = _("public numbers")
        ordering = ["court", "-is_primary", "pk"]
        constraints = [models.UniqueConstraint(fields=["court", "number"], name="public_number_unique")]

    def __str__(self) -> str:
        return self.number
