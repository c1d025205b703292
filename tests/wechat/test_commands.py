"""The SMS commands on WeChat, answered by passive reply through the same services and audit."""

import pytest

from court12368.cases.services import issue_password
from court12368.core.models import AuditEntry
from court12368.courts.models import Role
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory
from court12368.hotline.models import Call
from court12368.notifications.models import Notification, OptOut
from court12368.wechat import services
from court12368.wechat.models import WechatMessage
from court12368.workorders import queries as order_queries
from court12368.workorders.lifecycle import closing, handling
from court12368.workorders.models import OrderEntry, OrderState, WorkOrder
from tests.wechat.conftest import OPENID

pytestmark = pytest.mark.django_db

OTHER_OPENID = "oUpF8uN2kLm_Q7rstUvWxYz01234"


def test_a_case_query_by_service_password_is_answered_in_the_reply_and_audited(wechat, court):
    case = CaseFactory(court=court, number="（2026）京0105民初9号", judge_name="李法官")
    HearingFactory(case=case, courtroom="第五法庭")
    password = issue_password(PartyFactory(case=case, phone="13800138000"))
    reply = wechat.say(OPENID, f"查询 {password}")
    assert reply.status == 200
    assert reply.fields["ToUserName"] == OPENID and reply.fields["FromUserName"] == wechat.account
    assert reply.fields["MsgType"] == "text"
    assert reply.content.startswith("（2026）京0105民初9号：") and "【" not in reply.content
    assert "第五法庭" in reply.content and "承办法官：李法官" in reply.content
    viewed = AuditEntry.objects.get(action="view_case")
    assert viewed.channel == "wechat" and viewed.subject_id == str(case.pk)
    assert AuditEntry.objects.filter(action="verify_ok", channel="wechat").exists()
    message = WechatMessage.objects.get()
    assert (message.command, message.outcome, message.openid) == ("query", "case_status", OPENID)
    assert password not in message.text and password not in message.reply
    assert not AuditEntry.objects.filter(details__icontains=password).exists()
    assert not Notification.objects.filter(audience="public").exists()  # the answer is the reply, no SMS


def test_wrong_passwords_lock_out_the_follower(wechat, court):
    for _ in range(5):
        assert "查询未成功" in wechat.say(OPENID, "查询 1234567890").content
    password = issue_password(PartyFactory(case=CaseFactory(court=court)))
    assert "锁定" in wechat.say(OPENID, f"CX {password}").content  # right, but this follower is locked
    assert "查询未成功" not in wechat.say(OTHER_OPENID, f"CX {password}").content


def test_free_text_becomes_an_order_waiting_for_the_agents(wechat, court, make_staff):
    agent = make_staff(Role.AGENT, username="agent.wechat")
    reply = wechat.say(OPENID, "请问我的案子什么时候开庭？我一直没有收到传票")
    order = WorkOrder.objects.get()
    assert order.state == OrderState.OPEN and order.handler is None
    assert "没有收到传票" in order.summary and order.caller_phone == services.caller_id(OPENID)
    assert Call.objects.get().channel == "wechat"
    assert order in order_queries.inbox(agent)
    assert order.number in reply.content and order.short_code in reply.content
    assert WechatMessage.objects.get().order == order
    assert not Notification.objects.filter(audience="public").exists()


def test_a_greeting_or_help_gets_the_commands_not_an_order(wechat):
    assert "查询" in wechat.say(OPENID, "你好！").content
    assert "评价" in wechat.say(OPENID, "帮助").content
    assert "查询" in wechat.say(OPENID, "👍👍").content
    assert not WorkOrder.objects.exists()


@pytest.fixture
def filed(wechat, make_staff):
    """A matter filed on WeChat and dispatched to a judge."""
    agent = make_staff(Role.AGENT, username="agent.wx")
    judge = make_staff(Role.JUDGE, username="judge.wx", mobile="13700001111")
    wechat.say(OPENID, "请承办法官回电话，联系不上")
    order = handling.dispatch(WorkOrder.objects.get(), handler=judge, actor=agent)
    return order, agent, judge


def test_the_follower_adds_to_their_order_by_short_code_and_the_handler_is_told(wechat, filed):
    order, _agent, judge = filed
    reply = wechat.say(OPENID, f"回复 {order.short_code} 下午三点后方便接电话")
    entry = order.entries.get(action=OrderEntry.Action.CALLER_MESSAGE)
    assert "下午三点后方便接电话" in entry.text
    assert Notification.objects.filter(recipient=judge, event="caller_message").exists()
    assert order.number in reply.content and "短信" not in reply.content


def test_a_short_code_from_another_follower_or_a_phone_finds_nothing(wechat, filed):
    order, *_ = filed
    reply = wechat.say(OTHER_OPENID, f"HF {order.short_code} 冒充")
    assert "微信" in reply.content and "查询未成功" in reply.content
    assert not order.entries.filter(action=OrderEntry.Action.CALLER_MESSAGE).exists()
    # Nor may an SMS sender whose number is not the order's reach a WeChat order.
    assert order_queries.by_short_code(order.short_code, "13800138000") is None


def test_progress_then_rating_closes_a_satisfied_order(wechat, filed):
    order, agent, judge = filed
    handling.reply(order, actor=judge, text="已回电")
    closing.resolve(order, actor=agent)
    closing.inform_caller(order, actor=agent, method="phone", text="法官已于今日回电说明")
    progress = wechat.say(OPENID, f"进度 {order.short_code}")
    assert "法官已于今日回电说明" in progress.content and f"评价 {order.short_code} 1" in progress.content
    rated = wechat.say(OPENID, f"评价 {order.short_code} 1")
    order.refresh_from_db()
    assert (order.state, order.satisfaction) == (OrderState.CLOSED, "satisfied")
    assert "感谢" in rated.content
    entry = AuditEntry.objects.get(action="request_rated", subject_id=str(order.pk))
    assert entry.channel == "wechat"


def test_unsubscribe_explains_and_silences_nobody(wechat):
    reply = wechat.say(OPENID, "退订")
    assert "TD" in reply.content
    assert not OptOut.objects.exists()
    assert WechatMessage.objects.get().outcome == "unsubscribe_info"


def test_following_is_welcomed_and_other_message_types_are_declined_politely(wechat, court):
    welcome = wechat.send(wechat.event(OPENID, "subscribe"))[0]
    assert court.name in welcome.content and "查询" in welcome.content
    image = wechat.send({**wechat.text(OPENID, ""), "MsgType": "image", "PicUrl": "http://mmbiz/1.jpg"})[0]
    assert "文字" in image.content
    # A location report (sent every few seconds when enabled) is neither answered nor kept.
    location = wechat.send(wechat.event(OPENID, "LOCATION", Latitude="39.9", Longitude="116.4"))[0]
    assert location.body == b"success"
    assert sorted(WechatMessage.objects.values_list("outcome", flat=True)) == ["not_text", "welcome"]


def test_a_flood_from_one_follower_is_recorded_but_not_answered(wechat):
    for n in range(services.HOURLY_LIMIT):
        wechat.say(OPENID, "帮助" if n % 2 else "?")
    reply = wechat.say(OPENID, "再来一条消息，请转人工")
    assert reply.body == b"success"
    assert WechatMessage.objects.filter(outcome="rate_limited").count() == 1
    assert not WorkOrder.objects.exists()


def test_the_timeline_says_a_follower_follows_on_wechat_not_to_phone_them(wechat, filed):
    order, _agent, _judge = filed
    said = " ".join(order.entries.values_list("text", flat=True))
    assert "进度" in said and "tell them by phone" not in said and "电话告知" not in said
