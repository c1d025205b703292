"""Circulars: generated from a month's figures as Word and PDF, naming overdue orders; notes; who may."""

import datetime as dt
import io

import docx
import pypdf
import pytest
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.reports import kpis, services
from court12368.reports.circulars import period_of
from court12368.reports.models import Circular
from court12368.workorders.models import WorkOrder
from court12368.workorders.sweeps import sweep_deadlines
from tests.reports.conftest import NOV, SHANGHAI

pytestmark = pytest.mark.django_db
DECEMBER_1 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_weeks_and_months():
    assert period_of("weekly", dt.date(2026, 11, 25)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert period_of("monthly", dt.date(2026, 2, 14)) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert period_of("monthly", dt.date(2026, 12, 31)) == (dt.date(2026, 12, 1), dt.date(2026, 12, 31))


def test_the_monthly_circular_carries_the_figures_and_names_the_overdue(c, november):
    sweep_deadlines(now=DECEMBER_1)  # the petition, never answered, is overdue by now
    red = list(WorkOrder.objects.filter(light="red").select_related("handler", "department"))
    assert red, "the scenario needs an overdue order to name"
    circular = services.generate_circular(
        c.court, "monthly", dt.date(2026, 11, 15), by=c.president, now=DECEMBER_1
    )
    assert (circular.start, circular.end, circular.number) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30), 1)
    expected = kpis.compute(c.court, *NOV)[None]
    for text in (docx_text(circular.docx.read()), pdf_text(circular.pdf.read())):
        text = "".join(text.split())  # the PDF breaks lines where the page does
        assert "12368诉讼服务热线情况通报（2026年第1期·月报）" in text
        assert "当场答复率（%）" in text and str(expected["on_the_spot_rate"]) in text
        for order in red:
            assert order.number in text and str(order.handler) in text
        assert "请编辑填写" not in text  # no notes yet: nothing printed in their place
    assert AuditEntry.objects.filter(action="reports.circular_generated").count() == 1

    same = services.generate_circular(
        c.court, "monthly", dt.date(2026, 11, 2), by=c.president, now=DECEMBER_1
    )
    assert same.pk == circular.pk and Circular.objects.count() == 1  # regenerated, not duplicated
    services.save_notes(same, "民事庭超期较多，请于下周内清理。", by=c.president)
    same.refresh_from_db()
    word, pdf = docx_text(same.docx.read()), "".join(pdf_text(same.pdf.read()).split())
    assert "民事庭超期较多" in word and "民事庭超期较多" in pdf
    # Dated the day it was generated (1 December), not the day the notes were written (today)
    assert "2026年12月1日印发" in word and "2026年12月1日印发" in pdf
    week = services.generate_circular(c.court, "weekly", dt.date(2026, 11, 4), by=c.president, now=DECEMBER_1)
    assert week.number == 2


def test_pages_downloads_and_who_may(client, c, november):
    client.force_login(c.agent)
    assert client.get(reverse("circulars")).status_code == 200
    assert (
        client.post(reverse("circular-generate"), {"period": "monthly", "day": "2026-11-10"}).status_code
        == 403
    )
    client.force_login(c.president)
    response = client.post(reverse("circular-generate"), {"period": "monthly", "day": "2026-11-10"})
    circular = Circular.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "circular-detail", args=[circular.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert "情况通报" in page and "当场答复率" in page
    download = client.get(reverse("circular-download", args=[circular.pk, "docx"]))
    assert "docx" in download["Content-Disposition"]
    assert "当场答复率" in docx_text(b"".join(download.streaming_content))
    assert client.get(reverse("circular-download", args=[circular.pk, "exe"])).status_code == 404
    bad = client.post(reverse("circular-generate"), {"period": "yearly", "day": "x"})
    assert bad.status_code == 400
    assert (
        client.post(reverse("circular-detail", args=[circular.pk]), {"notes": "x" * 5001}).status_code == 400
    )
