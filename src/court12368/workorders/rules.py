"""Routing rules: where an order goes, as data per court (义乌法院工单办理办法 art. 4 as the default
table)."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from court12368.courts.models import Court, Department, DepartmentKind, Role, Staff
from court12368.workorders.models import OrderKind, SubKind


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


# (name, type, sub-kind, target, department kind, written report) — 义乌法院工单办理办法 art. 4.
YIWU_ROUTING_RULES = [
    (
        "联系不上法官再次来电：转承办法官",
        OrderKind.CONTACT_JUDGE,
        SubKind.REPEAT_CONTACT,
        RuleTarget.JUDGE_IN_CHARGE,
        "",
        False,
    ),
    (
        "信访申诉：转信访部门负责人",
        OrderKind.PETITION,
        "",
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.PETITION,
        False,
    ),
    (
        "作风、拖延、错判、回避等线索不明：转承办法官所在部门负责人",
        OrderKind.COMPLAINT,
        SubKind.CONDUCT,
        RuleTarget.JUDGE_DEPARTMENT_HEAD,
        "",
        False,
    ),
    (
        "不立案、拖延立案、态度恶劣：转立案诉讼服务部门负责人并书面报告",
        OrderKind.COMPLAINT,
        SubKind.FILING,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.FILING,
        True,
    ),
    (
        "执行工作问题：转执行监督部门督办",
        OrderKind.COMPLAINT,
        SubKind.ENFORCEMENT,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.ENFORCEMENT_SUPERVISION,
        False,
    ),
    (
        "违纪线索明确具体：转违法违纪举报中心",
        OrderKind.COMPLAINT,
        SubKind.VIOLATION,
        RuleTarget.DEPARTMENT_HEAD,
        DepartmentKind.DISCIPLINE,
        False,
    ),
    (
        "辱骂、骚扰：录音整理成书面材料层报院领导",
        OrderKind.OTHER,
        SubKind.ABUSIVE,
        RuleTarget.LEADERS,
        "",
        True,
    ),
    (
        "过激言行或情况紧急：立即层报庭长并报院领导",
        OrderKind.OTHER,
        SubKind.URGENT,
        RuleTarget.CHAIN_OF_COMMAND,
        "",
        False,
    ),
    (
        "无法当场解答的咨询：转值班法官",
        OrderKind.CONSULTATION,
        SubKind.HARD_QUESTION,
        RuleTarget.DUTY_JUDGE,
        "",
        False,
    ),
]


@dataclass
class Route:
    rule: RoutingRule
    handler: Staff | None
    department: Department | None
    also_notify: list[Staff] = field(default_factory=list)
    # The department's active heads when resolving read them, so dispatch need not read them again.
    heads: list[Staff] | None = None


def _heads(department: Department | None) -> list[Staff]:
    if department is None:
        return []
    return list(
        Staff.objects.filter(department=department, role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk")
    )


def _department_of_kind(court: Court, kind: str) -> Department | None:
    return Department.objects.filter(court=court, kind=kind).order_by("pk").first()


def _leaders(court: Court) -> list[Staff]:
    return list(Staff.objects.filter(court=court, role=Role.LEADER, is_active=True).order_by("pk"))


def resolve(rule: RoutingRule, court: Court, case=None) -> Route | None:
    """Who the rule's target is for this court and case; None when nobody fits (the agent decides)."""
    judge = case.judge if case is not None and case.judge_id else None
    judge_department = judge.department if judge else None
    if rule.target == RuleTarget.JUDGE_IN_CHARGE:
        if judge and judge.is_active:
            return Route(rule, judge, judge_department)
        heads = _heads(judge_department)
        return Route(rule, heads[0], judge_department) if heads else None
    if rule.target == RuleTarget.JUDGE_DEPARTMENT_HEAD:
        heads = _heads(judge_department)
        return Route(rule, heads[0], judge_department, heads[1:], heads=heads) if heads else None
    if rule.target == RuleTarget.DEPARTMENT_HEAD:
        department = _department_of_kind(court, rule.department_kind)
        heads = _heads(department)
        if department is None:
            return None
        return Route(rule, heads[0] if heads else None, department, heads[1:], heads=heads)
    if rule.target == RuleTarget.LEADERS:
        leaders = _leaders(court)
        return Route(rule, leaders[0], leaders[0].department, leaders[1:]) if leaders else None
    if rule.target == RuleTarget.CHAIN_OF_COMMAND:
        department = judge_department or _department_of_kind(court, DepartmentKind.LITIGATION_SERVICE)
        heads = _heads(department)
        leaders = _leaders(court)
        if heads:
            return Route(rule, heads[0], department, heads[1:] + leaders)
        return Route(rule, leaders[0], leaders[0].department, leaders[1:]) if leaders else None
    if rule.target == RuleTarget.DUTY_JUDGE:
        duty = Staff.objects.filter(court=court, role=Role.DUTY_JUDGE, is_active=True).order_by("pk").first()
        return Route(rule, duty, duty.department) if duty else None
    raise ValueError(f"unknown target {rule.target!r}")


def find_route(court: Court, kind: str, sub_kind: str, case=None) -> Route | None:
    for rule in RoutingRule.objects.filter(court=court, is_active=True).order_by("priority", "pk"):
        if rule.matches(kind, sub_kind):
            return resolve(rule, court, case)
    return None
