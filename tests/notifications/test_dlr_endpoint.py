"""The gateway's delivery-report callback."""

import pytest
from django.test import Client

from court12368.notifications.models import Notification
from court12368.notifications.services import dlr_signature, notify_phone

pytestmark = pytest.mark.django_db

PHONE = "13800138000"


def test_delivery_report_endpoint_checks_the_signature(court):
    row = notify_phone(PHONE, event="result", body="x", key="k", court=court, urgent=True)
    url = "/sms/kannel/dlr/"
    assert Client().get(url, {"id": row.pk, "sig": "forged", "type": 1}).status_code == 403
    assert Client().get(url, {"id": "x", "sig": "s", "type": 1}).status_code == 400
    Notification.objects.filter(pk=row.pk).update(status="sent")
    ok = Client().get(url, {"id": row.pk, "sig": dlr_signature(row.pk), "type": 1, "smsc_id": "abc"})
    assert ok.status_code == 200
    row.refresh_from_db()
    assert (row.status, row.gateway_message_id) == ("delivered", "abc")
