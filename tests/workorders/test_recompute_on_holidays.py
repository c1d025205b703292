"""When a holiday table is entered, the open orders' pending deadlines that reach into it are computed
again with the court's clock, each change logged; until then they count the year's statutory holidays
(computed from the rules) and the order page says the deadline may change."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.courts import holidays
from court12368.courts.holiday_notice import parse_notice
from court12368.workorders.lifecycle import handling, intake, policy
from court12368.workorders.models import Light, WorkOrder
from court12368.workorders.sweeps import sweep_deadlines
from tests.courts.test_holiday_entry import NOTICE_2027
from tests.workorders.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def late_december_2026():
    with time_machine.travel(at(2026, 12, 28, 9), tick=False):
        yield


def enter_2027(actor=None) -> holidays.Entered:
    notice = parse_notice(NOTICE_2027, 2027)
    assert notice.ok
    return holidays.enter_year(2027, notice.kinds, names=notice.names, actor=actor)


def dispatched(court, people, when: dt.datetime) -> WorkOrder:
    order = intake.create_work_order(
        court=court, kind="complaint", summary="投诉", agent=people.agent, now=when - dt.timedelta(hours=1)
    )
    return handling.dispatch(order, handler=people.judge, actor=people.agent, now=when)


def test_no_order_falls_due_on_new_years_day(court, people, luoyang):
    """Two working days from Wednesday 30 December: not 1 January, a statutory holiday of 2027."""
    order = dispatched(court, people, at(2026, 12, 30, 10))
    assert order.reply_due == at(2027, 1, 4, 17, 30)
    assert order.deadline_reliable is False


def test_entering_2027_moves_an_open_orders_reply_deadline_and_logs_it(client, court, people, yiwu):
    order = dispatched(court, people, at(2027, 2, 8, 10))  # 初三: 3 days later is Thursday the 11th
    assert order.reply_due == at(2027, 2, 11, 17, 30) and not order.deadline_reliable
    client.force_login(people.agent)
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert 'data-testid="deadline-note"' in page and "2027年的国务院节假日安排尚未录入" in page

    entered = enter_2027(actor=people.agent)
    assert entered.recomputed == 1
    order.refresh_from_db()
    assert order.reply_due == at(2027, 2, 12, 17, 30)  # the notice gives the 11th off
    assert order.deadline_reliable is True
    assert order.next_due_at == at(2027, 2, 12, 13, 30)  # the yellow warning, 4 working hours before
    entry = AuditEntry.objects.get(action="order.deadlines_recomputed")
    assert entry.subject_id == str(order.pk) and entry.details["years"] == [2027]
    assert entry.details["changes"]["reply_due"] == ["2027-02-11 17:30", "2027-02-12 17:30"]
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert 'data-testid="deadline-note"' not in page
    assert 'data-testid="deadline-recomputed"' in page and "2027-02-11 17:30 → 2027-02-12 17:30" in page


def test_an_order_waiting_for_dispatch_gets_a_new_dispatch_deadline(court, people, yiwu):
    order = intake.create_work_order(
        court=court, kind="complaint", summary="投诉", agent=people.agent, now=at(2027, 2, 4, 16, 30)
    )
    assert order.dispatch_due == at(2027, 2, 9, 9, 30)  # computed: 5-8 February off
    enter_2027()
    order.refresh_from_db()
    assert order.dispatch_due == order.next_due_at == at(2027, 2, 12, 9, 30)
    assert order.deadline_basis["dispatch"]["reliable"] is True


def test_a_missed_deadline_stays_missed(court, people, yiwu):
    order = dispatched(court, people, at(2027, 2, 8, 10))
    sweep_deadlines(now=at(2027, 2, 11, 18))
    order.refresh_from_db()
    assert order.light == Light.RED
    overdue_since, reply_due = order.overdue_since, order.reply_due
    enter_2027()
    order.refresh_from_db()
    assert (order.light, order.overdue_since, order.reply_due) == (Light.RED, overdue_since, reply_due)


def test_a_deadline_set_under_an_earlier_policy_is_left_alone(court, people, yiwu):
    order = dispatched(court, people, at(2027, 2, 8, 10))
    changed = policy.policy_for(court)
    changed.reply_amount = 5
    policy.save_policy(changed)  # a new version: the rules the order was given are not on record
    enter_2027()
    order.refresh_from_db()
    assert order.reply_due == at(2027, 2, 11, 17, 30)


def test_orders_due_before_the_year_are_not_touched(court, people, yiwu):
    order = dispatched(court, people, at(2026, 12, 1, 10))
    before = WorkOrder.objects.values().get(pk=order.pk)
    assert enter_2027().recomputed == 0
    assert WorkOrder.objects.values().get(pk=order.pk) == before
    assert not AuditEntry.objects.filter(action="order.deadlines_recomputed").exists()


def test_a_petitions_pending_period_moves_with_the_entered_year(court, people, luoyang):
    """信访工作条例 periods roll past rest days too: entering 2027 re-counts them, logged."""
    from court12368.workorders.lifecycle import petitions
    from court12368.workorders.models import PetitionTrack

    order = intake.create_work_order(
        court=court, kind="petition", summary="申诉", agent=people.agent, now=at(2027, 1, 27, 10)
    )  # 15 days on is 11 February, a weekday the provisional table leaves working
    track = PetitionTrack.objects.get(order=order)
    assert track.accept_due == dt.date(2027, 2, 11)
    enter_2027()
    track.refresh_from_db()
    assert track.accept_due == petitions._end(order, dt.date(2027, 1, 27), petitions.ACCEPT_DAYS)
    assert track.accept_due > dt.date(2027, 2, 11)  # the notice gives the 11th off
    assert AuditEntry.objects.filter(action="petition.recomputed").count() == 1
