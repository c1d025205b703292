"""The judge's, the head's and the leader's home pages show their counts (to do, overdue, due today), each
one cheap query, read through a template tag of workorders (courts may not import it)."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from court12368.courts.models import DepartmentKind, Role
from court12368.demo.factories import StaffFactory
from court12368.workorders import queries
from court12368.workorders.lifecycle import intake
from court12368.workorders.models import Light, OrderState, WorkOrder
from tests.builders import Court

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def c(court, luoyang):
    return Court(court)


def order(c, handler, *, due, light=Light.GREEN, state=OrderState.DISPATCHED, **fields):
    made = intake.create_work_order(
        court=c.court, kind="contact_judge", summary="请法官回电", agent=c.agent, caller_phone="13912345678",
        now=NOW - dt.timedelta(days=3),
    )  # fmt: skip
    WorkOrder.objects.filter(pk=made.pk).update(
        handler=handler, department=handler.department, state=state, reply_due=due, light=light, **fields
    )
    return made


@pytest.fixture
def judges_orders(c):
    """The judge's: one overdue, two due later today (one acknowledged), one due tomorrow, one replied."""
    order(c, c.judge, due=NOW - dt.timedelta(hours=2), light=Light.RED)
    order(c, c.judge, due=NOW + dt.timedelta(hours=3), light=Light.YELLOW)
    order(c, c.judge, due=NOW + dt.timedelta(hours=13, minutes=59), state=OrderState.ACKNOWLEDGED)
    order(c, c.judge, due=NOW + dt.timedelta(days=1))
    order(c, c.judge, due=NOW + dt.timedelta(hours=1), state=OrderState.REPLIED)


def counts(page: str) -> dict[str, int]:
    found = dict(re.findall(r'data-testid="count-([a-z-]+)"[^>]*>(\d+)<', page))
    return {name: int(value) for name, value in found.items()}


def test_the_counts_are_the_users_own_one_query_each(c, judges_orders, django_assert_num_queries):
    with django_assert_num_queries(3):
        mine = queries.home_counts(c.judge, now=NOW)
    assert mine == {"to_do": 4, "overdue": 1, "due_today": 2}
    head = c.head[DepartmentKind.CIVIL]  # the judge's department's head reads the department's orders
    assert queries.home_counts(head, now=NOW) == {"to_do": 4, "overdue": 1, "due_today": 2}
    other_judge = c.duty  # another member of staff: none of these is theirs
    assert queries.home_counts(other_judge, now=NOW)["overdue"] == 0


def test_the_judges_home_shows_the_counts(client, c, judges_orders):
    client.force_login(c.judge)
    with time_machine.travel(NOW, tick=False):
        page = client.get(reverse("home")).content.decode()
    assert counts(page) == {"to-do": 4, "overdue": 1, "due-today": 2}
    assert 'data-testid="home-counts"' in page and reverse("order-inbox") in page
    assert "待办" in page and "今日到期" in page


def test_the_heads_and_the_leaders_homes_show_theirs(client, c, judges_orders):
    head = c.head[DepartmentKind.CIVIL]
    WorkOrder.objects.filter(light=Light.RED).update(escalation_level=1)  # the overdue one reached a leader
    with time_machine.travel(NOW, tick=False):
        client.force_login(head)
        assert counts(client.get(reverse("home")).content.decode()) == {
            "to-do": 4, "overdue": 1, "due-today": 2,
        }  # fmt: skip
        client.force_login(c.president)  # to do: the escalated; overdue and due today: the court's
        assert counts(client.get(reverse("home")).content.decode()) == {
            "to-do": 1, "overdue": 1, "due-today": 2,
        }  # fmt: skip


def test_the_agents_home_is_unchanged(client, c):
    client.force_login(c.agent)
    assert 'data-testid="home-counts"' not in client.get(reverse("home")).content.decode()


def test_the_duty_judges_and_the_clerks_homes_show_theirs(client, c, judges_orders):
    clerk = StaffFactory(court=c.court, department=c.judge.department, role=Role.CLERK, username="clerk1")
    WorkOrder.objects.filter(handler=c.judge).update(handler=clerk)  # handed on to the clerk
    with time_machine.travel(NOW, tick=False):
        client.force_login(clerk)
        assert counts(client.get(reverse("home")).content.decode()) == {
            "to-do": 4, "overdue": 1, "due-today": 2,
        }  # fmt: skip
        client.force_login(c.duty)
        page = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-counts"' in page and reverse("console") in page
