"""Work orders (core) and the per-court deadline policy that drives their clocks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from court12368.courts.models import Court, Department


class Unit(models.TextChoices):
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")
    CALENDAR_DAYS = "calendar_days", _("days (rest days at the end roll over)")


class Target(models.TextChoices):
    DEPARTMENT_HEAD = "department_head", _("Head of the handling department")
    LEADER_IN_CHARGE = "leader_in_charge", _("Court leader in charge")
    CIRCULAR = "circular", _("Named in the periodic circular")


class DeadlinePolicy(models.Model):
    """How long each step may take, and who is told when it takes longer. One per court."""

    court = models.OneToOneField(
        Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="deadline_policy"
    )
    name = models.CharField(_("name"), max_length=50)
    version = models.PositiveIntegerField(_("version"), default=1)
    dispatch_amount = models.PositiveIntegerField(_("dispatch within"))
    dispatch_unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    reply_amount = models.PositiveIntegerField(_("handle and reply within"))
    reply_unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices)
    warn_before_hours = models.PositiveIntegerField(
        _("yellow light, working hours before the deadline"), default=4
    )
    repeat_call_counts_as_overdue = models.BooleanField(
        _("a repeat call about an unanswered order makes it overdue"), default=False
    )

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")

    def __str__(self) -> str:
        return f"{self.court}: {self.name} v{self.version}"


class EscalationStep(models.Model):
    """After the reply deadline, step ``level`` happens ``after`` the deadline (counted from it)."""

    policy = models.ForeignKey(DeadlinePolicy, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField(_("level"))
    target = models.CharField(_("who is told"), max_length=32, choices=Target.choices)
    after_amount = models.PositiveIntegerField(_("after the deadline"), default=0)
    after_unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.WORKING_DAYS)

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation ladder")
        ordering = ["policy", "level"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "level"], name="escalation_step_unique_level")
        ]

    def __str__(self) -> str:
        return f"{self.level}: {self.get_target_display()}"


class OrderKind(models.TextChoices):
    CASE_QUERY = "case_query", _("Case query")
    CONSULTATION = "consultation", _("Litigation consultation")
    CONTACT_JUDGE = "contact_judge", _("Contact the judge")
    PETITION = "petition", _("Petition or appeal")
    COMPLAINT = "complaint", _("Complaint or report")
    OTHER = "other", _("Other")


class OrderState(models.TextChoices):
    OPEN = "open", _("Waiting to be dispatched")
    DISPATCHED = "dispatched", _("Dispatched, waiting for the reply")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


class Light(models.TextChoices):
    GREEN = "green", _("On time")
    YELLOW = "yellow", _("Deadline near")
    RED = "red", _("Overdue")


class ClockStep(models.TextChoices):
    """What happens when ``next_due_at`` is reached."""

    DISPATCH = "dispatch", _("Dispatch deadline")
    WARN = "warn", _("Yellow warning")
    REPLY = "reply", _("Reply deadline")
    ESCALATE = "escalate", _("Escalation")


class WorkOrder(models.Model):
    number = models.CharField(_("number"), max_length=32, unique=True)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="work_orders"
    )
    kind = models.CharField(_("type"), max_length=20, choices=OrderKind.choices)
    sub_kind = models.CharField(_("sub-kind"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=OrderState.choices, default=OrderState.OPEN)
    summary = models.TextField(_("content"))
    caller_phone = models.CharField(_("caller's phone"), max_length=20, blank=True)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("first responsible agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )

    created_at = models.DateTimeField(_("created"))
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    # The clock. ``cycle`` counts dispatches, so a re-dispatched order gets a fresh ladder.
    cycle = models.PositiveSmallIntegerField(default=0)
    dispatch_due = models.DateTimeField(_("dispatch due"), null=True, blank=True)
    reply_due = models.DateTimeField(_("reply due"), null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True)
    next_step = models.CharField(max_length=16, choices=ClockStep.choices, blank=True)
    light = models.CharField(_("light"), max_length=8, choices=Light.choices, default=Light.GREEN)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)
    was_overdue = models.BooleanField(_("was overdue"), default=False)
    supervised = models.BooleanField(_("under supervision"), default=False)
    repeat_calls = models.PositiveSmallIntegerField(_("repeat calls"), default=0)
    in_circular = models.BooleanField(_("named in the circular"), default=False)
    # How the pending deadlines were computed: policy and version, calendar years, reliability.
    deadline_basis = models.JSONField(_("deadline basis"), default=dict, blank=True)
    deadline_reliable = models.BooleanField(_("deadline reliable"), default=True)

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        indexes = [
            # The sweeper's only query: what is due, oldest first. Partial, so closed orders cost nothing.
            models.Index(
                fields=["next_due_at"], condition=Q(next_due_at__isnull=False), name="workorder_due_idx"
            ),
            models.Index(fields=["court", "state", "light"], name="workorder_board_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_active(self) -> bool:
        return self.state in (OrderState.OPEN, OrderState.DISPATCHED)


class DeadlineEvent(models.Model):
    """What the clock did to an order. Unique per (order, cycle, step): a replay never acts twice."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="deadline_events")
    cycle = models.PositiveSmallIntegerField()
    step = models.CharField(max_length=32)  # dispatch, warn, reply, escalate:1, repeat_call:3 ...
    due_at = models.DateTimeField(null=True, blank=True)
    happened_at = models.DateTimeField()
    target = models.CharField(max_length=32, blank=True)
    notified = models.JSONField(default=list, blank=True)  # staff ids told

    class Meta:
        verbose_name = _("deadline event")
        verbose_name_plural = _("deadline events")
        ordering = ["happened_at", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "cycle", "step"], name="deadline_event_once")]

    def __str__(self) -> str:
        return f"{self.order} {self.cycle}/{self.step}"

    def clean(self) -> None:
        if self.due_at and self.happened_at and self.happened_at < self.due_at:
            raise ValidationError(_("A deadline event cannot happen before it is due."))
