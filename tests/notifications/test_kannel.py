"""Through a real Kannel: dispatch → SMS at the phone network → delivery report."""

import logging

import pytest

from court12368.courts.models import Role
from court12368.notifications.models import Notification, SmsTemplate, Status
from court12368.workorders.lifecycle import handling, intake
from court12368.workorders.models import OrderKind
from tests.notifications.kannel import available, running_kannel, wait_for_status

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(available()), reason=available() or "-"),
]

JUDGE_MOBILE = "13700001111"


@pytest.fixture
def kannel(tmp_path, live_server, settings):
    yield from running_kannel(tmp_path, live_server, settings)


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
    order = intake.create_work_order(
        court=court,
        kind=OrderKind.CONTACT_JUDGE,
        summary="请法官回电",
        agent=agent,
        caller_phone="13912345678",
    )
    order = handling.dispatch(order, handler=judge, actor=agent)

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
