"""义乌法院工单办理办法 art. 8: an order still not handled a working day after the urge is named in the
circular — and stays named in that period's circular when the reply comes afterwards."""

import datetime as dt

import pytest
import time_machine

from court12368.reports.circulars import snapshot
from court12368.workorders.lifecycle import handling
from tests.workorders.conftest import at
from tests.workorders.test_presets import new_order, reload, sweep_at

pytestmark = pytest.mark.django_db


def test_the_ladders_circular_step_names_the_order_even_after_a_late_reply(court, people, yiwu):
    order = new_order(court, people, at(2026, 3, 2, 9))
    with time_machine.travel(at(2026, 3, 2, 10), tick=False):
        order = handling.dispatch(order, handler=people.judge)
    sweep_at(at(2026, 3, 9, 9))  # overdue, the head urged, then a working day on: the circular step
    assert reload(order).in_circular
    with time_machine.travel(at(2026, 3, 9, 10), tick=False):
        handling.reply(order, actor=people.judge, text="已处理")
    march = snapshot(court, dt.date(2026, 3, 1), dt.date(2026, 3, 31), now=at(2026, 4, 1, 9))
    named = [row for row in march["overdue"] if row["number"] == order.number]
    assert len(named) == 1 and named[0]["handler"] == str(people.judge) and named[0]["days"] >= 1
    april = snapshot(court, dt.date(2026, 4, 1), dt.date(2026, 4, 30), now=at(2026, 5, 1, 9))
    assert all(row["number"] != order.number for row in april["overdue"])  # named once, in its period
