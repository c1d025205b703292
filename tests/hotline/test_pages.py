"""The console, the handlers' inbox, an order's page and who may see what (role matrix)."""

import re

import pytest
from django.urls import reverse

from court12368.courts.models import DepartmentKind, Role
from court12368.demo.factories import CourtFactory, StaffFactory
from court12368.hotline import services as hotline
from court12368.notifications.models import Notification
from court12368.workorders.models import OrderState, SubKind, WorkOrder
from tests.builders import Court

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def complaint(c, judge=None):
    return hotline.log_call(
        court=c.court,
        agent=c.agent,
        content="法官拖延办案",
        kind="complaint",
        sub_kind=SubKind.CONDUCT,
        caller_number="13912345678",
        case=c.case,
    ).work_order


def test_console_logs_a_call_and_routes_it(client, c):
    client.force_login(c.agent)
    page = client.get(reverse("console"))
    assert page.status_code == 200 and "座席工作台" in page.content.decode()
    response = client.post(
        reverse("console"),
        {
            "caller_number": "13912345678",
            "caller_name": "张三",
            "channel": "phone",
            "case_number": c.case.number,
            "kind": "complaint",
            "sub_kind": SubKind.CONDUCT,
            "content": "法官拖延办案",
        },
        follow=True,
    )
    order = WorkOrder.objects.get()
    assert order.handler == c.head[DepartmentKind.CIVIL]
    assert f"工单{order.number}已转" in response.content.decode()


def test_a_repeat_call_names_the_open_order_by_number_and_the_page_lists_only_the_callers(client, c):
    first = complaint(c)
    for n in range(30):  # the court's other open orders are not the console's business
        hotline.log_call(court=c.court, agent=c.agent, content=f"其他来电{n}", kind="complaint",
                         sub_kind=SubKind.CONDUCT, caller_number=f"137{n:08d}")  # fmt: skip
    client.force_login(c.agent)
    page = client.get(reverse("console")).content.decode()
    assert not re.search(r'<option value="\d{16}"', page)  # no order offered before a caller is known
    history = client.get(reverse("caller-history"), {"caller_number": "13912345678"}).content.decode()
    assert f'<option value="{first.number}">' in history and 'id="open-orders"' in history
    fields = {"caller_number": "13912345678", "channel": "phone", "kind": "complaint",
              "sub_kind": SubKind.CONDUCT, "content": "还是没人回复"}  # fmt: skip
    wrong = client.post(reverse("console"), {**fields, "about_order": "2026000000000"})
    assert wrong.status_code == 400 and "本院没有该编号的未办结工单" in wrong.content.decode()
    client.post(reverse("console"), {**fields, "about_order": first.number})
    first.refresh_from_db()
    assert first.repeat_calls == 1 and WorkOrder.objects.count() == 31


def test_console_explains_bad_input_in_chinese_and_saves_nothing(client, c):
    client.force_login(c.agent)
    response = client.post(
        reverse("console"),
        {
            "kind": "case_query",
            "content": "问进度",
            "case_number": "（2026）",
            "on_the_spot": "on",
            "channel": "phone",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "请写明答复内容" in body and "案件编号" in body
    assert not WorkOrder.objects.exists()


def test_screen_pop_flags_a_repeat_caller(client, c):
    complaint(c)
    client.force_login(c.agent)
    body = client.get(reverse("caller-history"), {"caller_number": "13912345678"}).content.decode()
    assert 'data-testid="repeat-flag"' in body
    assert "repeat-flag" not in client.get(reverse("caller-history"), {"caller_number": "1"}).content.decode()


def test_handler_acknowledges_and_replies_from_the_order_page(client, c):
    order = complaint(c)
    head = c.head[DepartmentKind.CIVIL]
    client.force_login(head)
    assert order.number in client.get(reverse("order-inbox")).content.decode()
    client.post(reverse("order-acknowledge", args=[order.number]))
    client.post(reverse("order-reply", args=[order.number]), {"text": "已约谈法官"})
    order.refresh_from_db()
    assert order.state == OrderState.REPLIED
    assert Notification.objects.filter(recipient=c.agent, event="replied").exists()


def test_actions_out_of_turn_are_refused_politely(client, c):
    order = complaint(c)
    client.force_login(c.agent)
    response = client.post(reverse("order-resolve", args=[order.number]), follow=True)
    assert "当前不允许此操作" in response.content.decode()
    assert client.post(reverse("order-reply", args=[order.number]), {"text": "x"}).status_code == 403


ROLE_MATRIX = {
    # who → may see the complaint routed to the civil division's head
    "agent": True,
    "head_civil": True,
    "president": True,
    "judge": False,  # the complaint is about the judge's case but routed to the head
    "head_petition": False,
    "duty": False,
    "outsider": False,
    "anonymous": False,
}


@pytest.mark.parametrize(("who", "visible"), ROLE_MATRIX.items())
def test_role_matrix(client, c, who, visible):
    order = complaint(c)
    users = {
        "agent": c.agent,
        "head_civil": c.head[DepartmentKind.CIVIL],
        "president": c.president,
        "judge": c.judge,
        "head_petition": c.head[DepartmentKind.PETITION],
        "duty": c.duty,
        "outsider": StaffFactory(court=CourtFactory(), role=Role.AGENT, username="outsider"),
    }
    if who != "anonymous":
        client.force_login(users[who])
    detail = client.get(reverse("order-detail", args=[order.number]))
    inbox = client.get(reverse("order-inbox"))
    if who == "anonymous":
        assert detail.status_code == 302 and inbox.status_code == 302
        return
    assert (detail.status_code == 200) is visible
    assert detail.status_code in (200, 404)
    if not visible:
        assert order.number not in inbox.content.decode()


def test_a_judge_sees_only_their_own_orders(client, c):
    mine = hotline.log_call(
        court=c.court,
        agent=c.agent,
        content="联系不上",
        kind="contact_judge",
        sub_kind=SubKind.REPEAT_CONTACT,
        case=c.case,
    ).work_order
    other_judge = StaffFactory(
        court=c.court, department=c.dept[DepartmentKind.CIVIL], role=Role.JUDGE, username="judge_b"
    )
    client.force_login(c.judge)
    assert client.get(reverse("order-detail", args=[mine.number])).status_code == 200
    client.force_login(other_judge)
    assert client.get(reverse("order-detail", args=[mine.number])).status_code == 404
    assert mine.number not in client.get(reverse("order-inbox")).content.decode()


def test_only_agents_use_the_console(client, c):
    client.force_login(c.judge)
    assert client.get(reverse("console")).status_code == 403


def test_the_agent_sends_the_courts_address_by_sms_in_one_key(client, court, make_staff):
    court.address = "北京市朝阳区示例路1号"
    court.save()
    agent = make_staff(role="agent", username="agent.address")
    client.force_login(agent)
    response = client.post("/console/send-address/", {"caller_number": "138 0013 8000"}, follow=True)
    assert "138****8000" in response.content.decode()
    sms = Notification.objects.get(event="court_address")
    assert sms.phone == "13800138000" and "北京市朝阳区示例路1号" in sms.body and "010-12368" in sms.body
    client.post("/console/send-address/", {"caller_number": "13800138000"})  # a double click
    assert Notification.objects.filter(event="court_address").count() == 1
    refused = client.post("/console/send-address/", {"caller_number": "010-65432100"}, follow=True)
    assert "不是大陆手机号码" in refused.content.decode()
