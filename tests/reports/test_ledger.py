"""The ledger (台账): who reads it, its filters, its Excel export, and that its page is free of N+1."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.courts.models import DepartmentKind
from court12368.demo.factories import CourtFactory, StaffFactory
from court12368.hotline import services as hotline
from court12368.workorders.models import SubKind

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def log(c, content, kind="complaint", sub_kind=SubKind.CONDUCT, number="13912345678", at=None, **extra):
    with time_machine.travel(at or dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)):
        return hotline.log_call(
            court=c.court,
            agent=c.agent,
            content=content,
            kind=kind,
            sub_kind=sub_kind,
            caller_number=number,
            case=c.case,
            **extra,
        ).work_order


def test_the_ledger_shows_the_courts_orders_to_those_who_keep_it(client, c):
    mine = log(c, "法官拖延办案")
    petition = log(c, "不服判决要求再审", kind="petition", sub_kind="")
    stranger = StaffFactory(court=CourtFactory(), role="agent")

    client.force_login(c.agent)
    page = client.get(reverse("ledger")).content.decode()
    assert (
        mine.number in page
        and petition.number in page
        and "139****5678" in page
        and "13912345678" not in page
    )

    head = c.head[DepartmentKind.CIVIL]  # the conduct complaint went to the judge's department head
    client.force_login(head)
    page = client.get(reverse("ledger")).content.decode()
    assert mine.number in page and petition.number not in page

    client.force_login(stranger)  # another court's agent: their own court's (empty) ledger
    page = client.get(reverse("ledger")).content.decode()
    assert mine.number not in page and petition.number not in page
    client.force_login(c.judge)  # judges answer orders; they do not keep the ledger
    assert client.get(reverse("ledger")).status_code == 403
    client.logout()
    assert client.get(reverse("ledger")).status_code == 302


def test_filters_narrow_the_ledger_and_bad_ones_are_explained(client, c):
    early = log(
        c,
        "询问立案材料",
        kind="consultation",
        sub_kind="",
        at=dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI),
    )
    late = log(c, "法官态度恶劣", at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=SHANGHAI))
    client.force_login(c.president)

    def numbers(**query):
        response = client.get(reverse("ledger"), query)
        assert response.status_code == 200
        return {o.number for o in response.context["page"]}

    assert numbers() == {early.number, late.number}
    assert numbers(kind="complaint") == {late.number}
    assert numbers(start="2026-11-01", end="2026-11-02") == {early.number}
    assert numbers(q="态度") == {late.number}
    assert numbers(q=c.case.number) == {early.number, late.number}
    assert numbers(channel="sms") == set()
    response = client.get(reverse("ledger"), {"start": "2026-11-20", "end": "2026-11-01"})
    assert response.status_code == 400 and "结束日期早于开始日期" in response.content.decode()


def test_the_export_is_a_real_workbook_with_chinese_headers_dates_and_a_summary(client, c):
    orders = [log(c, f"第{n}个投诉") for n in range(3)]
    client.force_login(c.agent)
    response = client.get(reverse("ledger-export"), {"kind": "complaint"})
    assert response["Content-Disposition"].startswith('attachment; filename="12368-ledger-')
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ledger, summary = book.worksheets
    headers = [cell.value for cell in ledger[1]]
    assert headers[:3] == ["工单编号", "登记时间", "渠道"] and "来电号码" in headers
    rows = list(ledger.iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in rows} == {o.number for o in orders}
    created = rows[0][1]
    assert isinstance(created, dt.datetime) and created.hour == 10  # Beijing time, as an Excel date
    assert rows[0][headers.index("来电号码")] == "139****5678"
    assert ledger.column_dimensions["I"].width == 50
    counts = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and len(row) > 1}
    assert counts["工单数"] == 3 and counts["投诉举报"] == 3
    actions = list(AuditEntry.objects.filter(actor=c.agent).values_list("action", flat=True))
    assert "reports.ledger_exported" in actions


def test_viewing_the_ledger_is_audited_and_costs_the_same_queries_for_5_or_25_orders(
    client, c, django_assert_max_num_queries
):
    for n in range(5):
        log(c, f"投诉{n}")
    client.force_login(c.president)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("ledger"))
    for n in range(20):
        log(c, f"更多投诉{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("ledger"))
    assert AuditEntry.objects.filter(action="reports.ledger_viewed", actor=c.president).count() == 2
