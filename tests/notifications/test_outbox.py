import logging

import pytest
from django_tasks_db.models import DBTaskResult

from court12368.core.privacy import mask_phone
from court12368.notifications.models import Channel, Notification, Status
from court12368.notifications.services import deliver, notify_staff

pytestmark = pytest.mark.django_db


def test_in_app_always_and_sms_when_the_staff_has_a_mobile(make_staff):
    with_mobile = make_staff(username="m", mobile="13812345678")
    without = make_staff(username="n", mobile="")
    assert {n.channel for n in notify_staff(with_mobile, event="e", body="b", key="k1")} == {"in_app", "sms"}
    assert {n.channel for n in notify_staff(without, event="e", body="b", key="k1")} == {"in_app"}


def test_the_same_event_never_notifies_twice(make_staff):
    staff = make_staff(mobile="13812345678")
    notify_staff(staff, event="e", body="b", key="order:1:warn")
    assert notify_staff(staff, event="e", body="b", key="order:1:warn") == []
    assert Notification.objects.count() == 2


def test_sms_is_handed_to_the_worker_only_after_commit(make_staff, django_capture_on_commit_callbacks):
    staff = make_staff(mobile="13812345678")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_staff(staff, event="e", body="b", key="k")
    assert DBTaskResult.objects.count() == 0
    assert len(callbacks) == 1  # only the SMS goes through the worker
    callbacks[0]()
    task = DBTaskResult.objects.get()
    assert task.task_path == "court12368.notifications.services.deliver"


def test_delivery_claims_first_and_masks_the_number_in_logs(make_staff, caplog):
    staff = make_staff(mobile="13812345678")
    sms = next(
        n for n in notify_staff(staff, event="warn", body="工单即将到期", key="k") if n.channel == Channel.SMS
    )
    with caplog.at_level(logging.INFO):
        assert deliver.call(sms.pk) == "sent"
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text
    sms.refresh_from_db()
    assert sms.status == Status.SENT and sms.sent_at
    assert deliver.call(sms.pk) == "already handled"  # a second worker sends nothing


@pytest.mark.parametrize(
    ("raw", "masked"), [("13812345678", "138****5678"), ("010-65432100", "010-****2100"), ("123", "***")]
)
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked
