"""Ledger exports larger than a browser should wait for are written by the task worker: the requester
follows the status page to the download; nobody else sees it; a failure says why and keeps no file."""

import io

import openpyxl
import pytest
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.demo.factories import StaffFactory
from court12368.reports import export_jobs
from court12368.reports.models import LedgerExport
from tests.reports.test_ledger import log

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_inline_limit(settings):
    settings.LEDGER_EXPORT_INLINE_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def request_export(client, user, captured, **filters):
    client.force_login(user)
    with captured(execute=True):  # the task is enqueued when the request's transaction commits
        response = client.get(reverse("ledger-export"), {"kind": "complaint", **filters})
    return response


def test_a_large_export_is_written_by_the_worker_and_downloaded_from_its_page(
    client, c, small_inline_limit, django_capture_on_commit_callbacks
):
    orders = {log(c, f"第{n}个投诉").number for n in range(3)}
    response = request_export(client, c.agent, django_capture_on_commit_callbacks)
    export = LedgerExport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "ledger-export-status", args=[export.pk]
    )
    assert export.state == "done" and export.rows == 3 and export.query == {"kind": "complaint"}
    page = client.get(response["Location"]).content.decode()
    assert 'data-state="done"' in page and "下载" in page
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<div id="export-status"') and "<html" not in partial  # what htmx swaps in
    download = client.get(reverse("ledger-export-download", args=[export.pk]))
    book = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert {row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)} == orders
    assert book.worksheets[0]["A1"].value == "工单编号"  # in the requester's language, by the worker
    actions = set(AuditEntry.objects.filter(actor=c.agent).values_list("action", flat=True))
    assert {"reports.ledger_export_requested", "reports.ledger_export_downloaded"} <= actions
    assert export_jobs.build_ledger_export.call(export.pk) == "done"  # a retried task writes nothing twice
    assert LedgerExport.objects.get().file.name == export.file.name


def test_only_the_requester_sees_the_export(
    client, c, small_inline_limit, django_capture_on_commit_callbacks
):
    for n in range(3):
        log(c, f"第{n}个投诉")
    request_export(client, c.agent, django_capture_on_commit_callbacks)
    export = LedgerExport.objects.get()
    colleague = StaffFactory(court=c.court, role="agent")
    client.force_login(colleague)
    assert client.get(reverse("ledger-export-status", args=[export.pk])).status_code == 404
    assert client.get(reverse("ledger-export-download", args=[export.pk])).status_code == 404


def test_a_failed_export_says_why_and_keeps_no_file(
    client, c, small_inline_limit, django_capture_on_commit_callbacks, monkeypatch
):
    for n in range(3):
        log(c, f"第{n}个投诉")

    def broken(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(export_jobs, "write_ledger", broken)
    response = request_export(client, c.agent, django_capture_on_commit_callbacks)
    export = LedgerExport.objects.get()
    assert export.state == "failed" and not export.file and "No space left" in export.error
    page = client.get(response["Location"]).content.decode()
    assert 'data-state="failed"' in page and "No space left on device" in page
    assert client.get(reverse("ledger-export-download", args=[export.pk])).status_code == 404


def test_small_exports_still_come_at_once(client, c, small_inline_limit, django_capture_on_commit_callbacks):
    log(c, "一个投诉")
    response = request_export(client, c.agent, django_capture_on_commit_callbacks)
    assert response["Content-Disposition"].startswith("attachment") and not LedgerExport.objects.exists()
