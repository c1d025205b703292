"""KPIs for a period: each figure checked number by number, and a closed period that does not move."""

import datetime as dt
from decimal import Decimal

import pytest

from court12368.courts.models import DepartmentKind
from court12368.reports import kpis
from court12368.workorders.lifecycle import handling
from tests.reports.conftest import NOV, SHANGHAI

pytestmark = pytest.mark.django_db


def test_the_courts_figures_for_a_month_number_by_number(c, november):
    figures = kpis.compute(c.court, *NOV)[None]
    counts = figures["counts"]
    assert counts["orders"] == 4 and counts["on_the_spot"] == 1
    assert figures["on_the_spot_rate"] == Decimal("25.0")
    assert figures["answered_within_10s"] == Decimal("50.0")  # 5 s yes, 20 s no
    assert figures["answer_rate"] == Decimal("66.7")  # two answered of three
    assert counts["dispatched"] == 3 and figures["dispatched_on_time"] == Decimal("100.0")
    assert counts["replied"] == 2 and figures["replied_on_time"] == Decimal("50.0")
    assert figures["overdue_days"] == 3.0  # the late reply, three days past its deadline
    assert figures["judge_contact_rate"] == Decimal("100.0")  # the one closed contact had reached the judge
    assert figures["callback_rate"] == Decimal("100.0") and figures["satisfaction"] == Decimal("100.0")
    assert figures["repeat_call_rate"] == Decimal("25.0")
    assert kpis.compute(c.court, NOV[1], NOV[1] + dt.timedelta(days=31)) == {}  # December: nothing


def test_per_department_and_per_agent(c, november):
    by_department = kpis.compute(c.court, *NOV, by="department")
    civil = c.dept[DepartmentKind.CIVIL].pk
    assert by_department[civil]["counts"]["replied"] >= 1
    by_agent = kpis.compute(c.court, *NOV, by="agent")
    assert by_agent[c.agent.pk]["counts"]["orders"] == 4
    assert by_agent[c.agent.pk]["answered_within_10s"] == Decimal("50.0")
    assert by_agent[None]["counts"]["queue_ended"] == 1  # the caller who hung up was nobody's
    with pytest.raises(ValueError):
        kpis.compute(c.court, *NOV, by="weather")


def test_a_closed_month_does_not_change_when_orders_move_on_later(c, november):
    before = kpis.compute(c.court, *NOV, by="department")
    petition = november["petition"]
    december = dt.datetime(2026, 12, 3, 10, tzinfo=SHANGHAI)
    handling.transfer(
        petition, actor=c.president, department=c.dept[DepartmentKind.LEADERSHIP], reason="改由院领导督办",
        now=december,
    )  # fmt: skip
    handling.reply(petition, actor=c.president, text="已答复", now=december)
    assert kpis.compute(c.court, *NOV, by="department") == before
