"""洛阳中院一号通办服务工作规范第五条第（四）项: a complaint about a lower court's staff is forwarded to that
court's line with its history; the forwarding court reads it to its end; each ledger counts it once."""

import pytest
import time_machine

from court12368.core import access
from court12368.courts.models import CourtLevel, Role
from court12368.demo.factories import CourtFactory, ServiceHoursFactory, StaffFactory
from court12368.notifications.models import Notification
from court12368.workorders.lifecycle import NotAllowed, forwarding, intake
from court12368.workorders.models import OrderState, WorkOrder
from tests.workorders.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def lower_court(court):
    lower = CourtFactory(code="京0199", name="北京市测试区人民法院", level=CourtLevel.BASIC, area_code="010")
    ServiceHoursFactory(court=lower)
    return lower


def complaint(court, people):
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        return intake.create_work_order(
            court=court, kind="complaint", sub_kind="conduct", agent=people.agent,
            summary="反映下级法院书记员态度恶劣", caller_phone="13800138000", caller_name="张三",
        )  # fmt: skip


def test_forwarding_makes_one_order_at_the_other_court_with_the_history(court, people, lower_court):
    lower_agent = StaffFactory(court=lower_court, role=Role.AGENT, username="lower.agent")
    order = complaint(court, people)
    with time_machine.travel(at(2026, 3, 2, 11), tick=False):
        forwarding.forward_to_court(order, court=lower_court, actor=people.agent, reason="被反映人员属该院")
    order.refresh_from_db()
    forward = order.forwards.get()
    assert order.state == OrderState.CLOSED and order.next_due_at is None  # no clock runs on it here
    assert forward.court == lower_court and forward.state == OrderState.OPEN
    assert forward.forwarded_from == order and forward.overseen_by == court
    assert "被反映人员属该院" in forward.summary and "反映下级法院书记员态度恶劣" in forward.summary
    assert forward.caller_phone == "13800138000" and forward.dispatch_due is not None
    assert forward.number in order.entries.last().text
    assert Notification.objects.filter(recipient=lower_agent, channel="in_app").count() == 1
    # The caller is told which court has it now, and the new order's number and short code.
    texts = Notification.objects.filter(phone="13800138000").values_list("event", "body")
    assert {event for event, _body in texts} == {"forwarded", "call_registered"}
    assert any(lower_court.name in body for _e, body in texts) and any(
        forward.short_code in b for _e, b in texts
    )
    # Each court's ledger has it once: the higher court the forwarded order, the lower court its own.
    assert WorkOrder.objects.filter(court=court).count() == 1
    assert WorkOrder.objects.filter(court=lower_court).count() == 1


def test_the_forwarding_court_oversees_it_and_nobody_else_gains_sight(court, people, lower_court):
    order = complaint(court, people)
    forward = forwarding.forward_to_court(
        order, court=lower_court, actor=people.agent, reason="属该院"
    ).forwards.get()
    readable = access.restrict(people.agent, "order.read")
    assert readable.filter(pk=forward.pk).exists()  # the higher court sees it to the end
    assert not access.permits(people.agent, "order.follow_up", forward)  # but the lower court's line acts
    lower_agent = StaffFactory(court=lower_court, role=Role.AGENT, username="lower.agent")
    assert access.permits(lower_agent, "order.follow_up", forward)
    assert not access.restrict(lower_agent, "order.read").filter(pk=order.pk).exists()
    sibling = CourtFactory(code="京0198", name="北京市另一区人民法院", area_code="010")
    outsider = StaffFactory(court=sibling, role=Role.AGENT, username="outsider")
    assert not access.restrict(outsider, "order.read").filter(pk=forward.pk).exists()


def test_forwarding_needs_a_reason_and_another_court_and_writes_nothing_otherwise(court, people, lower_court):
    order = complaint(court, people)
    with pytest.raises(NotAllowed):
        forwarding.forward_to_court(order, court=lower_court, actor=people.agent, reason=" ")
    with pytest.raises(NotAllowed):
        forwarding.forward_to_court(order, court=court, actor=people.agent, reason="本院")
    order.refresh_from_db()
    assert order.state == OrderState.OPEN and WorkOrder.objects.count() == 1


def test_the_order_page_forwards_and_links_both_ways(client, court, people, lower_court):
    order = complaint(court, people)
    client.force_login(people.agent)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert f'action="/orders/{order.number}/forward/"' in page
    response = client.post(f"/orders/{order.number}/forward/", {"court": lower_court.pk, "reason": "属该院"})
    assert response.status_code == 302
    forward = WorkOrder.objects.get(forwarded_from=order)
    page = client.get(f"/orders/{order.number}/").content.decode()
    assert 'data-testid="forwarded-to"' in page and forward.number in page
    assert client.get(f"/orders/{forward.number}/").status_code == 200  # oversight
