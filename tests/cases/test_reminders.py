import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from court12368.cases.models import AgentAdLitem
from court12368.cases.reminders import remind_hearings
from court12368.demo.factories import CaseFactory, HearingFactory, PartyFactory
from court12368.notifications.models import Notification

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
STARTS = dt.datetime(2026, 12, 1, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def hearing(court):
    case = CaseFactory(court=court, number="（2026）京0105民初21号")
    plaintiff = PartyFactory(case=case, phone="13800000001")
    AgentAdLitem.objects.create(party=plaintiff, name="律师甲", phone="13800000002")
    PartyFactory(case=case, role="defendant", phone="010-65000000")  # a landline takes no SMS
    return HearingFactory(case=case, starts_at=STARTS, place="", courtroom="第三法庭")


def reminders():
    return sorted(Notification.objects.filter(event="hearing_reminder").values_list("phone", flat=True))


def test_parties_and_their_lawyers_are_reminded_once_the_day_before(hearing):
    assert remind_hearings(now=STARTS - dt.timedelta(hours=30)) == 0
    assert remind_hearings(now=STARTS - dt.timedelta(hours=23)) == 2
    assert reminders() == ["13800000001", "13800000002"]
    text = Notification.objects.filter(event="hearing_reminder").first().body
    assert "（2026）京0105民初21号定于12月01日09:30在第三法庭开庭" in text
    assert remind_hearings(now=STARTS - dt.timedelta(hours=22)) == 0  # every sweep after: nothing


def test_a_moved_hearing_gets_a_new_reminder(hearing):
    remind_hearings(now=STARTS - dt.timedelta(hours=23))
    hearing.starts_at = STARTS + dt.timedelta(days=2)
    hearing.save()
    assert remind_hearings(now=hearing.starts_at - dt.timedelta(hours=12)) == 2
    assert len(reminders()) == 4


def test_no_reminder_in_the_last_hour(hearing):
    assert remind_hearings(now=STARTS - dt.timedelta(minutes=50)) == 0
    assert reminders() == []
