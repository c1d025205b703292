"""The deadline sweep: acts on every order whose pending deadline has passed (``SWEEPS``, registered by
``WorkOrdersConfig.ready``, with the petitions' own clocks, workorders/lifecycle/petitions.py).

Only due rows are read (the partial index on ``next_due_at``), oldest first, in batches. Each batch
is one transaction: on PostgreSQL the rows are locked with SKIP LOCKED so a second sweeper takes
other rows; on SQLite the IMMEDIATE transaction serialises sweepers. Each step is claimed with a
conditional update and recorded as a unique event row, so neither a replay nor a second sweeper
acts twice, and notifications go to the outbox in the same transaction. A batch's events and notices are
written together at its end (``Round``): two multi-row inserts rather than a savepoint per row.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from court12368.core import rollup_days
from court12368.core.rows import insert_many
from court12368.courts.queries import department_heads, leaders_in_charge
from court12368.notifications.models import SmsEvent
from court12368.notifications.services import notify_staff_many
from court12368.notifications.templating import remembered
from court12368.workorders import confidential, messages
from court12368.workorders.deadlines import Clock
from court12368.workorders.lifecycle import petitions
from court12368.workorders.lifecycle.policy import clock_for
from court12368.workorders.lifecycle.timeline import handler_and_heads
from court12368.workorders.models import ClockStep, DeadlineEvent, Light, Target, WorkOrder

log = logging.getLogger(__name__)
BATCH_SIZE = 200
# A runaway loop guard: no order has more pending steps than this in one sweep.
MAX_STEPS_PER_ORDER = 20


def sweep_deadlines(now: dt.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Handle every step due at ``now``; returns the number of steps taken."""
    now = now or timezone.now()
    taken = 0
    while True:
        with transaction.atomic(), remembered():
            due = WorkOrder.objects.filter(next_due_at__lte=now).order_by("next_due_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True, of=("self",))
            related = ("court", "handler", "department__leader_in_charge", "case")
            orders = list(due.select_related(*related)[:batch_size])
            clocks: dict[int, Clock] = {}
            batch = Round(now)
            for order in orders:
                if order.court_id not in clocks:
                    clocks[order.court_id] = clock_for(order.court)
                taken += _advance(order, clocks[order.court_id], batch)
            batch.write()
        if len(orders) < batch_size:
            return taken


SWEEPS = {"deadlines": sweep_deadlines, "petition_clocks": petitions.sweep_petition_clocks}


@dataclass
class Round:
    """What one batch of the sweep writes, at its end and at once: the clock's events in one multi-row
    insert, the notices in another (through the outbox), with each department's heads and leaders read
    once. An event that exists already (a replay) is left out with its notices, as the unique
    (order, cycle, step) row has always guaranteed."""

    now: dt.datetime
    events: list[DeadlineEvent] = field(default_factory=list)
    notices: dict[tuple, list] = field(default_factory=dict)  # event key → [(staff, event, body, key)]
    heads: dict = field(default_factory=dict)
    leaders: dict = field(default_factory=dict)

    def heads_of(self, department) -> list:
        key = department.pk if department else None
        if key not in self.heads:
            self.heads[key] = department_heads(department)
        return self.heads[key]

    def leaders_of(self, department, court) -> list:
        key = (department.pk if department else None, court.pk)
        if key not in self.leaders:
            self.leaders[key] = leaders_in_charge(department, court)
        return self.leaders[key]

    def happened(self, order, step_name: str, due_at, target: str, recipients, event: str, text: str):
        self.events.append(
            DeadlineEvent(
                order=order,
                cycle=order.cycle,
                step=step_name,
                due_at=due_at,
                happened_at=self.now,
                target=target,
                notified=[person.pk for person in recipients],
                department_id=order.department_id,
                handler_id=order.handler_id,
            )
        )
        key = f"order:{order.pk}:{order.cycle}:{step_name}"
        self.notices[(order.pk, order.cycle, step_name)] = [(p, event, text, key) for p in recipients]

    def write(self) -> None:
        if not self.events:
            return
        orders = {event.order_id for event in self.events}
        done = set(DeadlineEvent.objects.filter(order_id__in=orders).values_list("order_id", "cycle", "step"))
        fresh = [e for e in self.events if (e.order_id, e.cycle, e.step) not in done]
        insert_many(DeadlineEvent, fresh)
        for court_id in {event.order.court_id for event in fresh}:
            rollup_days.written(court_id, self.now)
        notify_staff_many(notice for e in fresh for notice in self.notices[(e.order_id, e.cycle, e.step)])


def _advance(order: WorkOrder, clock: Clock, batch: Round) -> int:
    """Take every step of ``order`` due by the round's time, claimed at once: only the sweeper that still
    sees the step it began from may write."""
    claimed_due, claimed_step = order.next_due_at, order.next_step
    steps = []
    while order.next_due_at and order.next_due_at <= batch.now and len(steps) < MAX_STEPS_PER_ORDER:
        due_at, step = order.next_due_at, order.next_step
        recipients, text, target = _fire(order, clock, batch)
        clock.reschedule(order)
        steps.append((due_at, step, _step_name(step, order), recipients, text, target))
    if not steps:
        return 0
    updated = WorkOrder.objects.filter(pk=order.pk, next_due_at=claimed_due, next_step=claimed_step).update(
        light=order.light,
        escalation_level=order.escalation_level,
        overdue_since=order.overdue_since,
        was_overdue=order.was_overdue,
        in_circular=order.in_circular,
        next_due_at=order.next_due_at,
        next_step=order.next_step,
    )
    if not updated:
        return 0
    for due_at, step, name, people, text, target in steps:
        batch.happened(order, name, due_at, target, people, STEP_EVENTS[step], text)
    return len(steps)


# The SMS template each clock step speaks with.
STEP_EVENTS = {
    ClockStep.DISPATCH: SmsEvent.DISPATCH_OVERDUE,
    ClockStep.WARN: SmsEvent.WARN,
    ClockStep.REPLY: SmsEvent.OVERDUE,
    ClockStep.ESCALATE: SmsEvent.URGE,
}


def _step_name(step: str, order: WorkOrder) -> str:
    return f"escalate:{order.escalation_level}" if step == ClockStep.ESCALATE else step


def _fire(order: WorkOrder, clock: Clock, batch: Round) -> tuple[list, str, str]:
    """Apply one due step to the in-memory order; return whom to tell, what, and the target role."""
    step = order.next_step
    if step == ClockStep.DISPATCH:
        order.light = Light.RED
        return ([order.agent] if order.agent_id else []), messages.dispatch_overdue(order), "agent"
    if step == ClockStep.WARN:
        order.light = Light.YELLOW
        return _holders(order, batch), messages.warning(order), "handler"
    if step == ClockStep.REPLY:
        order.light = Light.RED
        order.overdue_since = order.reply_due
        order.was_overdue = True
        return _holders(order, batch), messages.overdue(order), "handler"
    if step == ClockStep.ESCALATE:
        order.escalation_level += 1
        target = clock.steps[order.escalation_level].target
        if target == Target.DEPARTMENT_HEAD:
            people = batch.heads_of(order.department)
        elif target == Target.LEADER_IN_CHARGE:
            people = batch.leaders_of(order.department, order.court)
        else:  # Target.CIRCULAR: the circular of the period names it (reports/circulars.py)
            order.in_circular = True
            people = []
        # The judge a complaint is about is not urged to answer it (nor told of it).
        return (
            confidential.without_subjects(order, people),
            messages.urge(order, order.escalation_level),
            target,
        )
    raise ValueError(f"unknown clock step {step!r}")


def _holders(order: WorkOrder, batch: Round) -> list:
    """Whoever holds the order: the handler, else the department's heads."""
    if order.handler_id:
        return [order.handler]
    return handler_and_heads(order, heads=batch.heads_of(order.department))
