"""Richer fixtures shared by several test packages."""

from court12368.courts.models import DepartmentKind, Role
from court12368.demo.factories import CaseFactory, DepartmentFactory, StaffFactory
from court12368.workorders.lifecycle import handling, intake, policy


class Court:
    """A court with one department of every kind, a head for each, a judge with a case, leaders."""

    def __init__(self, court):
        self.court = court
        self.dept = {
            kind: DepartmentFactory(court=court, kind=kind, name=str(kind.label)) for kind in DepartmentKind
        }
        self.head = {
            kind: StaffFactory(court=court, department=d, role=Role.DEPARTMENT_HEAD, username=f"head_{kind}")
            for kind, d in self.dept.items()
        }
        civil = self.dept[DepartmentKind.CIVIL]
        self.judge = StaffFactory(court=court, department=civil, role=Role.JUDGE, username="judge")
        self.duty = StaffFactory(
            court=court,
            department=self.dept[DepartmentKind.LITIGATION_SERVICE],
            role=Role.DUTY_JUDGE,
            username="duty",
        )
        leadership = self.dept[DepartmentKind.LEADERSHIP]
        self.president = StaffFactory(
            court=court, department=leadership, role=Role.LEADER, username="president"
        )
        self.vice = StaffFactory(court=court, department=leadership, role=Role.LEADER, username="vice")
        self.agent = StaffFactory(
            court=court,
            role=Role.AGENT,
            username="agent1",
            department=self.dept[DepartmentKind.LITIGATION_SERVICE],
        )
        self.case = CaseFactory(court=court, judge=self.judge, judge_name=self.judge.full_name)
        policy.replace_routing_rules(court, "yiwu")  # the table these tests were written for

    def order(self, kind, sub_kind="", case=None):
        order = intake.create_work_order(
            court=self.court,
            kind=kind,
            sub_kind=sub_kind,
            summary="来电内容",
            agent=self.agent,
            caller_phone="13912345678",
            case=case or self.case,
        )
        return handling.dispatch_by_rules(order, actor=self.agent)
