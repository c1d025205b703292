"""Through a real Kannel: dispatch → SMS at the phone network → delivery report; and an SMS query
from a phone → our endpoint → the case status back at the phone."""

import logging
import time

import pytest
from django.conf import settings

from court12368.cases.services import issue_password
from court12368.courts.models import Role
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory
from court12368.notifications.models import InboundSms, Notification, SmsSettings, SmsTemplate, Status
from court12368.workorders import services as orders
from court12368.workorders.models import OrderKind
from tests.notifications.kannel import Kannel, available

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(available()), reason=available() or "-"),
]

JUDGE_MOBILE = "13700001111"
PARTY_MOBILE = "13800138000"


@pytest.fixture
def kannel(tmp_path, live_server, settings):
    inbound = f"{live_server.url}/sms/kannel/inbound/?secret={settings.SMS_INBOUND_SECRET}"
    gateway = Kannel(tmp_path, inbound_url=inbound)
    gateway.start()
    settings.SMS_TRANSPORT = "kannel"
    settings.KANNEL_SENDSMS_URL = gateway.sendsms_url
    settings.KANNEL_USERNAME, settings.KANNEL_PASSWORD = gateway.username, gateway.password
    settings.PUBLIC_URL = live_server.url
    # The worker's job done in-line, so the test sees each step as it happens.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    yield gateway
    gateway.stop()


def wait_for_status(pk: int, status: str, timeout: float = 20.0) -> Notification:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        row = Notification.objects.get(pk=pk)
        if row.status == status:
            return row
        time.sleep(0.2)
    raise AssertionError(f"SMS {pk} is {row.status} ({row.last_error}), not {status}")


def test_dispatch_sms_reaches_the_phone_network_and_its_delivery_report_comes_back(
    kannel, court, department, make_staff, caplog
):
    caplog.set_level(logging.DEBUG)
    kannel.connect_phone()
    # The court's own wording, long enough to need two concatenated parts.
    SmsTemplate.objects.create(
        court=court,
        event="dispatch",
        body="{signature}工单{order_number}（{order_kind}）已转您办理，请于{reply_due}前办理并在系统中回复。"
        "需要联系当事人的，请使用办公电话并做好记录；不属于本部门办理的，请在两小时内退回诉讼服务中心。",
    )
    agent = make_staff(Role.AGENT, mobile="")
    judge = make_staff(Role.JUDGE, mobile=JUDGE_MOBILE, username="judge.kannel")
    order = orders.create_work_order(
        court=court,
        kind=OrderKind.CONTACT_JUDGE,
        summary="请法官回电",
        agent=agent,
        caller_phone="13912345678",
    )
    order = orders.dispatch(order, handler=judge, actor=agent)

    sms = Notification.objects.get(recipient=judge, channel="sms", event="dispatch")
    [arrived] = kannel.wait_for(lambda m: m.receiver == JUDGE_MOBILE)
    assert arrived.text == sms.body
    assert order.number in arrived.text and "退回诉讼服务中心" in arrived.text
    assert arrived.sender == "12368"
    assert sms.parts == 2  # longer than 70 Chinese characters: sent as two concatenated parts

    delivered = wait_for_status(sms.pk, Status.DELIVERED)
    assert delivered.delivered_at is not None and delivered.gateway_message_id
    assert delivered.attempts == 1
    logged = caplog.text
    assert JUDGE_MOBILE not in logged and kannel.password not in logged and "137****1111" in logged


def test_an_sms_query_from_a_phone_is_answered_with_the_case_status(kannel, court):
    SmsSettings.objects.create(court=court, inbound_number="12368")
    case = CaseFactory(court=court, number="（2026）京0105民初7号", judge_name="王法官")
    HearingFactory(case=case, courtroom="第三法庭")
    password = issue_password(PartyFactory(case=case, phone=PARTY_MOBILE))

    kannel.connect_phone(f"{PARTY_MOBILE} 12368 text CX {password}")
    [reply] = kannel.wait_for(lambda m: m.receiver == PARTY_MOBILE)

    assert reply.text.startswith("【朝阳区人民法院】（2026）京0105民初7号")
    assert "承办法官：王法官" in reply.text and "第三法庭" in reply.text
    message = InboundSms.objects.get(phone=PARTY_MOBILE)
    assert (message.command, message.outcome, message.court) == ("query", "case_status", court)
    answer = Notification.objects.get(phone=PARTY_MOBILE, event="case_status")
    wait_for_status(answer.pk, Status.DELIVERED)
    assert password not in reply.text  # the password is never echoed back


def test_a_chinese_sms_from_a_phone_reaches_an_agent(kannel, court):
    import urllib.parse

    SmsSettings.objects.create(court=court, inbound_number="12368")
    text = urllib.parse.quote("请问立案需要带什么材料".encode("utf-16-be"), safe="")
    kannel.connect_phone(f"{PARTY_MOBILE} 12368 ucs2 {text}")
    [reply] = kannel.wait_for(lambda m: m.receiver == PARTY_MOBILE)
    assert "已收到" in reply.text
    message = InboundSms.objects.get(phone=PARTY_MOBILE)
    assert (message.text, message.outcome) == ("请问立案需要带什么材料", "for_agent")
    assert settings.SMS_TRANSPORT == "kannel"
