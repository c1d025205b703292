"""Written reports (义乌法院工单办理办法 art. 4(5): filing complaints, "调查核实并书面报告情况";
art. 4(7): abusive calls, "将录音整理成书面材料层报院领导"): a reply without the report is refused in
Chinese and nothing is written; with the report as text or as a file it passes and the report is on
the order's timeline."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from court12368.courts.models import DepartmentKind
from court12368.hotline import services as hotline
from court12368.workorders.lifecycle import handling, intake
from court12368.workorders.models import Attachment, OrderEntry, OrderState, SubKind, WorkOrder
from tests.builders import Court

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def c(court, luoyang):
    return Court(court)


@pytest.fixture
def filing_complaint(c):
    order = c.order("complaint", SubKind.FILING)
    assert order.written_report_required and order.handler == c.head[DepartmentKind.FILING]
    return order


def unchanged(order: WorkOrder) -> bool:
    now = WorkOrder.objects.get(pk=order.pk)
    return (
        now.state == OrderState.DISPATCHED
        and now.replied_at is None
        and not OrderEntry.objects.filter(order=order, action=OrderEntry.Action.REPLIED).exists()
        and not Attachment.objects.exists()
    )


def test_a_reply_without_the_report_is_refused_in_chinese_and_nothing_is_written(c, filing_complaint):
    head = filing_complaint.handler
    with translation.override("zh-hans"), pytest.raises(handling.WrittenReportMissing) as refused:
        handling.reply(filing_complaint, actor=head, text="已核实", report="   ")
    assert "书面报告" in str(refused.value) and refused.value.action == "reply"
    assert unchanged(filing_complaint)


def test_a_reply_with_the_report_as_text_passes_and_the_report_is_on_the_timeline(c, filing_complaint):
    head = filing_complaint.handler
    order = handling.reply(filing_complaint, actor=head, text="已核实", report="经调查，窗口人员已批评教育。")
    assert order.state == OrderState.REPLIED
    entry = order.entries.get(action=OrderEntry.Action.REPLIED)
    assert entry.text.startswith("已核实") and "经调查，窗口人员已批评教育。" in entry.text


def test_a_reply_with_the_report_as_a_file_passes(c, filing_complaint):
    head = filing_complaint.handler
    report = SimpleUploadedFile("调查报告.pdf", PDF, "application/pdf")
    order = handling.reply(filing_complaint, actor=head, text="已核实", report_files=[report])
    assert order.state == OrderState.REPLIED
    attachment = Attachment.objects.get(entry__order=order)
    assert attachment.name.startswith("书面报告") and attachment.name.endswith("调查报告.pdf")


def test_an_abusive_call_needs_its_written_report_too(c):
    order = hotline.log_call(
        court=c.court,
        agent=c.agent,
        content="辱骂座席员",
        kind="other",
        abusive=True,
        caller_number="13912345678",
    ).work_order
    with pytest.raises(handling.WrittenReportMissing):
        handling.reply(order, actor=order.handler, text="已阅")
    assert unchanged(order)
    assert handling.reply(order, actor=order.handler, text="已阅", report="录音整理如下……").state == "replied"


def test_an_order_without_the_duty_replies_as_before(c):
    order = c.order("complaint", SubKind.CONDUCT)
    assert not order.written_report_required
    assert handling.reply(order, actor=order.handler, text="已处理").state == OrderState.REPLIED


def test_a_filing_complaint_dispatched_by_hand_keeps_the_courts_report_duty(c):
    order = intake.create_work_order(
        court=c.court, kind="complaint", sub_kind=SubKind.FILING, summary="窗口拒收材料", agent=c.agent
    )
    order = handling.dispatch(order, handler=c.head[DepartmentKind.FILING], actor=c.agent)
    assert order.written_report_required


def test_the_reply_form_marks_the_report_required_and_the_page_refuses_a_reply_without_it(
    client, c, filing_complaint
):
    client.force_login(filing_complaint.handler)
    page = client.get(reverse("order-detail", args=[filing_complaint.number])).content.decode()
    assert 'data-testid="written-report-required"' in page and 'name="report"' in page
    assert 'name="report_file"' in page
    url = reverse("order-reply", args=[filing_complaint.number])
    refused = client.post(url, {"text": "已核实"}, follow=True).content.decode()
    assert "此工单须提交书面报告" in refused
    assert unchanged(filing_complaint)
    report = SimpleUploadedFile("调查报告.pdf", PDF, "application/pdf")
    page = client.post(url, {"text": "已核实", "report_file": report}, follow=True).content.decode()
    assert WorkOrder.objects.get(pk=filing_complaint.pk).state == OrderState.REPLIED
    assert "书面报告-调查报告.pdf" in page  # on the timeline, to download


def test_an_order_without_the_duty_shows_the_report_as_optional(client, c):
    order = c.order("complaint", SubKind.CONDUCT)
    client.force_login(order.handler)
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert 'name="report"' in page and 'data-testid="written-report-required"' not in page
