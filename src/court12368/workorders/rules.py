"""Routing: where an order goes, from the court's rules (义乌法院工单办理办法 art. 4 as the default table,
workorders/presets.py) and who holds each duty today (courts/queries.py)."""

from dataclasses import dataclass, field

from court12368.courts import queries as duties
from court12368.courts.models import Court, Department, DepartmentKind, Staff
from court12368.workorders.models import RoutingRule, RuleTarget


@dataclass
class Route:
    rule: RoutingRule
    handler: Staff | None
    department: Department | None
    also_notify: list[Staff] = field(default_factory=list)
    # The department's active heads when resolving read them, so dispatch need not read them again.
    heads: list[Staff] | None = None


def resolve(rule: RoutingRule, court: Court, case=None) -> Route | None:
    """Who the rule's target is for this court and case; None when nobody fits (the agent decides)."""
    judge = case.judge if case is not None and case.judge_id else None
    judge_department = judge.department if judge else None
    if rule.target == RuleTarget.JUDGE_IN_CHARGE:
        if judge and judge.is_active:
            return Route(rule, judge, judge_department)
        to_department = _to_department(rule, judge_department)
        return to_department if to_department and to_department.handler else None
    if rule.target == RuleTarget.JUDGE_DEPARTMENT_HEAD:
        heads = duties.department_heads(judge_department)
        return Route(rule, heads[0], judge_department, heads[1:], heads=heads) if heads else None
    if rule.target == RuleTarget.DEPARTMENT_HEAD:
        return _to_department(rule, duties.department_of_kind(court, rule.department_kind))
    if rule.target == RuleTarget.LEADERS:
        leaders = duties.court_leaders(court)
        return Route(rule, leaders[0], leaders[0].department, leaders[1:]) if leaders else None
    if rule.target == RuleTarget.CHAIN_OF_COMMAND:
        department = judge_department or duties.department_of_kind(court, DepartmentKind.LITIGATION_SERVICE)
        heads = duties.department_heads(department)
        leaders = duties.court_leaders(court)
        if heads:
            return Route(rule, heads[0], department, heads[1:] + leaders)
        return Route(rule, leaders[0], leaders[0].department, leaders[1:]) if leaders else None
    if rule.target == RuleTarget.DUTY_JUDGE:
        duty = duties.duty_judge(court)
        return Route(rule, duty, duty.department) if duty else None
    raise ValueError(f"unknown target {rule.target!r}")


def _to_department(rule: RoutingRule, department: Department | None) -> Route | None:
    """An order for a department goes to its designated contact person first (洛阳中院一号通办服务工作规范
    第五条第六项), else to its first head; the heads are told either way (dispatch tells ``heads``), and
    take it if the complaint is about the contact person (confidential.route_around_subjects)."""
    if department is None:
        return None
    heads = duties.department_heads(department)
    contact = duties.contact_person(department)
    if contact is not None:
        return Route(rule, contact, department, [h for h in heads if h != contact], heads=heads)
    return Route(rule, heads[0] if heads else None, department, heads[1:], heads=heads)


def find_route(court: Court, kind: str, sub_kind: str, case=None) -> Route | None:
    for rule in RoutingRule.objects.filter(court=court, is_active=True).order_by("priority", "pk"):
        if rule.matches(kind, sub_kind):
            return resolve(rule, court, case)
    return None
