"""The statistics page and its JSON: who sees which rows, and the numbers the computation gives."""

import pytest
from django.urls import reverse

from court12368.courts.models import DepartmentKind
from court12368.reports import kpis
from tests.reports.conftest import NOV

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2026-11-01", "end": "2026-11-30"}


def test_leaders_get_every_department_and_the_json_matches_the_computation(client, c, november):
    client.force_login(c.president)
    page = client.get(reverse("kpis"), {**PERIOD, "by": "department"})
    assert page.status_code == 200 and "按时回复率" in page.content.decode()
    data = client.get(reverse("kpis-json"), {**PERIOD, "by": "department"}).json()
    expected = kpis.compute(c.court, *NOV, by="department")
    assert {row["group"] for row in data["rows"]} == set(expected)
    for row in data["rows"]:
        figures = expected[row["group"]]
        assert row["figures"]["counts"] == figures["counts"]
        assert row["figures"]["replied_on_time"] == (
            None if figures["replied_on_time"] is None else str(figures["replied_on_time"])
        )
    court = client.get(reverse("kpis-json"), {**PERIOD, "by": "court"}).json()["rows"]
    assert [row["name"] for row in court] == [c.court.name] and court[0]["figures"][
        "on_the_spot_rate"
    ] == "25.0"


def test_a_head_sees_only_the_department_and_agents_see_none(client, c, november):
    head = c.head[DepartmentKind.CIVIL]
    client.force_login(head)
    rows = client.get(reverse("kpis-json"), {**PERIOD, "by": "handler"}).json()["rows"]
    assert [row["group"] for row in rows] in ([head.department_id], [])
    client.force_login(c.agent)
    assert client.get(reverse("kpis")).status_code == 403


def test_a_bad_period_is_a_structured_error(client, c):
    client.force_login(c.president)
    response = client.get(reverse("kpis-json"), {"start": "2026-11-30", "end": "2026-11-01", "by": "court"})
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_period" and "end" in response.json()["fields"]
    page = client.get(reverse("kpis"), {"start": "x", "end": "2026-11-01", "by": "court"})
    assert page.status_code == 400
