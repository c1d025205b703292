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


# ---- retries, reports, the relay ------------------------------------------------------------
import datetime as dt  # noqa: E402

from django.utils import timezone  # noqa: E402

from court12368.notifications import services  # noqa: E402
from court12368.notifications.transports import ConsoleTransport, Receipt, SendError  # noqa: E402


class Flaky:
    """A gateway that fails ``failures`` times (retry says whether the message surely did not arrive)."""

    name = "flaky"

    def __init__(self, failures: int, retry: bool = True):
        self.failures, self.retry, self.sent = failures, retry, []

    def send(self, sms):
        if self.failures:
            self.failures -= 1
            raise SendError("connection refused", retry=self.retry)
        self.sent.append(sms)
        return Receipt("gw-1")


def staff_sms(make_staff, key="k"):
    staff = make_staff(username=f"s{key}", mobile="13812345678")
    return next(
        n for n in notify_staff(staff, event="warn", body="工单即将到期", key=key) if n.channel == "sms"
    )


def test_a_refused_connection_is_retried_with_growing_delays_then_sent(make_staff):
    sms = staff_sms(make_staff)
    gateway, now = Flaky(failures=2), timezone.now()
    assert services.send_now(sms.pk, now=now, transport=gateway) == "retry"
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.next_attempt_at) == (
        Status.QUEUED,
        1,
        now + dt.timedelta(seconds=30),
    )
    assert services.send_now(sms.pk, now=now + dt.timedelta(seconds=10), transport=gateway) == "not due"
    later = now + dt.timedelta(seconds=30)
    assert services.send_now(sms.pk, now=later, transport=gateway) == "retry"
    sms.refresh_from_db()
    assert sms.next_attempt_at == later + dt.timedelta(seconds=60)
    assert services.send_now(sms.pk, now=later + dt.timedelta(seconds=60), transport=gateway) == "sent"
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.gateway_message_id) == (Status.SENT, 3, "gw-1")
    assert len(gateway.sent) == 1


def test_it_gives_up_after_the_last_attempt(make_staff, settings):
    settings.SMS_MAX_ATTEMPTS = 2
    sms = staff_sms(make_staff)
    gateway, now = Flaky(failures=5), timezone.now()
    assert services.send_now(sms.pk, now=now, transport=gateway) == "retry"
    assert services.send_now(sms.pk, now=now + dt.timedelta(minutes=1), transport=gateway) == "failed"
    sms.refresh_from_db()
    assert sms.status == Status.FAILED and "connection refused" in sms.last_error


def test_an_unknown_outcome_is_never_sent_again(make_staff):
    sms = staff_sms(make_staff)
    assert services.send_now(sms.pk, transport=Flaky(failures=1, retry=False)) == "failed"
    assert services.send_now(sms.pk, transport=Flaky(failures=0)) == "already handled"


def test_delivery_reports_move_forward_only(make_staff):
    sms = staff_sms(make_staff)
    services.send_now(sms.pk, transport=ConsoleTransport())
    assert services.record_delivery_report(sms.pk, 8, "smsc-42")  # accepted by the SMSC
    assert services.record_delivery_report(sms.pk, 1)
    sms.refresh_from_db()
    assert sms.status == Status.DELIVERED and sms.delivered_at
    assert not services.record_delivery_report(sms.pk + 1000, 1)  # not ours
    assert services.record_delivery_report(sms.pk, 2)  # a late failure report changes nothing
    sms.refresh_from_db()
    assert sms.status == Status.DELIVERED


def test_a_report_that_overtakes_the_worker_is_kept(make_staff):
    sms = staff_sms(make_staff)

    class ReportsFirst:
        name = "fast"

        def send(self, outgoing):
            services.record_delivery_report(outgoing.id, 1, "smsc-1")  # Kannel called back first
            return Receipt("")

    assert services.send_now(sms.pk, transport=ReportsFirst()) == "sent"
    sms.refresh_from_db()
    assert (sms.status, sms.gateway_message_id) == (Status.DELIVERED, "smsc-1") and sms.sent_at


def test_the_relay_enqueues_due_rows_expires_old_ones_and_settles_dead_sends(make_staff):
    now = timezone.now()
    due, waiting, old, stuck = (staff_sms(make_staff, key) for key in "abcd")
    Notification.objects.filter(pk=due.pk).update(enqueued_at=now - dt.timedelta(minutes=5))
    Notification.objects.filter(pk=waiting.pk).update(next_attempt_at=now + dt.timedelta(minutes=5))
    Notification.objects.filter(pk=old.pk).update(expires_at=now - dt.timedelta(seconds=1))
    Notification.objects.filter(pk=stuck.pk).update(
        status=Status.SENDING, claimed_at=now - dt.timedelta(hours=1)
    )
    DBTaskResult.objects.all().delete()

    assert services.relay(now=now) == 3
    assert list(DBTaskResult.objects.values_list("args_kwargs", flat=True)) == [
        {"args": [due.pk], "kwargs": {}}
    ]
    statuses = dict(Notification.objects.filter(channel="sms").values_list("pk", "status"))
    assert statuses == {due.pk: "queued", waiting.pk: "queued", old.pk: "expired", stuck.pk: "failed"}
    assert services.relay(now=now) == 0  # just enqueued: not again until the grace period passes


def test_the_console_transport_spools_the_whole_message_to_a_file(make_staff, tmp_path):
    sms = staff_sms(make_staff)
    spool = tmp_path / "sms.jsonl"
    services.send_now(sms.pk, transport=ConsoleTransport(spool))
    import json

    assert json.loads(spool.read_text()) == {
        "id": sms.pk,
        "to": "13812345678",
        "from": "12368",
        "text": "工单即将到期",
    }


def test_only_an_administrator_sends_a_failed_sms_again_and_the_list_masks_numbers(client, make_staff):
    from court12368.core.models import AuditEntry
    from court12368.courts.models import Role

    sms = staff_sms(make_staff)
    services.send_now(sms.pk, transport=Flaky(failures=1, retry=False))
    admin = make_staff(role=Role.ADMINISTRATOR, username="root")
    client.force_login(admin)
    page = client.get("/admin/notifications/notification/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    client.post(
        "/admin/notifications/notification/",
        {"action": "send_again", "_selected_action": [sms.pk]},
    )
    sms.refresh_from_db()
    assert (sms.status, sms.last_error) == (Status.QUEUED, "")
    assert AuditEntry.objects.filter(action="sms_resend", actor=admin).exists()
    assert services.relay() == 1  # picked up by the next sweep
