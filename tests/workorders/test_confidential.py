"""Finding 16: a complaint never goes to the judge it is about (dispatch, transfer, routing rules), who is
not told of it either; the matrix of who reads what is in tests/security/test_role_matrix.py."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from court12368.courts.models import DepartmentKind, Role
from court12368.demo.factories import CaseFactory, StaffFactory
from court12368.notifications.models import Notification
from court12368.workorders.lifecycle import handling, intake
from court12368.workorders.lifecycle.handling import AboutTheHandler
from court12368.workorders.models import OrderState, SubKind
from court12368.workorders.sweeps import sweep_deadlines
from tests.builders import Court
from tests.workorders.conftest import at

pytestmark = pytest.mark.django_db
REFUSAL = "This complaint is about %(name)s, so it cannot be handed to them. Choose another handler."


def refused(judge) -> str:
    """The refusal as users read it (Chinese): it names the judge and says to choose another handler."""
    with translation.override("zh-hans"):
        return gettext(REFUSAL) % {"name": judge}


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def test_a_complaint_is_not_transferred_to_the_judge_it_is_about(client, c):
    complaint = c.order("complaint", SubKind.CONDUCT)
    head = c.head[DepartmentKind.CIVIL]
    assert complaint.handler == head and complaint.case.judge == c.judge
    client.force_login(head)
    url = reverse("order-transfer", args=[complaint.number])
    page = client.post(url, {"handler": c.judge.pk, "reason": "请承办法官自行说明"}, follow=True)
    assert refused(c.judge) in page.content.decode()
    complaint.refresh_from_db()
    assert (complaint.handler, complaint.cycle) == (head, 1)
    assert not Notification.objects.filter(recipient=c.judge).exists()


def test_a_complaint_is_not_dispatched_to_the_judge_nor_to_a_department_they_head(c):
    order = intake.create_work_order(
        court=c.court, kind="complaint", sub_kind=SubKind.CONDUCT, summary="法官拖延", agent=c.agent,
        case=c.case,
    )  # fmt: skip
    with translation.override("zh-hans"), pytest.raises(AboutTheHandler) as refusal:
        handling.dispatch(order, handler=c.judge, actor=c.agent)
    assert str(refusal.value) == refused(c.judge)
    c.judge.role = Role.DEPARTMENT_HEAD
    c.judge.save()
    with pytest.raises(AboutTheHandler):
        handling.dispatch(order, department=c.judge.department, actor=c.agent)
    order.refresh_from_db()
    assert (order.state, order.handler, order.cycle) == (OrderState.OPEN, None, 0)
    # A contact request is meant for the judge in charge: not a complaint, so it goes to them.
    assert c.order("contact_judge", SubKind.REPEAT_CONTACT).handler == c.judge


def test_routing_passes_over_a_head_who_is_complained_about(c):
    civil = c.dept[DepartmentKind.CIVIL]
    first_head = c.head[DepartmentKind.CIVIL]
    case = CaseFactory(court=c.court, judge=first_head)  # the head judges cases too
    with pytest.raises(handling.NoRoute):  # the department's only head: the agent chooses someone else
        c.order("complaint", SubKind.CONDUCT, case=case)
    second_head = StaffFactory(court=c.court, department=civil, role=Role.DEPARTMENT_HEAD, username="head2")
    order = c.order("complaint", SubKind.CONDUCT, case=case)
    assert order.handler == second_head
    assert not Notification.objects.filter(recipient=first_head).exists()


def test_the_head_complained_about_is_not_urged_when_the_complaint_is_overdue(c):
    civil, complained_about = c.dept[DepartmentKind.CIVIL], c.head[DepartmentKind.CIVIL]
    other_head = StaffFactory(court=c.court, department=civil, role=Role.DEPARTMENT_HEAD, username="head2")
    order = intake.create_work_order(
        court=c.court, kind="complaint", sub_kind=SubKind.CONDUCT, summary="庭长拖延", agent=c.agent,
        case=CaseFactory(court=c.court, judge=complained_about), now=at(2026, 3, 2, 9),
    )  # fmt: skip
    handling.dispatch(order, handler=other_head, actor=c.agent, now=at(2026, 3, 2, 10))
    assert sweep_deadlines(now=at(2026, 3, 6, 18)) > 0  # Luoyang: the department's heads urged at once
    assert Notification.objects.filter(recipient=other_head, event="urge").exists()
    assert not Notification.objects.filter(recipient=complained_about).exists()


def test_a_complaint_on_a_case_that_names_its_judge_only_by_name_is_kept_from_them(c):
    """Cases imported or synced carry the judge as a name (review of finding 16): matched in the court."""
    from court12368.core.access import restrict

    named_only = CaseFactory(court=c.court, judge=None, judge_name=c.judge.full_name)
    order = intake.create_work_order(
        court=c.court, kind="complaint", sub_kind=SubKind.CONDUCT, summary="法官态度差", agent=c.agent,
        case=named_only,
    )  # fmt: skip
    with pytest.raises(AboutTheHandler):
        handling.dispatch(order, handler=c.judge, actor=c.agent)
    assert not restrict(c.judge, "order.read").filter(pk=order.pk).exists()
    assert restrict(c.agent, "order.read").filter(pk=order.pk).exists()
