"""`court12368 purge`: old recordings go, old callers' numbers and names are masked, rows and recent data
stay, and a dry run changes nothing."""

import datetime as dt
import os

import pytest
from django.utils import timezone

from court12368 import retention
from court12368.cli import main
from court12368.core.models import AuditEntry
from court12368.hotline import queue
from court12368.hotline.models import Call
from court12368.sms.models import InboundSms
from court12368.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
NOW = timezone.now()
LONG_AGO = NOW - dt.timedelta(days=4 * 365)


@pytest.fixture
def recordings(settings, tmp_path):
    settings.RECORDINGS_DIR = str(tmp_path)
    old, new = tmp_path / "call-old.wav", tmp_path / "call-new.wav"
    for path, age in ((old, dt.timedelta(days=400)), (new, dt.timedelta(days=3))):
        path.write_bytes(b"RIFF")
        stamp = (NOW - age).timestamp()
        os.utime(path, (stamp, stamp))
    return old, new


def make_calls(court, old_wav):
    def call(number, name, at, **extra):
        return Call.objects.create(
            court=court,
            caller_number=number,
            caller_name=name,
            rang_at=at,
            answered_at=at,
            content="问",
            **extra,
        )

    return call("13912345678", "张三", LONG_AGO, recording_ref=str(old_wav)), call("13712345678", "李四", NOW)


def test_old_recordings_go_and_old_callers_are_masked(court, recordings, make_staff):
    old_wav, new_wav = recordings
    old, recent = make_calls(court, old_wav)
    queued = queue.enqueue(court, caller_number="13600000000", now=LONG_AGO)
    sms = InboundSms.objects.create(
        gateway_id="g1", received_at=LONG_AGO, phone="13512345678", court=court,
        text="CX 2026京0105民初1号 123456", outcome=InboundSms.Outcome.QUERY_FAILED,
    )  # fmt: skip
    done = retention.purge(NOW)
    assert (done.recordings, done.calls, done.queued_calls, done.sms) == (1, 1, 1, 1)
    assert not old_wav.exists() and new_wav.exists()
    old.refresh_from_db(), recent.refresh_from_db(), queued.refresh_from_db(), sms.refresh_from_db()
    assert (old.caller_number, old.caller_name, old.recording_ref) == ("139****5678", "", "")
    assert (recent.caller_number, recent.caller_name) == ("13712345678", "李四")  # recent: kept
    assert queued.caller_number == "136****0000"
    assert sms.phone == "135****5678" and sms.text == ""  # it held a service password
    entry = AuditEntry.objects.get(action="privacy.purged")
    assert entry.details["calls"] == 1 and entry.details["recordings"] == 1
    assert retention.purge(NOW).calls == 0  # masked once


def test_only_closed_orders_lose_their_callers(court, recordings, make_staff, luoyang):
    from court12368.workorders.models import SubKind
    from tests.builders import Court
    from tests.reports.conftest import call

    c = Court(court)
    open_order, closed_order = (call(c, f"第{n}次", "contact_judge", SubKind.REPEAT_CONTACT) for n in (1, 2))
    WorkOrder.objects.filter(pk=closed_order.pk).update(state="closed", closed_at=LONG_AGO)
    WorkOrder.objects.filter(pk=open_order.pk).update(created_at=LONG_AGO)
    assert retention.purge(NOW).orders == 1
    assert WorkOrder.objects.get(pk=closed_order.pk).caller_phone == "139****5678"
    assert WorkOrder.objects.get(pk=open_order.pk).caller_phone == "13912345678"  # still being handled


def test_a_dry_run_counts_and_changes_nothing(court, recordings, capsys):
    old_wav, _ = recordings
    old, _ = make_calls(court, old_wav)
    assert main(["purge", "--dry-run"]) == 0
    assert "would purge: 1 recordings; numbers masked in 1 calls" in capsys.readouterr().out
    old.refresh_from_db()
    assert old_wav.exists() and old.caller_number == "13912345678"
    assert not AuditEntry.objects.filter(action="privacy.purged").exists()


def test_zero_keeps_everything(court, recordings, settings):
    settings.KEEP_RECORDINGS_DAYS = settings.KEEP_PERSONAL_DAYS = 0
    old_wav, _ = recordings
    make_calls(court, old_wav)
    assert retention.purge(NOW) == retention.Purged()
    assert old_wav.exists()
