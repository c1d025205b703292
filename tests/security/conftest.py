"""One court with someone in every role, an outsider from another court, and one of every object a route
can name, for the role matrix."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from court12368.courts.models import Role
from court12368.demo.factories import CourtFactory, StaffFactory
from court12368.hotline import queue
from court12368.hotline.models import Call
from court12368.knowledge.models import Article
from court12368.notifications.models import Channel, Notification
from court12368.reports import services as reports
from court12368.reports.export_jobs import build_ledger_export, request_ledger_export
from court12368.sms.models import InboundSms
from court12368.wechat.models import WechatAccount
from court12368.workorders.models import Attachment, SubKind
from tests.builders import Court
from tests.reports.conftest import call


@pytest.fixture
def world(court, luoyang, settings, tmp_path):
    c = Court(court)
    civil = c.judge.department
    other = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    people = {
        "anonymous": None,
        "agent": c.agent,
        "judge_a": c.judge,  # handles the order below
        "judge_b": StaffFactory(court=court, department=civil, role=Role.JUDGE, username="judge_b"),
        "head": c.head[civil.kind],
        "leader": c.president,
        "admin": StaffFactory(court=court, role=Role.ADMINISTRATOR, username="admin1", is_staff=True),
        "outsider": StaffFactory(court=other, role=Role.LEADER, username="outsider"),
    }
    order = call(c, "联系不上承办法官", "contact_judge", SubKind.REPEAT_CONTACT)
    assert order.handler == c.judge
    attachment = Attachment.objects.create(
        entry=order.entries.first(), file=ContentFile(b"evidence", name="evidence.txt"), name="evidence.txt"
    )
    sms = InboundSms.objects.create(
        gateway_id="g1", received_at=timezone.now(), phone="13912345678", court=court, text="你好",
        outcome=InboundSms.Outcome.FOR_AGENT,
    )  # fmt: skip
    queued = queue.enqueue(court, caller_number="13800000000")
    wechat = WechatAccount.objects.create(court=court, app_id="wx0123456789abcdef", token="worldtoken")
    export = request_ledger_export(c.agent, {}, "", 1, "zh-hans")
    build_ledger_export.call(export.pk)  # ready to download
    circular = reports.generate_circular(court, "monthly", dt.date(2026, 11, 2), by=c.president)
    article = Article.objects.filter(is_published=True).first()
    recorded = order.calls.get()  # the call's recording, under the recordings folder
    settings.RECORDINGS_DIR = tmp_path / "recordings"
    settings.RECORDINGS_DIR.mkdir()
    (settings.RECORDINGS_DIR / "vm-world.wav").write_bytes(b"RIFF....WAVE")
    Call.objects.filter(pk=recorded.pk).update(recording_ref=str(settings.RECORDINGS_DIR / "vm-world.wav"))
    notice = Notification.objects.filter(recipient=c.judge, channel=Channel.IN_APP).first()
    objects = {
        "number": order.number,
        "pk": {"sms-handle": sms.pk, "queue-answer": queued.pk, "queue-transfer": queued.pk,
               "ledger-export-status": export.pk,
               "ledger-export-download": export.pk, "circular-detail": circular.pk,
               "circular-download": circular.pk, "order-attachment": attachment.pk,
               "order-recording": recorded.pk, "order-notice-read": notice.pk},
        "kind": "docx",
        "step": "accept",
        "code": court.code,
        "slug": article.slug if article else "none",
        "app_id": wechat.app_id,
    }  # fmt: skip
    return c, people, objects
