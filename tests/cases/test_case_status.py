"""Issue 22, item 14: the hearing time, the trial time limit's status and the fees on every channel."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from court12368.api import services as clients
from court12368.cases import services
from court12368.cases.models import Stage, TimeLimitChange
from court12368.cases.status import time_limit_status
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 12, 10, 10, 0, tzinfo=SHANGHAI)
DUE = dt.date(2026, 12, 31)


@pytest.fixture
def case(court):
    case = CaseFactory(
        court=court,
        number="（2026）京0105民初300号",
        filed_on=dt.date(2026, 7, 1),
        time_limit_due=DUE,
        fee_charged=Decimal("5300.00"),
        fee_paid=Decimal("2650.00"),
        fee_refunded=Decimal("0"),
    )
    HearingFactory(case=case, starts_at=dt.datetime(2026, 12, 18, 15, 0, tzinfo=SHANGHAI), place="本院")
    return case


def status(case, today):
    case.refresh_from_db()
    return time_limit_status(case, today=today)


def test_open_cases_count_the_days_left_or_over(case):
    running = status(case, dt.date(2026, 12, 18))
    assert (running["state"], running["days_left"], running["text"]) == (
        "in_time",
        13,
        "在审限内，剩余 13 天",
    )
    assert status(case, DUE)["text"] == "在审限内，今日届满"
    late = status(case, dt.date(2027, 1, 5))
    assert (late["state"], late["days_over"], late["text"]) == ("exceeded", 5, "已超审限 5 天")


def test_a_decided_case_is_measured_on_its_closing_day(case):
    case.closed_on, case.stage = dt.date(2027, 1, 3), Stage.CLOSED
    case.save()
    late = status(case, dt.date(2027, 3, 1))
    assert (late["state"], late["days_over"], late["text"]) == ("concluded_late", 3, "超审限 3 天审结")
    case.closed_on = dt.date(2026, 12, 20)
    case.save()
    assert status(case, dt.date(2027, 3, 1))["text"] == "在审限内审结"


def test_an_excluded_period_stops_the_clock(case):
    TimeLimitChange.objects.create(
        case=case, kind=TimeLimitChange.Kind.SUSPENSION, starts_on=dt.date(2026, 12, 1), reason="鉴定"
    )
    paused = status(case, dt.date(2027, 2, 1))  # past the end, but the clock stands since 1 December
    assert (paused["state"], paused["days_left"], paused["paused_since"]) == ("in_time", 30, "2026-12-01")
    assert paused["text"] == "在审限内，剩余 30 天；自2026-12-01起暂停计算（鉴定，不计入审限）"


def test_an_extension_says_who_approved_it_or_that_nobody_is_on_record(case):
    extension = TimeLimitChange.objects.create(
        case=case, kind=TimeLimitChange.Kind.EXTENSION, starts_on=dt.date(2026, 12, 1), approval=""
    )
    unapproved = status(case, dt.date(2026, 12, 18))
    assert unapproved["extended"] and unapproved["approval_missing"]
    assert unapproved["text"] == "在审限内，剩余 13 天；已延长审限"
    extension.approval = "院长张某"
    extension.save()
    approved = status(case, dt.date(2026, 12, 18))
    assert not approved["approval_missing"] and approved["text"].endswith("；经院长张某批准延长审限")


def test_no_time_limit_no_status(court):
    assert time_limit_status(CaseFactory(court=court, time_limit_due=None)) is None


def verified_view(client, case, path, staff=None):
    password = services.issue_password(PartyFactory(case=case, name="张三"))
    data = {"method": "case_and_password", "case_number": case.number, "password": password, "agree": "on"}
    with time_machine.travel(NOW, tick=False):
        if staff is not None:
            client.force_login(staff)  # on the day travelled to: an idle session would have ended
        response = client.post(path, data)
    assert response.status_code == 200
    return response.content.decode()


def test_the_console_shows_the_hearing_time_the_status_and_an_unapproved_extension(
    client, court, case, make_staff
):
    TimeLimitChange.objects.create(
        case=case, kind=TimeLimitChange.Kind.EXTENSION, starts_on=dt.date(2026, 12, 1), reason="案情复杂"
    )
    page = verified_view(client, case, reverse("case-lookup"), staff=make_staff(role="agent"))
    assert "2026-12-18 15:00 本院" in page
    assert "在审限内，剩余 21 天；已延长审限" in page
    assert "没有批准记录：民事诉讼法第一百五十二条（经本院院长批准）" in page
    assert "应交5300.00元，已交2650.00元" in page


def test_the_portal_shows_the_party_the_hearing_time_the_status_and_the_fees(client, court, case):
    page = verified_view(client, case, f"/portal/c/{court.code}/case/")
    assert "2026-12-18 15:00" in page and "2026-12-1815:00" not in page
    assert "2026-12-31（" in page and "在审限内，剩余 21 天" in page
    assert "应交5300.00元，已交2650.00元，已退0.00元" in page
    assert "没有批准记录" not in page  # a staff warning


def test_the_api_gives_a_verified_party_the_status_and_the_fees(client, court, case):
    _client, token = clients.create_client(name="小程序", court=court, scopes=["cases:query"])
    password = services.issue_password(PartyFactory(case=case))
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            "/api/v1/cases/query",
            {"case_number": case.number, "password": password},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
    body = response.json()
    assert body["time_limit"]["state"] == "in_time" and body["time_limit"]["days_left"] == 21
    assert body["time_limit"]["due"] == "2026-12-31" and body["time_limit"]["extended"] is False
    assert body["fees"] == {"charged": "5300.00", "paid": "2650.00", "refunded": "0.00"}
    assert body["next_hearing"]["at"].startswith("2026-12-18T15:00")
    assert "approval_missing" not in body["time_limit"]
    wrong = client.post(
        "/api/v1/cases/query",
        {"case_number": case.number, "password": "0000000000"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert wrong.status_code == 403 and "fees" not in wrong.json()
