"""Issue 20 finding 14: the console SMS transport (used when no gateway is set) logged whole message
bodies, with case numbers, names and hearing times. It logs the masked number, the event, the length and
the parts; the text goes only to the spool file standing in for the gateway, readable by its owner only."""

import json
import logging
import stat

import pytest

from court12368.notifications import services
from court12368.notifications.models import Channel
from court12368.notifications.services import notify_staff
from court12368.notifications.transports import ConsoleTransport

pytestmark = pytest.mark.django_db
BODY = "（2026）京0105民初1号张三诉李四一案定于12月1日9时在第三法庭开庭"


def test_the_console_sms_transport_logs_no_message_body(make_staff, caplog, tmp_path):
    staff = make_staff(mobile="13812345678")
    [sms] = [n for n in notify_staff(staff, event="hearing", body=BODY, key="k") if n.channel == Channel.SMS]
    spool = tmp_path / "sms.jsonl"
    with caplog.at_level(logging.DEBUG):
        assert services.send_now(sms.pk, transport=ConsoleTransport(spool)) == "sent"
    logged = caplog.text
    assert "138****5678" in logged and "13812345678" not in logged
    assert "京0105民初1号" not in logged and "张三" not in logged and BODY not in logged
    assert "hearing" in logged and f"{len(BODY)} characters" in logged
    assert json.loads(spool.read_text(encoding="utf-8"))["text"] == BODY
    assert stat.S_IMODE(spool.stat().st_mode) == 0o600
