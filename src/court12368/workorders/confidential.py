"""Orders not everyone in the court may read or be given.

- A report of violations of law and discipline (违法违纪举报: a complaint of the sub-kind "violations with
  clear, specific leads") goes to the discipline reporting centre (义乌法院工单办理办法 art. 4). Besides
  whoever holds it, it is read by the centre, the court's leaders, department heads (their own
  department's only, as ever) and the agent who logged it; not by the rest of the line: other agents,
  administrators.
- A complaint about a member of staff is never shown or handed to them. The order names nobody but the
  case, so the person complained about is the case's judge in charge (the clerk is kept as a name only
  and cannot be matched to an account).
"""

import dataclasses

from django.db.models import Exists, OuterRef, Q

from court12368.cases.models import Case
from court12368.courts.models import Department, DepartmentKind, Role, Staff
from court12368.workorders.models import OrderKind, OrderState, SubKind

DISCIPLINE_REPORT = Q(kind=OrderKind.COMPLAINT, sub_kind=SubKind.VIOLATION)


def about(staff: Staff) -> Q:
    """Complaints about this staff member: the judge in charge of the order's case, linked to the
    account, or (cases imported or synced with the judge as a name only) named so in the same court. A
    namesake in the same court is kept from such a complaint too: the safe side."""
    # A subquery on the judge's cases, not a join: every order list of the court is filtered by this.
    linked = Q(
        kind=OrderKind.COMPLAINT,
        case_id__isnull=False,
        case_id__in=Case.objects.filter(judge_id=staff.pk).values("pk"),
    )
    if not staff.full_name:
        return linked
    # By name: probed by primary key for each complaint only, so no scan of the court's cases.
    named = Case.objects.filter(
        pk=OuterRef("case_id"), judge__isnull=True, court_id=staff.court_id, judge_name=staff.full_name
    )
    return linked | Q(kind=OrderKind.COMPLAINT, case_id__isnull=False) & Q(Exists(named))


def subject_ids(order) -> set[int]:
    """Who the order complains about: the judge in charge of its case, for a complaint (by account,
    else by name among the court's staff)."""
    if order.kind != OrderKind.COMPLAINT or not order.case_id:
        return set()
    case = order.case
    if case.judge_id:
        return {case.judge_id}
    if not case.judge_name:
        return set()
    named = Staff.objects.filter(court_id=case.court_id, full_name=case.judge_name)
    return set(named.values_list("pk", flat=True))


def _reads_reports(user: Staff) -> bool:
    if user.role in (Role.LEADER, Role.DEPARTMENT_HEAD):
        return True  # a head's own scope is already their department's orders
    department = user.department if user.department_id else None
    return department is not None and department.kind == DepartmentKind.DISCIPLINE


def hidden_from(user: Staff) -> Q:
    """The orders of the user's court that this user may not see whatever their role allows."""
    hidden = about(user)
    if not _reads_reports(user):
        theirs = Q(agent_id=user.pk) | Q(handler_id=user.pk)
        if user.role == Role.AGENT:
            # A report from the portal or by SMS waits for the first agent to take it (the intake).
            theirs |= Q(agent__isnull=True, state=OrderState.OPEN)
        hidden |= DISCIPLINE_REPORT & ~theirs
    return hidden


def subject_taking(order, handler: Staff | None, department: Department | None) -> Staff | None:
    """Whom the complaint ``order`` is about, if handing it to ``handler`` (or, with no handler, to the
    heads of ``department``) would hand it to them; else None."""
    subjects = subject_ids(order)
    if not subjects:
        return None
    takers = {handler.pk} if handler is not None else set()
    if handler is None and department is not None:
        takers = set(
            Staff.objects.filter(
                department=department, role=Role.DEPARTMENT_HEAD, is_active=True
            ).values_list("pk", flat=True)
        )
    if subjects & takers:
        return handler or Staff.objects.get(pk=min(subjects & takers))
    return None


def without_subjects(order, people: list[Staff]) -> list[Staff]:
    """``people`` less whoever ``order`` complains about (they are not told of it either)."""
    subjects = subject_ids(order)
    return [p for p in people if p.pk not in subjects] if subjects else people


def route_around_subjects(order, route):
    """A routing rule never hands a complaint to the person it is about: the next head or leader the
    route names takes it instead; with nobody else the route is dropped and the agent chooses."""
    subjects = subject_ids(order)
    if route is None or not subjects:
        return route
    handler = route.handler
    if handler is not None and handler.pk in subjects:
        others = [p for p in [*(route.heads or []), *route.also_notify] if p.pk not in subjects]
        if not others:
            return None
        handler = others[0]
    told = [p for p in route.also_notify if p.pk not in subjects and p != handler]
    return dataclasses.replace(route, handler=handler, also_notify=told)
