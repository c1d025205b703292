"""The yearly department assessment: the circulars' figures for the year, as a table and in Excel."""

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from court12368.courts.models import DepartmentKind
from court12368.reports import kpis
from tests.reports.conftest import SHANGHAI

pytestmark = pytest.mark.django_db
YEAR = (dt.datetime(2026, 1, 1, tzinfo=SHANGHAI), dt.datetime(2027, 1, 1, tzinfo=SHANGHAI))


def test_the_year_table_and_its_workbook_match_the_computation(client, c, november):
    client.force_login(c.president)
    page = client.get(reverse("assessment"), {"year": 2026})
    assert page.status_code == 200
    expected = kpis.compute(c.court, *YEAR, by="department")
    names = {d.pk: d.name for d in c.dept.values()}
    rows = {row["name"]: row["values"] for row in page.context["rows"]}
    assert set(rows) == {names[k] for k in expected if k is not None}
    for key, figures in expected.items():
        if key is not None:
            assert rows[names[key]][1] == figures["counts"].get("replied", 0)
            assert rows[names[key]][4] == figures["overdue"]
    export = client.get(reverse("assessment"), {"year": 2026, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert sheet["A2"].value == "部门" and sheet["C2"].value == "已回复"
    exported = {r[0]: r[1:] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert {name: values[1] for name, values in exported.items()} == {n: v[1] for n, v in rows.items()}


def test_heads_see_their_department_agents_nothing_and_bad_years_are_refused(client, c, november):
    head = c.head[DepartmentKind.CIVIL]
    client.force_login(head)
    rows = client.get(reverse("assessment"), {"year": 2026}).context["rows"]
    assert [row["name"] for row in rows] in ([head.department.name], [])
    client.force_login(c.agent)
    assert client.get(reverse("assessment"), {"year": 2026}).status_code == 403
    client.force_login(c.president)
    assert client.get(reverse("assessment"), {"year": "abc"}).status_code == 400
