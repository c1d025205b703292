import datetime as dt

import pytest

from court12368.courts.calendars import national_calendar
from court12368.knowledge.periods import PeriodError, last_day

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "start", "expected", "rolled"),
    [
        ("civil_judgment_appeal", "2026-03-02", "2026-03-17", False),
        ("civil_judgment_appeal", "2026-09-22", "2026-10-08", True),  # 7 Oct is National Day
        ("civil_ruling_appeal", "2026-02-11", "2026-02-24", True),  # 21 Feb: Spring Festival
        (
            "criminal_judgment_appeal",
            "2026-02-04",
            "2026-02-14",
            False,
        ),  # a make-up Saturday is a working day
        ("criminal_ruling_appeal", "2026-02-23", "2026-02-28", False),  # ends on a make-up Saturday
        ("criminal_ruling_appeal", "2026-02-24", "2026-03-02", True),  # 1 Mar is an ordinary Sunday
        ("admin_judgment_appeal", "2026-04-20", "2026-05-06", True),  # 5 May: Labour Day
        ("civil_appeal_no_domicile", "2026-03-02", "2026-04-01", False),
        ("retrial_application", "2025-08-20", "2026-02-24", True),
        ("enforcement_application", "2024-02-29", "2026-02-28", False),
        ("civil_ordinary_limit", "2026-01-31", "2026-07-31", False),
        ("small_claims_limit", "2025-12-31", "2026-02-28", False),  # no 31 Feb: month end, a make-up day
    ],
)
def test_statutory_periods(kind, start, expected, rolled):
    result = last_day(national_calendar(), kind, dt.date.fromisoformat(start))
    assert result["last_day"] == expected
    assert result["rolled_over"] is rolled
    assert "民事诉讼法第八十五条" in result["basis"]


def test_unknown_period():
    with pytest.raises(PeriodError):
        last_day(national_calendar(), "tax_appeal", dt.date(2026, 1, 1))


def test_fee_api(client):
    response = client.post(
        "/api/v1/tools/fees",
        {"kind": "property", "amount": "150000", "procedure": "ordinary", "settlement": "none"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["fee"] == "3300.00" and "诉讼费用交纳办法第十三条" in body["basis"]


@pytest.mark.parametrize(
    ("payload", "status"),
    [
        ({"kind": "tax", "amount": "1"}, 422),
        ({"kind": "property", "amount": "-1"}, 422),
        ({"kind": "property"}, 422),
    ],
)
def test_fee_api_errors_have_the_shape(client, payload, status):
    response = client.post("/api/v1/tools/fees", payload, content_type="application/json")
    assert response.status_code == status
    assert set(response.json()) == {"code", "message", "details"}


def test_deadline_api(client):
    response = client.post(
        "/api/v1/tools/deadline",
        {"kind": "civil_judgment_appeal", "start": "2026-09-22"},
        content_type="application/json",
    )
    assert response.json()["last_day"] == "2026-10-08"
    bad = client.post(
        "/api/v1/tools/deadline",
        {"kind": "civil_judgment_appeal", "start": "2026-13-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "start"


def test_court_fee_schedule_is_used_and_checked(client, court):
    from django.core.exceptions import ValidationError

    from court12368.knowledge.models import FeeSchedule

    schedule = FeeSchedule(court=court, divorce=200, quantum=1)
    schedule.full_clean()
    schedule.save()
    body = client.post(
        "/api/v1/tools/fees",
        {"kind": "divorce", "amount": "300000", "court": "京0105"},
        content_type="application/json",
    ).json()
    assert body["fee"] == "700"
    with pytest.raises(ValidationError):
        FeeSchedule(court=court, divorce=400).full_clean()


def test_calculators_page(client, court, make_staff):
    client.force_login(make_staff(role="agent"))
    body = client.get(
        "/knowledge/calculators/",
        {
            "fee": "1",
            "fee-kind": "property",
            "fee-amount": "150000",
            "fee-procedure": "summary",
            "fee-settlement": "mediation",
        },
    ).content.decode()
    assert "1,650.00" in body and "只减半一次" in body
    body = client.get(
        "/knowledge/calculators/",
        {"period": "1", "period-kind": "civil_judgment_appeal", "period-start": "2026-09-22"},
    ).content.decode()
    assert "2026-10-08" in body and "民事诉讼法第一百七十一条" in body
