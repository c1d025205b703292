import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from court12368.courts.calendars import clear_cache
from court12368.courts.models import Role
from court12368.demo.factories import StaffFactory
from court12368.notifications.models import Notification
from court12368.workorders.models import DeadlineEvent

TZ = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    clear_cache()
    yield
    clear_cache()


class People:
    def __init__(self, court, department):
        self.department = department
        self.agent = StaffFactory(court=court, role=Role.AGENT, username="agent")
        self.judge = StaffFactory(court=court, department=department, role=Role.JUDGE, username="judge")
        self.head = StaffFactory(
            court=court, department=department, role=Role.DEPARTMENT_HEAD, username="head"
        )
        self.leader = StaffFactory(court=court, role=Role.LEADER, username="leader")
        self.other_leader = StaffFactory(court=court, role=Role.LEADER, username="leader2")
        department.leader_in_charge = self.leader
        department.save()


@pytest.fixture
def people(court, department):
    return People(court, department)


def events(order) -> list[tuple[str, str]]:
    return list(DeadlineEvent.objects.filter(order=order).values_list("step", "target"))


def told(person, event=None) -> list[str]:
    rows = Notification.objects.filter(recipient=person)
    if event:
        rows = rows.filter(event=event)
    return sorted(rows.values_list("channel", flat=True))
