"""The leaders' dashboard: its JSON checked number by number, the red-light board and who may see it."""

import datetime as dt

import pytest
from django.urls import reverse

from court12368.reports import dashboard, dashboard_views
from court12368.workorders.models import SubKind, WorkOrder
from court12368.workorders.sweeps import sweep_deadlines
from tests.reports.conftest import SHANGHAI, call

pytestmark = pytest.mark.django_db
WEEK = {"start": "2026-11-02", "end": "2026-11-08"}


def test_the_dashboard_data_number_by_number(client, c, november):
    sweep_deadlines(now=dt.datetime(2026, 12, 1, 9, tzinfo=SHANGHAI))
    client.force_login(c.president)
    data = client.get(reverse("dashboard-json"), WEEK).json()
    days = {row["date"]: row["orders"] for row in data["volume_by_day"]}
    assert len(days) == 7 and days["2026-11-02"] == 4 and sum(days.values()) == 4  # all four on 2 November
    hours = {row["hour"]: row["orders"] for row in data["volume_by_hour"]}
    assert hours[10] == 4 and sum(hours.values()) == 4  # logged at 10:00 Beijing time
    mix = {row["type"]: row["orders"] for row in data["type_mix"]}
    assert mix["诉讼咨询"] == 1 and mix["投诉举报"] == 1 and mix["信访申诉"] == 1 and mix["联系法官"] == 1
    assert [w["week"] for w in data["trends"]] == ["2026-11-02"]
    # Two replies that week: the complaint's in time, the judge contact's three days late.
    assert data["trends"][0]["replied_on_time"] == 50.0
    red = WorkOrder.objects.filter(light="red")
    board = {o["number"] for row in data["red_board"] for o in row["orders"]}
    assert board == set(red.values_list("number", flat=True)) and board
    first = data["red_board"][0]["orders"][0]
    assert client.get(first["url"]).status_code == 200  # click through to the order
    assert sum(row["count"] for row in data["red_board"]) == red.count()


def test_the_page_the_partial_and_who_may(client, c, november):
    client.force_login(c.president)
    page = client.get(reverse("dashboard"), WEEK)
    assert page.status_code == 200 and "部门排名" in page.content.decode()
    assert client.get(reverse("dashboard-red-board")).status_code == 200
    assert (
        client.get(reverse("dashboard-json"), {"start": "2026-11-08", "end": "2026-11-01"}).status_code == 400
    )
    for outsider in (c.agent, c.judge, c.head[next(iter(c.head))]):
        client.force_login(outsider)
        assert client.get(reverse("dashboard")).status_code == 403
        assert client.get(reverse("dashboard-json")).status_code == 403


def test_the_charts_come_with_the_page_figures_and_the_page_keeps_its_tables_without_them(
    client, c, november, monkeypatch
):
    client.force_login(c.president)
    html = client.get(reverse("dashboard"), WEEK).content.decode()
    assert "vendor/echarts/echarts.min.js" in html and 'id="dashboard-data"' in html
    assert html.count('data-chart="') == 6
    monkeypatch.setattr(dashboard_views.finders, "find", lambda path: None)  # never fetched (offline)
    html = client.get(reverse("dashboard"), WEEK).content.decode()
    assert "echarts" not in html and 'data-testid="no-charts"' in html and 'data-testid="red-board"' in html


def test_the_red_board_names_the_longest_overdue_and_counts_the_rest(client, c, monkeypatch):
    monkeypatch.setattr(dashboard, "BOARD_ORDERS", 2)
    orders = [call(c, f"第{n}次联系不上法官", "contact_judge", SubKind.REPEAT_CONTACT) for n in range(4)]
    for days, order in enumerate(orders, start=1):
        WorkOrder.objects.filter(pk=order.pk).update(
            state="dispatched",
            light="red",
            overdue_since=dt.datetime(2026, 11, 20 - days, 9, tzinfo=SHANGHAI),
        )
    now = dt.datetime(2026, 11, 23, 9, tzinfo=SHANGHAI)
    (row,) = [
        row for row in dashboard.red_board(c.court, now) if row["department_id"] == orders[0].department_id
    ]
    assert row["count"] == 4 and row["more"] == 2
    assert [o["number"] for o in row["orders"]] == [orders[3].number, orders[2].number]  # longest first
    assert [o["days"] for o in row["orders"]] == [7, 6]
    client.force_login(c.president)
    html = client.get(reverse("dashboard-red-board")).content.decode()
    assert "还有 2 件超期工单" in html and f"overdue=on&amp;department={orders[0].department_id}" in html
