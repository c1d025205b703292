"""The sweeper acts once per step, however often or however many times it runs."""

import threading

import pytest
from django.db import connection

from court12368.core import sweeper
from court12368.notifications.models import Channel, Notification
from court12368.workorders.lifecycle import handling, intake
from court12368.workorders.models import DeadlineEvent, Light, WorkOrder
from court12368.workorders.sweeps import sweep_deadlines
from tests.workorders.conftest import at

ORDERS = 60


def make_overdue_orders(court, people, count):
    orders = []
    for n in range(count):
        order = intake.create_work_order(
            court=court, kind="complaint", summary=f"投诉{n}", agent=people.agent, now=at(2026, 3, 2, 9)
        )
        orders.append(handling.dispatch(order, handler=people.judge, now=at(2026, 3, 2, 10)))
    return orders


# Luoyang: reply due 4 Mar 17:30; at 6 Mar 18:00 each order has warn, reply, escalate:1 due
# (escalate:2 falls on 6 Mar 17:30 too: two working days after the 4th).
STEPS_PER_ORDER = 4


@pytest.mark.django_db
def test_a_replayed_sweep_does_nothing_more(court, people, luoyang):
    make_overdue_orders(court, people, 3)
    assert sweep_deadlines(now=at(2026, 3, 6, 18)) == 3 * STEPS_PER_ORDER
    counts = (DeadlineEvent.objects.count(), Notification.objects.count())
    assert sweep_deadlines(now=at(2026, 3, 6, 18)) == 0
    assert (DeadlineEvent.objects.count(), Notification.objects.count()) == counts


@pytest.mark.django_db
def test_small_batches_reach_every_due_order(court, people, luoyang):
    make_overdue_orders(court, people, 7)
    assert sweep_deadlines(now=at(2026, 3, 6, 18), batch_size=2) == 7 * STEPS_PER_ORDER
    assert set(WorkOrder.objects.values_list("light", "escalation_level")) == {(Light.RED, 2)}


@pytest.mark.django_db
def test_the_sweep_is_registered_with_the_sweeper_loop(court, people, luoyang):
    assert "deadlines" in sweeper.registered()


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_at_once_act_exactly_once(court, people, luoyang):
    make_overdue_orders(court, people, ORDERS)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(sweep_deadlines(now=at(2026, 3, 6, 18), batch_size=7))
        except Exception as exc:  # surfaced below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors
    assert sum(results) == ORDERS * STEPS_PER_ORDER
    assert DeadlineEvent.objects.count() == ORDERS * STEPS_PER_ORDER
    # Per order: warn + overdue to the judge, escalation 1 to the head, 2 to the leader in charge,
    # each once as SMS and once in-app; plus the dispatch messages to judge and head.
    sms = Notification.objects.filter(channel=Channel.SMS)
    assert sms.filter(recipient=people.judge).count() == ORDERS * 3  # dispatch, warn, overdue
    assert sms.filter(recipient=people.head).count() == ORDERS * 2  # dispatch, escalation 1
    assert sms.filter(recipient=people.leader).count() == ORDERS  # escalation 2
    assert set(WorkOrder.objects.values_list("escalation_level", flat=True)) == {2}


@pytest.mark.django_db
def test_a_round_writes_its_events_and_notices_in_a_few_statements_whatever_is_due(court, people, luoyang):
    """Issue 26, item 5: multi-row writes per batch and each department's heads read once, so the number
    of statements does not grow with the orders due (the claim is still one UPDATE per order)."""
    from django.test.utils import CaptureQueriesContext

    def statements(count):
        make_overdue_orders(court, people, count)  # the earlier ones are no longer due at that time
        with CaptureQueriesContext(connection) as seen:
            assert sweep_deadlines(now=at(2026, 3, 6, 18)) == count * STEPS_PER_ORDER
        sql = [query["sql"].lstrip().upper() for query in seen.captured_queries]
        return (
            sum(s.startswith("INSERT") for s in sql),
            sum(s.startswith("SELECT") for s in sql),
            sum(s.startswith("UPDATE") for s in sql) - count,
        )

    assert statements(3) == statements(12)


@pytest.mark.django_db
def test_steps_that_happened_already_are_not_written_or_told_again(court, people, luoyang):
    """A replay after a restore: the orders are back where they were, their events are not."""
    orders = make_overdue_orders(court, people, 2)
    before = list(WorkOrder.objects.values("pk", "light", "escalation_level", "next_due_at", "next_step"))
    sweep_deadlines(now=at(2026, 3, 6, 18))
    counts = (DeadlineEvent.objects.count(), Notification.objects.count())
    for row in before:
        WorkOrder.objects.filter(pk=row.pop("pk")).update(**row)
    assert sweep_deadlines(now=at(2026, 3, 6, 18)) >= len(orders)  # the clock moves again...
    assert (DeadlineEvent.objects.count(), Notification.objects.count()) == counts  # ...saying nothing twice
