"""The routing table of 义乌法院工单办理办法 art. 4, one test per rule, and the order's lifecycle."""

import pytest
from django.utils import timezone

from court12368.courts.models import DepartmentKind, DutyShift, HalfDay
from court12368.notifications.models import Notification
from court12368.workorders.lifecycle import NotAllowed, closing, handling, intake, policy
from court12368.workorders.models import OrderEntry, OrderState, RoutingRule, Satisfaction, SubKind
from tests.builders import Court

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def test_seeding_is_once_and_editable(c):
    assert RoutingRule.objects.filter(court=c.court).count() == 9
    assert policy.seed_routing_rules(c.court) == 0


def test_repeat_contact_goes_to_the_judge_in_charge(c):
    order = c.order("contact_judge", SubKind.REPEAT_CONTACT)
    assert (order.handler, order.department) == (c.judge, c.dept[DepartmentKind.CIVIL])
    assert order.routed_by.startswith("联系不上法官")
    assert Notification.objects.filter(recipient=c.judge, event="dispatch", channel="sms").exists()


def test_repeat_contact_falls_back_to_the_head_when_the_judge_is_gone(c):
    c.judge.is_active = False
    c.judge.save()
    assert c.order("contact_judge", SubKind.REPEAT_CONTACT).handler == c.head[DepartmentKind.CIVIL]


def test_petition_goes_to_the_petition_office_head(c):
    order = c.order("petition")
    assert (order.handler, order.department) == (
        c.head[DepartmentKind.PETITION],
        c.dept[DepartmentKind.PETITION],
    )


def test_conduct_complaint_goes_to_the_head_of_the_judges_department(c):
    assert c.order("complaint", SubKind.CONDUCT).handler == c.head[DepartmentKind.CIVIL]


def test_filing_complaint_goes_to_the_filing_head_with_a_written_report(c):
    order = c.order("complaint", SubKind.FILING)
    assert order.handler == c.head[DepartmentKind.FILING]
    assert order.written_report_required


def test_enforcement_complaint_goes_to_enforcement_supervision(c):
    assert (
        c.order("complaint", SubKind.ENFORCEMENT).department == c.dept[DepartmentKind.ENFORCEMENT_SUPERVISION]
    )


def test_clear_violation_leads_go_to_the_discipline_centre(c):
    assert c.order("complaint", SubKind.VIOLATION).handler == c.head[DepartmentKind.DISCIPLINE]


def test_abusive_calls_are_reported_to_the_leaders(c):
    order = c.order("other", SubKind.ABUSIVE)
    assert order.handler == c.president and order.written_report_required
    assert Notification.objects.filter(recipient=c.vice, event="dispatch").exists()


def test_urgent_matters_go_up_the_chain_at_once(c):
    order = c.order("other", SubKind.URGENT)
    assert order.handler == c.head[DepartmentKind.CIVIL]
    for leader in (c.president, c.vice):
        assert Notification.objects.filter(recipient=leader, event="dispatch", channel="sms").exists()


def test_hard_questions_go_to_the_duty_judge(c):
    # On today's roster (tests/courts/test_roster.py: half-days, gaps and the fallback to the centre's head).
    DutyShift.objects.create(court=c.court, date=timezone.localdate(), half=HalfDay.WHOLE_DAY, judge=c.duty)
    order = c.order("consultation", SubKind.HARD_QUESTION)
    assert order.handler == c.duty and order.hard


def test_no_rule_means_the_agent_chooses(c):
    order = intake.create_work_order(
        court=c.court, kind="other", sub_kind=SubKind.SUGGESTION, summary="建议", agent=c.agent
    )
    with pytest.raises(handling.NoRoute):
        handling.dispatch_by_rules(order, actor=c.agent)


def test_a_complaint_from_call_to_callback(c):
    order = c.order("complaint", SubKind.CONDUCT)
    head = c.head[DepartmentKind.CIVIL]
    order = handling.acknowledge(order, actor=head)
    order = handling.reply(order, actor=head, text="已约谈承办法官，案件将于下周开庭")
    assert order.state == OrderState.REPLIED and order.next_due_at is None
    order = closing.resolve(order, actor=c.agent)
    order = closing.inform_caller(order, actor=c.agent, method="sms", text="已督促承办法官，下周开庭")
    assert Notification.objects.filter(phone="13912345678", event="result").exists()
    order = closing.record_callback(order, actor=c.agent, satisfaction=Satisfaction.SATISFIED)
    assert order.state == OrderState.CLOSED
    actions = list(order.entries.values_list("action", flat=True))
    assert actions == [
        "created",
        "dispatched",
        "acknowledged",
        "replied",
        "resolved",
        "informed",
        "callback",
        "closed",
    ]


def test_an_unsatisfied_callback_reopens_the_order_to_the_same_handler(c):
    order = c.order("complaint", SubKind.CONDUCT)
    head = c.head[DepartmentKind.CIVIL]
    order = handling.reply(order, actor=head, text="已处理")
    order = closing.resolve(order, actor=c.agent)
    order = closing.inform_caller(order, actor=c.agent, method="phone", text="电话告知")
    order = closing.record_callback(
        order, actor=c.agent, satisfaction=Satisfaction.UNSATISFIED, note="未解决"
    )
    assert (order.state, order.handler, order.reopened, order.cycle) == (OrderState.DISPATCHED, head, 1, 2)
    assert order.entries.filter(action=OrderEntry.Action.REOPENED).exists()
    assert order.next_due_at is not None  # a fresh reply clock


def test_transfer_and_return_need_reasons_and_restart_the_clocks(c):
    order = c.order("petition")
    with pytest.raises(NotAllowed):
        handling.transfer(order, actor=order.handler, handler=c.head[DepartmentKind.FILING], reason=" ")
    order = handling.transfer(
        order, actor=order.handler, handler=c.head[DepartmentKind.FILING], reason="属立案问题"
    )
    assert order.handler == c.head[DepartmentKind.FILING] and order.cycle == 2
    order = handling.return_order(order, actor=order.handler, reason="非本部门职责")
    assert order.state == OrderState.OPEN and order.handler is None and order.dispatch_due
    assert Notification.objects.filter(recipient=c.agent, event="returned").exists()
    texts = list(order.entries.values_list("action", "text"))
    assert ("transferred", f"→ {c.head[DepartmentKind.FILING]}：属立案问题") in texts
    assert ("returned", "非本部门职责") in texts


def test_steps_out_of_order_are_refused(c):
    order = c.order("petition")
    with pytest.raises(NotAllowed):
        closing.resolve(order, actor=c.agent)
    with pytest.raises(NotAllowed):
        closing.record_callback(order, actor=c.agent, satisfaction="satisfied")
