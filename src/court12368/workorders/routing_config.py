"""系统配置 of the routing tables: the check on a rule's target, resetting a court's table to a preset
(audited with before and after), trying where a sample request would go, and the gaps administrators are
warned about. The admin pages (workorders/admin_routing.py) only call these."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from court12368.cases.models import Case
from court12368.core import audit
from court12368.courts.models import Court, Department, DepartmentKind
from court12368.workorders.lifecycle import policy
from court12368.workorders.models import OrderKind, RoutingRule, RuleTarget
from court12368.workorders.rules import Route, find_route

# Case queries are answered at once under both courts' rules (义乌法院工单办理办法第四条第一项,
# 洛阳中院一号通办服务工作规范第五条第一项); every other type is at times forwarded, so needs a rule.
FORWARDED_KINDS = [kind for kind in OrderKind if kind != OrderKind.CASE_QUERY]


def check_target(target: str, department_kind: str) -> None:
    """A department target names the kind of department; the other targets find their own."""
    if target == RuleTarget.DEPARTMENT_HEAD and not department_kind:
        raise ValidationError(
            {"department_kind": _("Choose the department kind: this rule goes to a department of a kind.")}
        )
    if target != RuleTarget.DEPARTMENT_HEAD and department_kind:
        raise ValidationError(
            {
                "department_kind": _(
                    "Leave the department kind empty: only a rule that goes to a department of a kind "
                    "uses it; this target finds its own department."
                )
            }
        )


@transaction.atomic
def reset_to_preset(court: Court, key: str, *, by, ip: str | None = None) -> int:
    """Replace the court's routing table with preset ``key``'s, in one transaction, and audit the whole
    table before and after. How many rules the court has now."""
    before, after = policy.replace_routing_rules(court, key)
    audit.record(
        "config.routing_rules_reset", channel="admin", actor=by, subject=court, ip=ip,
        model="workorders.routingrule", preset=key, before=before, after=after,
    )  # fmt: skip
    return len(after)


# ---- "test this rule": where a sample request would go, read only ------------------------------------
@dataclass
class Trial:
    rule: RoutingRule | None  # the rule that applies, if any
    route: Route | None  # where it sends the request; None when nobody holds that duty

    @property
    def message(self) -> str:
        if self.rule is None:
            return _("No routing rule applies to this request: the agent chooses the handler.")
        if self.route is None:
            return _(
                "The rule “%(name)s” applies, but nobody in this court holds that duty: "
                "the agent chooses the handler."
            ) % {"name": self.rule.name}
        return ""


def find_case(court: Court, number: str) -> Case | None:
    return Case.objects.filter(court=court, number=number.strip()).select_related("judge__department").first()


def first_matching_rule(court: Court, kind: str, sub_kind: str) -> RoutingRule | None:
    for rule in RoutingRule.objects.filter(court=court, is_active=True).order_by("priority", "pk"):
        if rule.matches(kind, sub_kind):
            return rule
    return None


def trial(court: Court, kind: str, sub_kind: str, case: Case | None = None) -> Trial:
    """What dispatching such a request would do now (workorders/rules.py decides; nothing is written)."""
    route = find_route(court, kind, sub_kind, case)
    return Trial(route.rule if route else first_matching_rule(court, kind, sub_kind), route)


# ---- gaps: what a court's table leaves unrouted ---------------------------------------------------
@dataclass
class Gap:
    court: Court
    kinds_without_rule: list[str] = field(default_factory=list)  # labels of order types
    rules_without_department: list[tuple[str, str]] = field(default_factory=list)  # (rule, kind label)


def gaps(courts) -> list[Gap]:
    """For each of ``courts`` (a queryset) with a gap: the order types no active rule handles, and the
    active rules sent to a kind of department the court does not have. Three queries in all."""
    kinds, department_rules = defaultdict(set), defaultdict(list)
    rows = RoutingRule.objects.filter(court__in=courts, is_active=True).order_by("priority", "pk")
    for court_id, kind, target, department_kind, name in rows.values_list(
        "court_id", "kind", "target", "department_kind", "name"
    ):
        kinds[court_id].add(kind)
        if target == RuleTarget.DEPARTMENT_HEAD:
            department_rules[court_id].append((name, department_kind))
    present = set(Department.objects.filter(court__in=courts).values_list("court_id", "kind"))
    labels = dict(DepartmentKind.choices)
    found = []
    for court in courts.order_by("code"):
        gap = Gap(
            court,
            [str(kind.label) for kind in FORWARDED_KINDS if kind not in kinds[court.pk]],
            [
                (name, str(labels.get(kind, kind)))
                for name, kind in department_rules[court.pk]
                if (court.pk, kind) not in present
            ],
        )
        if gap.kinds_without_rule or gap.rules_without_department:
            found.append(gap)
    return found
