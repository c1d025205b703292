"""Incoming SMS: commands, answers through the outbox, limits, audit, and the gateway endpoints."""

import pytest
from django.test import Client

from court12368.cases.services import issue_password
from court12368.core.models import AuditEntry
from court12368.courts.models import Role
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory
from court12368.notifications.models import Notification, OptOut, SmsSettings
from court12368.sms import commands, inbound
from court12368.sms.models import InboundSms
from court12368.workorders.lifecycle import closing, handling, intake
from court12368.workorders.models import OrderEntry, OrderKind, OrderState

pytestmark = pytest.mark.django_db

PHONE = "13800138000"


@pytest.fixture
def sms_court(court):
    SmsSettings.objects.create(court=court, inbound_number="1068012368")
    return court


def receive(text, phone=PHONE, gateway_id=None, to="1068012368"):
    receive.n = getattr(receive, "n", 0) + 1
    return inbound.receive(
        gateway_id=gateway_id or f"kannel-{receive.n}", phone=phone, to_number=to, text=text
    )


def answer_to(phone=PHONE) -> str:
    return Notification.objects.filter(phone=phone).latest("pk").body


@pytest.mark.parametrize(
    ("text", "name", "fields"),
    [
        ("CX 2026010501", "query", {"password": "2026010501"}),
        ("cx2026010501", "query", {"password": "2026010501"}),
        ("查询：2026010501", "query", {"password": "2026010501"}),
        ("ＣＸ　２０２６０１０５０１", "query", {"password": "2026010501"}),  # full-width from a Chinese IME
        ("HF 123456 我想补充一份证据", "add", {"code": "123456", "text": "我想补充一份证据"}),
        ("补充123456 材料已寄出", "add", {"code": "123456", "text": "材料已寄出"}),
        ("PJ 123456 1", "rate", {"code": "123456", "score": 1}),
        ("评价 123456 3", "rate", {"code": "123456", "score": 3}),
        ("2", "rate", {"score": 2}),
        ("TD", "unsubscribe", {}),
        ("退订", "unsubscribe", {}),
        ("帮助", "help", {}),
        ("?", "help", {}),
        ("CX abc", "help", {}),  # a command gone wrong: help, not an order
        ("PJ 123456 5", "help", {}),
        ("XYZ", "help", {}),
        ("请问立案要带什么材料", "free", {"text": "请问立案要带什么材料"}),
        ("Thanks a lot", "free", {"text": "Thanks a lot"}),
        ("TD 我不想再收到了吗", "free", {"text": "TD 我不想再收到了吗"}),
    ],
)
def test_commands_in_chinese_and_pinyin_initials(text, name, fields):
    command = commands.parse(text)
    assert command.name == name
    for key, value in fields.items():
        assert getattr(command, key) == value


def test_a_case_query_answers_with_stage_next_hearing_and_judge_and_is_audited(sms_court):
    case = CaseFactory(court=sms_court, number="（2026）京0105民初9号", judge_name="李法官")
    HearingFactory(case=case, courtroom="第五法庭")
    password = issue_password(PartyFactory(case=case, phone=PHONE))
    message = receive(f"CX {password}")
    assert message.outcome == "case_status"
    text = answer_to()
    assert text.startswith("【朝阳区人民法院】（2026）京0105民初9号：")
    assert "第五法庭" in text and "承办法官：李法官" in text
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"verify_ok", "view_case", "sms_received"} <= actions
    assert password not in message.text or message.command == "query"
    assert not AuditEntry.objects.filter(details__icontains=password).exists()


def test_wrong_passwords_lock_the_number_out_like_every_other_channel(sms_court):
    for _ in range(5):
        assert receive("CX 1234567890").outcome == "query_failed"
    assert "不一致" in answer_to() or "核对" in answer_to()
    case = CaseFactory(court=sms_court)
    password = issue_password(PartyFactory(case=case, phone="13911110000"))
    assert receive(f"CX {password}").outcome == "query_failed"  # right password, but the number is locked
    assert "锁定" in answer_to()
    # Its own cases stay open to the number registered on them: it can open nothing else (issue 20).
    own = issue_password(PartyFactory(case=CaseFactory(court=sms_court), phone=PHONE))
    assert receive(f"CX {own}").outcome == "case_status"


@pytest.fixture
def informed_order(sms_court, make_staff):
    agent = make_staff(Role.AGENT, username="agent.sms")
    judge = make_staff(Role.JUDGE, username="judge.sms", mobile="13700001111")
    order = intake.create_work_order(
        court=sms_court, kind=OrderKind.CONTACT_JUDGE, summary="请法官回电", agent=agent, caller_phone=PHONE
    )
    order = handling.dispatch(order, handler=judge, actor=agent)
    return order, agent, judge


def test_the_caller_adds_to_the_order_by_its_short_code_and_the_handler_is_told(informed_order):
    order, _agent, judge = informed_order
    message = receive(f"HF {order.short_code} 我下午三点后方便接电话")
    assert (message.outcome, message.order) == ("order_message", order)
    entry = order.entries.get(action=OrderEntry.Action.CALLER_MESSAGE)
    assert "我下午三点后方便接电话" in entry.text
    told = Notification.objects.filter(recipient=judge, event="caller_message", channel="sms").get()
    assert "我下午三点后方便接电话" in told.body
    assert "已收到" in answer_to()


def test_a_short_code_from_another_number_finds_nothing(informed_order):
    order, *_ = informed_order
    message = receive(f"HF {order.short_code} 冒充", phone="13900000000")
    assert message.outcome == "query_failed" and message.order is None
    assert not order.entries.filter(action=OrderEntry.Action.CALLER_MESSAGE).exists()


def test_rating_by_sms_closes_a_satisfied_order(informed_order):
    order, agent, judge = informed_order
    handling.reply(order, actor=judge, text="已回电")
    closing.resolve(order, actor=agent)
    closing.inform_caller(order, actor=agent, method="sms", text="法官已回电")
    invite = Notification.objects.get(phone=PHONE, event="callback_request")
    assert f"PJ {order.short_code} 1" in invite.body
    message = receive(f"PJ {order.short_code} 1")
    order.refresh_from_db()
    assert (message.outcome, order.state, order.satisfaction) == ("rated", OrderState.CLOSED, "satisfied")
    assert "感谢" in answer_to()


def test_an_sms_rating_is_audited_like_one_from_the_portal_or_the_api(informed_order):
    order, agent, judge = informed_order
    handling.reply(order, actor=judge, text="已回电")
    closing.resolve(order, actor=agent)
    closing.inform_caller(order, actor=agent, method="sms", text="法官已回电")
    receive(f"PJ {order.short_code} 2")
    rated = AuditEntry.objects.get(action="request_rated", subject_id=str(order.pk))
    assert (rated.channel, rated.caller) == ("sms", "138****8000")


def test_a_bare_digit_rates_the_one_order_waiting_and_3_reopens_it(informed_order):
    order, agent, judge = informed_order
    handling.reply(order, actor=judge, text="已回电")
    closing.resolve(order, actor=agent)
    closing.inform_caller(order, actor=agent, method="phone", text="已电话告知")
    receive("3")
    order.refresh_from_db()
    assert (
        order.satisfaction == "unsatisfied" and order.state == OrderState.DISPATCHED and order.reopened == 1
    )


def test_td_unsubscribes_and_the_confirmation_still_goes_out(sms_court):
    message = receive("TD")
    assert message.outcome == "unsubscribed" and OptOut.objects.count() == 1
    assert "退订" in answer_to()


def test_free_text_waits_for_an_agent_who_makes_it_an_order(sms_court, make_staff, client):
    agent = make_staff(Role.AGENT, username="agent.inbox")
    message = receive("请问我的案子什么时候开庭？我没有收到传票")
    assert message.outcome == "for_agent" and "已收到" in answer_to()
    client.force_login(agent)
    page = client.get("/sms/inbox/").content.decode()
    assert "我没有收到传票" in page and "138****8000" in page and PHONE not in page
    response = client.post(
        f"/sms/inbox/{message.pk}/", {"action": "order", "kind": "case_query"}, follow=True
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.outcome == "made_order" and message.handled_by == agent
    assert message.order.caller_phone == PHONE and "没有收到传票" in message.order.summary
    call = message.order.calls.get()
    assert call.channel == "sms"
    again = client.post(f"/sms/inbox/{message.pk}/", {"action": "dismiss"}, follow=True)
    assert "已经处理" in again.content.decode()


def test_a_flood_from_one_number_is_recorded_but_not_answered(sms_court):
    for n in range(inbound.INBOUND_HOURLY_LIMIT):
        receive(f"消息{n}")
    before = Notification.objects.count()
    assert receive("再来一条").outcome == "rate_limited"
    assert Notification.objects.count() == before


def test_the_same_gateway_message_twice_is_taken_once(sms_court):
    first = receive("帮助", gateway_id="dup-1")
    second = receive("帮助", gateway_id="dup-1")
    assert first.pk == second.pk and Notification.objects.count() == 1


# ---- the endpoints Kannel calls -----------------------------------------------------------------
def test_inbound_endpoint_wants_the_secret_and_a_gateway_address(sms_court, settings):
    secret = settings.SMS_INBOUND_SECRET
    params = {"from": PHONE, "to": "1068012368", "text": "帮助", "id": "k-1"}
    assert Client().get("/sms/kannel/inbound/", {**params, "secret": "wrong"}).status_code == 403
    outsider = Client(REMOTE_ADDR="203.0.113.9")
    assert outsider.get("/sms/kannel/inbound/", {**params, "secret": secret}).status_code == 403
    response = Client().get("/sms/kannel/inbound/", {**params, "secret": secret})
    assert response.status_code == 202 and response.content == b""
    assert InboundSms.objects.get().outcome == "help"
    missing = Client().get("/sms/kannel/inbound/", {"secret": secret, "text": "x"})
    assert missing.status_code == 400
