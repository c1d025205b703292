"""Callers are told (洛阳中院一号通办服务工作规范 art. 5(3)–(4)): a call that becomes an order texts the
caller its number and short code; a forward tells them the department (never the person), once per department;
a landline gets nothing and the timeline says so; the SMS rules (quiet hours, masked logs) still hold."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
import time_machine

from court12368.courts.models import DepartmentKind
from court12368.hotline import services as hotline
from court12368.notifications.models import Audience, Notification, Status
from court12368.notifications.services import send_now
from court12368.notifications.transports import ConsoleTransport
from court12368.workorders.lifecycle import handling
from court12368.workorders.models import OrderEntry, SubKind
from tests.builders import Court

pytestmark = pytest.mark.django_db
MOBILE = "13912345678"
LANDLINE = "010-65123456"
SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_TEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def console_call(c, number=MOBILE, **typed):
    typed.setdefault("content", "对判决不服申诉")
    typed.setdefault("kind", "petition")
    with time_machine.travel(MONDAY_TEN, tick=False):
        return hotline.log_console_call(agent=c.agent, caller_number=number, **typed).work_order


def texts_to(number=MOBILE, event=None) -> list[Notification]:
    rows = Notification.objects.filter(phone=number, audience=Audience.PUBLIC).order_by("pk")
    return list(rows.filter(event=event) if event else rows)


def test_a_call_logged_at_the_console_texts_the_caller_its_number_and_short_code(c):
    order = console_call(c)
    (registered,) = texts_to(event="call_registered")
    assert order.number in registered.body and order.short_code in registered.body
    assert registered.court == c.court and registered.body.startswith("【朝阳区人民法院】")


def test_the_forward_names_the_department_and_not_the_person(c):
    order = console_call(c)  # a petition: the rules send it to the petition department's head
    head = c.head[DepartmentKind.PETITION]
    assert order.handler == head
    (forwarded,) = texts_to(event="forwarded")
    assert (
        order.number in forwarded.body and f"已转{c.dept[DepartmentKind.PETITION].name}办理" in forwarded.body
    )
    assert head.full_name not in forwarded.body and head.username not in forwarded.body


def test_a_landline_caller_gets_no_sms_and_the_timeline_says_so(c):
    order = console_call(c, number=LANDLINE)
    assert not Notification.objects.filter(audience=Audience.PUBLIC).exists()
    created, dispatched = order.entries.filter(
        action__in=[OrderEntry.Action.CREATED, OrderEntry.Action.DISPATCHED]
    ).order_by("pk")
    assert "未发短信" in created.text and "未发短信" in dispatched.text


def test_the_landline_is_masked_in_the_log(c, caplog):
    with caplog.at_level(logging.INFO, logger="court12368.workorders.lifecycle.caller_texts"):
        console_call(c, number=LANDLINE)
    assert caplog.records and "65123456" not in caplog.text and "3456" in caplog.text


def test_a_redispatch_to_the_same_department_does_not_text_twice_a_new_department_does(c):
    order = console_call(c)
    petition = c.dept[DepartmentKind.PETITION]
    head = c.head[DepartmentKind.PETITION]
    with time_machine.travel(MONDAY_TEN + dt.timedelta(hours=1), tick=False):
        order = handling.return_order(order, actor=head, reason="需补充材料")
        order = handling.dispatch(order, department=petition, actor=c.agent)
    assert len(texts_to(event="forwarded")) == 1
    with time_machine.travel(MONDAY_TEN + dt.timedelta(hours=2), tick=False):
        handling.transfer(order, actor=head, department=c.dept[DepartmentKind.FILING], reason="属立案问题")
    forwards = texts_to(event="forwarded")
    assert len(forwards) == 2 and c.dept[DepartmentKind.FILING].name in forwards[-1].body


def test_an_answer_on_the_spot_sends_nothing(c):
    order = console_call(c, kind="case_query", content="询问开庭时间", answer="下周三开庭", dispatch=False)
    assert order.on_the_spot and texts_to() == []


def test_an_abusive_caller_is_not_texted(c):
    console_call(c, kind="other", content="辱骂座席员", abusive=True)
    assert texts_to() == []


def test_a_voicemail_at_night_is_texted_in_the_morning(c):
    night = dt.datetime(2026, 3, 2, 22, 30, tzinfo=SHANGHAI)
    with time_machine.travel(night, tick=False):
        order = hotline.log_call(
            court=c.court,
            agent=None,
            content="留言",
            kind="other",
            caller_number=MOBILE,
            channel="voicemail",
            dispatch=False,
            now=night,
        ).work_order
        (registered,) = texts_to(event="call_registered")
        assert order.short_code in registered.body
        assert send_now(registered.pk, now=night, transport=ConsoleTransport()) == "deferred"
    registered.refresh_from_db()
    assert registered.status == Status.QUEUED
    assert registered.next_attempt_at == dt.datetime(2026, 3, 3, 8, 0, tzinfo=SHANGHAI)


def test_a_portal_request_keeps_its_own_receipt_and_an_sms_sender_gets_no_call_receipt(c):
    with time_machine.travel(MONDAY_TEN, tick=False):
        hotline.submit_request(court=c.court, kind="petition", content="申诉", name="张三", phone=MOBILE)
        hotline.log_call(
            court=c.court, agent=c.agent, content="短信咨询", kind="consultation",
            caller_number="13800001111", channel="sms", dispatch=False,
        )  # fmt: skip
    assert [n.event for n in texts_to()] == ["request_received"]
    assert texts_to("13800001111") == []


def test_a_court_may_word_the_forward_itself(c):
    from court12368.notifications.models import SmsTemplate

    SmsTemplate.objects.create(
        court=c.court, event="forwarded", body="{signature}{order_number}转{department}"
    )
    order = console_call(c)
    (forwarded,) = texts_to(event="forwarded")
    assert forwarded.body == f"【朝阳区人民法院】{order.number}转{c.dept[DepartmentKind.PETITION].name}"


def test_an_order_sent_to_a_department_without_a_person_names_it(c):
    order = console_call(c, kind="other", sub_kind=SubKind.SUGGESTION, content="建议增加停车位")
    assert texts_to(event="forwarded") == []  # no rule: waits for the agent
    with time_machine.travel(MONDAY_TEN, tick=False):
        handling.dispatch(order, department=c.dept[DepartmentKind.LITIGATION_SERVICE], actor=c.agent)
    (forwarded,) = texts_to(event="forwarded")
    assert c.dept[DepartmentKind.LITIGATION_SERVICE].name in forwarded.body
