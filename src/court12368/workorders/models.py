"""Work orders (core) and the per-court deadline policy that drives their clocks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from court12368.courts.models import Court, Department, DepartmentKind


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


class SubKind(models.TextChoices):
    """义乌法院工单办理办法 art. 4: what decides where an order goes."""

    REPEAT_CONTACT = "repeat_contact", _("Could not reach the judge, calling again")
    CONDUCT = "conduct", _("Conduct, delay, wrong judgment or recusal (leads not specific)")
    FILING = "filing", _("Filing refused or delayed, attitude at filing")
    ENFORCEMENT = "enforcement", _("Enforcement problems")
    VIOLATION = "violation", _("Violations with clear, specific leads")
    SUGGESTION = "suggestion", _("Suggestion or opinion")
    APPOINTMENT_FILING = "appointment_filing", _("Appointment: case filing")
    APPOINTMENT_MEDIATION = "appointment_mediation", _("Appointment: mediation")
    APPOINTMENT_JUDGE = "appointment_judge", _("Appointment: meeting a judge")
    APPOINTMENT_VIDEO_PETITION = "appointment_video_petition", _("Appointment: video petition")
    MEDIATION_GUIDANCE = "mediation_guidance", _("Pre-litigation mediation guidance")
    HARD_QUESTION = "hard_question", _("Question for the duty judge")
    ABUSIVE = "abusive", _("Abusive or harassing call")
    URGENT = "urgent", _("Urgent matter or agitated caller")


class OrderState(models.TextChoices):
    OPEN = "open", _("Waiting to be dispatched")
    DISPATCHED = "dispatched", _("Dispatched, waiting for the reply")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged by the handler")
    REPLIED = "replied", _("Replied")
    RESOLVED = "resolved", _("Resolved, caller to be informed")
    INFORMED = "informed", _("Caller informed, callback pending")
    CLOSED = "closed", _("Closed")


# The reply clock runs while the order waits for its handler.
WAITING_FOR_HANDLER = (OrderState.DISPATCHED, OrderState.ACKNOWLEDGED)
ACTIVE_STATES = (OrderState.OPEN, *WAITING_FOR_HANDLER)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


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
    # Six digits the caller quotes in an SMS (HF/PJ commands); it only counts with the caller's own number.
    short_code = models.CharField(_("short code"), max_length=6, blank=True, db_index=True)
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.PROTECT, related_name="work_orders"
    )
    kind = models.CharField(_("type"), max_length=20, choices=OrderKind.choices)
    sub_kind = models.CharField(_("sub-kind"), max_length=40, choices=SubKind.choices, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=OrderState.choices, default=OrderState.OPEN)
    summary = models.TextField(_("content"))
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    caller_phone = models.CharField(_("caller's phone"), max_length=20, blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_orders",
    )
    on_the_spot = models.BooleanField(_("answered on the spot"), default=False)
    hard = models.BooleanField(_("for the duty judge"), default=False)
    touches_procedural_rights = models.BooleanField(_("touches procedural rights"), default=False)
    routing_rule = models.ForeignKey(
        "RoutingRule",
        verbose_name=_("routing rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    routed_by = models.CharField(_("routed by"), max_length=100, blank=True)  # the rule's name, kept
    written_report_required = models.BooleanField(_("written report required"), default=False)
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
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    informed_at = models.DateTimeField(_("caller informed"), null=True, blank=True)
    callback_at = models.DateTimeField(_("called back"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True
    )
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)
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
    # 洛阳中院一号通办服务工作规范 art. 5(4): an order forwarded to another court (a lower court's staff, a
    # matter that court must handle) is a new order there; the forwarding court oversees it to the end.
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name=_("forwarded from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
    )
    # The court that forwarded it and reads it to its end (the access rule's one indexed column).
    overseen_by = models.ForeignKey(
        Court,
        verbose_name=_("overseen by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")
        indexes = [
            # The sweeper's only query: what is due, oldest first. Partial, so closed orders cost nothing.
            models.Index(
                fields=["next_due_at"], condition=Q(next_due_at__isnull=False), name="workorder_due_idx"
            ),
            models.Index(fields=["court", "state", "light"], name="workorder_board_idx"),
            # The red-light boards: overdue orders by department, longest first. Partial, as few are red.
            models.Index(
                fields=["court", "department", "overdue_since"],
                condition=Q(light="red"),
                name="workorder_red_idx",
            ),
            # The ledger, the dashboard's volumes and the hotspots: a court's orders by creation time.
            models.Index(fields=["court", "created_at"], name="workorder_ledger_idx"),
            # A handler's inbox: their orders in the waiting states, most urgent first.
            models.Index(fields=["handler", "state", "reply_due"], name="workorder_handler_idx"),
            # A caller's orders: the console's screen-pop and the top bar's search by phone.
            models.Index(fields=["court", "caller_phone"], name="workorder_caller_idx"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES


class DeadlineEvent(models.Model):
    """What the clock did to an order. Unique per (order, cycle, step): a replay never acts twice."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="deadline_events")
    cycle = models.PositiveSmallIntegerField()
    step = models.CharField(max_length=32)  # dispatch, warn, reply, escalate:1, repeat_call:3 ...
    due_at = models.DateTimeField(null=True, blank=True)
    happened_at = models.DateTimeField()
    target = models.CharField(max_length=32, blank=True)
    notified = models.JSONField(default=list, blank=True)  # staff ids told
    # Who had the order when it happened: statistics of a closed period never move with later transfers.
    department = models.ForeignKey(
        "courts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("deadline event")
        verbose_name_plural = _("deadline events")
        ordering = ["happened_at", "id"]
        constraints = [models.UniqueConstraint(fields=["order", "cycle", "step"], name="deadline_event_once")]
        indexes = [models.Index(fields=["happened_at"], name="clock_happened_idx")]  # the KPIs of a period

    def __str__(self) -> str:
        return f"{self.order} {self.cycle}/{self.step}"

    def clean(self) -> None:
        if self.due_at and self.happened_at and self.happened_at < self.due_at:
            raise ValidationError(_("A deadline event cannot happen before it is due."))


class OrderEntry(models.Model):
    """The order's timeline: every step, by whom, with any text. Never edited or deleted."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        ANSWERED = "answered", _("Answered on the spot")
        DISPATCHED = "dispatched", _("Dispatched")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REPLIED = "replied", _("Replied")
        RESOLVED = "resolved", _("Result accepted")
        INFORMED = "informed", _("Caller informed")
        CALLBACK = "callback", _("Called back")
        REOPENED = "reopened", _("Reopened")
        TRANSFERRED = "transferred", _("Transferred")
        RETURNED = "returned", _("Returned")
        REPEAT_CALL = "repeat_call", _("Caller called again")
        CALLER_MESSAGE = "caller_message", _("Message from the caller")
        CLOSED = "closed", _("Order closed")
        PETITION = "petition", _("Petition step")  # 信访工作条例's clocks (workorders/lifecycle/petitions.py)

    order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="entries")
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    text = models.TextField(_("text"), blank=True)
    # The SLA outcome of this step, as it stood when it happened (reports count these rows, so figures
    # for a closed period never change afterwards): who had the order, what was due, how late it was.
    kind = models.CharField(max_length=20, blank=True)
    cycle = models.PositiveSmallIntegerField(default=0)
    department = models.ForeignKey(
        "courts.Department", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    late_seconds = models.PositiveIntegerField(null=True, blank=True)  # 0: on time; null: nothing was due
    reached_handler = models.BooleanField(default=False)  # the handler had replied by then
    satisfaction = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name = _("order entry")
        verbose_name_plural = _("order timeline")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["action", "at"], name="entry_action_at_idx"),
            models.Index(fields=["at"], name="entry_at_idx"),  # the KPIs of a day or a period
        ]

    def __str__(self) -> str:
        return f"{self.order} {self.get_action_display()}"


class Attachment(models.Model):
    entry = models.ForeignKey(OrderEntry, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.name


class PetitionTrack(models.Model):
    """A petition's own clocks under 信访工作条例, beside the hotline's reply clock (dates are calendar
    days): art. 23 tell the petitioner within 15 days whether it is accepted; art. 34 handle within 60
    days of acceptance, extendable by at most 30 with approval and a reason; art. 35 a review asked within
    30 days of the written answer is answered within 30 days."""

    order = models.OneToOneField(WorkOrder, on_delete=models.CASCADE, related_name="petition")
    registered_on = models.DateField(_("registered"))
    accept_due = models.DateField(_("acceptance decided by"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    refused_on = models.DateField(_("not accepted on"), null=True, blank=True)
    handle_due = models.DateField(_("handled by"), null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(_("extended by (days)"), default=0)
    extension_reason = models.CharField(_("reason for the extension"), max_length=200, blank=True)
    answered_on = models.DateField(_("written answer given"), null=True, blank=True)
    review_requested_on = models.DateField(_("review requested"), null=True, blank=True)
    review_due = models.DateField(_("review answered by"), null=True, blank=True)
    reviewed_on = models.DateField(_("review answered"), null=True, blank=True)
    urged = models.JSONField(default=list, blank=True)  # which clocks the sweeper has urged on

    class Meta:
        verbose_name = _("petition clocks")
        verbose_name_plural = _("petition clocks")

    def __str__(self) -> str:
        return str(self.order)


class RuleTarget(models.TextChoices):
    JUDGE_IN_CHARGE = "judge_in_charge", _("Judge in charge of the case (else the department's head)")
    JUDGE_DEPARTMENT_HEAD = "judge_department_head", _("Head of the judge's department")
    DEPARTMENT_HEAD = "department_head", _("Head of a department of the given kind")
    LEADERS = "leaders", _("Court leaders")
    CHAIN_OF_COMMAND = "chain_of_command", _("Department head at once, and the court leaders")
    DUTY_JUDGE = "duty_judge", _("Duty judge")


class RoutingRule(models.Model):
    court = models.ForeignKey(
        Court, verbose_name=_("court"), on_delete=models.CASCADE, related_name="routing_rules"
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=100, help_text=_("Lower goes first."))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=OrderKind.choices)
    sub_kind = models.CharField(
        _("sub-kind"),
        max_length=40,
        choices=SubKind.choices,
        blank=True,
        help_text=_("Empty: any sub-kind of the type."),
    )
    target = models.CharField(_("goes to"), max_length=32, choices=RuleTarget.choices)
    department_kind = models.CharField(
        _("department kind"), max_length=32, choices=DepartmentKind.choices, blank=True
    )
    written_report_required = models.BooleanField(_("written report required"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["court", "priority", "pk"]

    def __str__(self) -> str:
        return self.name

    def matches(self, kind: str, sub_kind: str) -> bool:
        return self.is_active and self.kind == kind and self.sub_kind in ("", sub_kind)
