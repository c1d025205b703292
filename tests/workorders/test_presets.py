"""The two seed courts' rules, run against frozen clocks over the real 2026 holidays."""

import pytest
import time_machine

from court12368.workorders.lifecycle import handling, intake, policy
from court12368.workorders.models import Light, OrderState
from court12368.workorders.sweeps import sweep_deadlines
from tests.workorders.conftest import at, events, told

pytestmark = pytest.mark.django_db


def new_order(court, people, when):
    with time_machine.travel(when, tick=False):
        return intake.create_work_order(
            court=court,
            kind="contact_judge",
            summary="联系不上承办法官",
            agent=people.agent,
            caller_phone="13800138000",
        )


def sweep_at(when) -> int:
    with time_machine.travel(when, tick=False):
        return sweep_deadlines()


def reload(order):
    order.refresh_from_db()
    return order


class TestYiwu:
    """义乌法院工单办理办法: dispatch in 2 hours, feedback in 3 days, urge the head, then the circular."""

    def test_spring_festival_order_runs_the_whole_ladder(self, court, people, yiwu):
        # Friday 13 Feb 2026, 16:30. The 14th is a make-up Saturday, 15-23 Feb the holiday.
        order = new_order(court, people, at(2026, 2, 13, 16, 30))
        assert order.dispatch_due == at(2026, 2, 14, 9, 30)  # 1 h on Friday + 1 h on the make-up Saturday

        with time_machine.travel(at(2026, 2, 14, 9), tick=False):
            order = handling.dispatch(order, handler=people.judge)
        # 3 days from 14 Feb end on the 17th, a holiday: the period ends on the next working day.
        assert order.reply_due == at(2026, 2, 24, 17, 30)
        assert order.deadline_basis["reply"]["policy"] == "义乌法院工单办理办法"
        assert order.deadline_reliable
        assert told(people.judge, "dispatch") == ["in_app", "sms"]
        assert told(people.head, "dispatch") == ["in_app", "sms"]

        assert sweep_at(at(2026, 2, 24, 13, 29)) == 0
        assert sweep_at(at(2026, 2, 24, 13, 30)) == 1  # 4 working hours before the deadline
        assert reload(order).light == Light.YELLOW
        assert told(people.judge, "warn") == ["in_app", "sms"]

        assert sweep_at(at(2026, 2, 24, 17, 31)) == 2  # overdue, and the head urged at once
        order = reload(order)
        assert (order.light, order.escalation_level) == (Light.RED, 1)
        assert order.overdue_since == at(2026, 2, 24, 17, 30)
        assert told(people.judge, "overdue") == ["in_app", "sms"]
        assert told(people.head, "urge") == ["in_app", "sms"]
        assert order.next_due_at == at(2026, 2, 25, 17, 30)

        assert sweep_at(at(2026, 2, 25, 17, 31)) == 1
        order = reload(order)
        assert order.in_circular and order.escalation_level == 2
        assert order.next_due_at is None
        assert events(order) == [
            ("warn", "handler"),
            ("reply", "handler"),
            ("escalate:1", "department_head"),
            ("escalate:2", "circular"),
        ]

    def test_a_repeat_call_makes_the_order_overdue_and_urges_the_head(self, court, people, yiwu):
        order = new_order(court, people, at(2026, 3, 2, 9))
        with time_machine.travel(at(2026, 3, 2, 10), tick=False):
            order = handling.dispatch(order, handler=people.judge)
        assert order.reply_due == at(2026, 3, 5, 17, 30)
        with time_machine.travel(at(2026, 3, 4, 11), tick=False):
            order = intake.record_repeat_call(order)
        assert order.supervised and order.repeat_calls == 1
        assert order.light == Light.RED
        assert told(people.head, "repeat_call") == ["in_app", "sms"]
        assert sweep_at(at(2026, 3, 4, 11, 1)) == 1
        assert reload(order).escalation_level == 1
        assert told(people.head, "urge") == ["in_app", "sms"]

    def test_reply_in_time_stops_the_clock(self, court, people, yiwu):
        order = new_order(court, people, at(2026, 3, 2, 9))
        with time_machine.travel(at(2026, 3, 2, 10), tick=False):
            order = handling.dispatch(order, handler=people.judge)
        with time_machine.travel(at(2026, 3, 3, 10), tick=False):
            order = handling.reply(order)
        assert order.state == OrderState.REPLIED and not order.was_overdue
        assert order.next_due_at is None
        assert sweep_at(at(2026, 3, 20, 10)) == 0


class TestLuoyang:
    """洛阳中院一号通办规范 art. 5(6): 2 working days; then the head; 2 more working days: the leader in
    charge."""

    def test_national_day_order_climbs_to_the_leader_in_charge(self, court, people, luoyang):
        order = new_order(court, people, at(2026, 9, 30, 9))
        with time_machine.travel(at(2026, 9, 30, 10), tick=False):
            order = handling.dispatch(order, handler=people.judge)
        # 1 Oct - 7 Oct are holidays: the two working days are 8 and 9 October.
        assert order.reply_due == at(2026, 10, 9, 17, 30)
        assert sweep_at(at(2026, 10, 9, 13, 30)) == 1  # yellow, 4 working hours before
        assert sweep_at(at(2026, 10, 9, 17, 31)) == 2
        order = reload(order)
        assert (order.light, order.escalation_level) == (Light.RED, 1)
        assert told(people.head, "urge") == ["in_app", "sms"]
        # Two more working days: Saturday 10 Oct (make-up day) and Monday 12 Oct.
        assert order.next_due_at == at(2026, 10, 12, 17, 30)
        assert sweep_at(at(2026, 10, 12, 17, 29)) == 0
        assert sweep_at(at(2026, 10, 12, 17, 30)) == 1
        assert reload(order).escalation_level == 2
        assert told(people.leader, "urge") == ["in_app", "sms"]
        assert told(people.other_leader) == []  # only the leader in charge of that department
        assert sweep_at(at(2026, 12, 1, 9)) == 0  # the ladder has no third step

    def test_a_repeat_call_marks_supervision_without_making_it_overdue(self, court, people, luoyang):
        order = new_order(court, people, at(2026, 3, 2, 9))
        with time_machine.travel(at(2026, 3, 2, 10), tick=False):
            order = handling.dispatch(order, handler=people.judge)
        with time_machine.travel(at(2026, 3, 3, 10), tick=False):
            order = intake.record_repeat_call(order)
        assert order.supervised and order.light == Light.GREEN
        assert told(people.judge, "repeat_call") == ["in_app", "sms"]

    def test_a_late_dispatch_lights_red_and_tells_the_agent(self, court, people, luoyang):
        order = new_order(court, people, at(2026, 10, 9, 16))
        # 1.5 h left on Friday, the other half hour on the make-up Saturday.
        assert order.dispatch_due == at(2026, 10, 10, 9)
        assert sweep_at(at(2026, 10, 10, 8, 59)) == 0
        assert sweep_at(at(2026, 10, 10, 9, 1)) == 1
        assert reload(order).light == Light.RED
        assert told(people.agent, "dispatch_overdue") == ["in_app", "sms"]
        assert sweep_at(at(2026, 10, 12, 9)) == 0


def test_a_deadline_in_a_year_without_holiday_data_is_flagged(court, people, luoyang):
    order = new_order(court, people, at(2026, 12, 30, 9))
    with time_machine.travel(at(2026, 12, 30, 10), tick=False):
        order = handling.dispatch(order, handler=people.judge)
    # With no 2027 table, its statutory holidays are computed (1 January is one): flagged, not trusted.
    assert order.reply_due == at(2027, 1, 4, 17, 30)
    assert not order.deadline_reliable
    assert order.deadline_basis["reply"]["years"] == [2026, 2027]
    assert order.deadline_basis["reply"]["reliable"] is False


def test_changing_the_preset_bumps_the_version(court, yiwu):
    again = policy.apply_preset(court, "luoyang")
    assert (again.pk, again.version, again.reply_unit) == (yiwu.pk, yiwu.version + 1, "working_days")
    assert list(again.steps.values_list("level", "target")) == [
        (1, "department_head"),
        (2, "leader_in_charge"),
    ]
