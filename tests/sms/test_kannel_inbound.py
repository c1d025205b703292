"""Through a real Kannel: an SMS from a phone → our endpoint → the answer back at the phone."""

import urllib.parse

import pytest
from django.conf import settings

from court12368.cases.services import issue_password
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory
from court12368.notifications.models import Notification, SmsSettings, Status
from court12368.sms.models import InboundSms
from tests.notifications.kannel import available, running_kannel, wait_for_status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(available()), reason=available() or "-"),
]

PARTY_MOBILE = "13800138000"


@pytest.fixture
def kannel(tmp_path, live_server, settings):
    yield from running_kannel(tmp_path, live_server, settings)


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
    SmsSettings.objects.create(court=court, inbound_number="12368")
    text = urllib.parse.quote("请问立案需要带什么材料".encode("utf-16-be"), safe="")
    kannel.connect_phone(f"{PARTY_MOBILE} 12368 ucs2 {text}")
    [reply] = kannel.wait_for(lambda m: m.receiver == PARTY_MOBILE)
    assert "已收到" in reply.text
    message = InboundSms.objects.get(phone=PARTY_MOBILE)
    assert (message.text, message.outcome) == ("请问立案需要带什么材料", "for_agent")
    assert settings.SMS_TRANSPORT == "kannel"
