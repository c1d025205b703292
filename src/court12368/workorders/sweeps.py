"""The deadline sweep: acts on every order whose pending deadline has passed (``SWEEPS``, registered by
``WorkOrdersConfig.ready``, with the petitions' own clocks, workorders/lifecycle/petitions.py).

Only due rows are read (the partial index on ``next_due_at``), oldest first, in batches. Each batch
is one transaction: on PostgreSQL the rows are locked with SKIP LOCKED so a second sweeper takes
other rows; on SQLite the IMMEDIATE transaction serialises sweepers. Each step is claimed with a
conditional update and recorded as a unique event row, so neither a replay nor a second sweeper
acts twice, and notifications go to the outbox in the same transaction.
"""

import datetime as dt
import logging

from django.db import connection, transaction
from django.utils import timezone

from court12368.courts.queries import department_heads, leaders_in_charge
from court12368.notifications.models import SmsEvent
from court12368.notifications.services import notify_staff
from court12368.workorders import confidential, messages
from court12368.workorders.deadlines import Clock
from court12368.workorders.lifecycle import petitions
from court12368.workorders.lifecycle.policy import clock_for
from court12368.workorders.lifecycle.timeline import handler_and_heads, record_event
from court12368.workorders.models import ClockStep, Light, Target, WorkOrder

log = logging.getLogger(__name__)
BATCH_SIZE = 200
# A runaway loop guard: no order has more pending steps than this in one sweep.
MAX_STEPS_PER_ORDER = 20


def sweep_deadlines(now: dt.datetime | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Handle every step due at ``now``; returns the number of steps taken."""
    now = now or timezone.now()
    taken = 0
    while True:
        with transaction.atomic():
            due = WorkOrder.objects.filter(next_due_at__lte=now).order_by("next_due_at", "pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True, of=("self",))
            orders = list(due.select_related("court", "handler", "department__leader_in_charge")[:batch_size])
            clocks: dict[int, Clock] = {}
            for order in orders:
                if order.court_id not in clocks:
                    clocks[order.court_id] = clock_for(order.court)
                taken += _advance(order, clocks[order.court_id], now)
        if len(orders) < batch_size:
            return taken


SWEEPS = {"deadlines": sweep_deadlines, "petition_clocks": petitions.sweep_petition_clocks}


def _advance(order: WorkOrder, clock: Clock, now: dt.datetime) -> int:
    steps = 0
    while order.next_due_at and order.next_due_at <= now and steps < MAX_STEPS_PER_ORDER:
        claimed_due, claimed_step = order.next_due_at, order.next_step
        recipients, text, target = _fire(order, clock)
        clock.reschedule(order)
        # The claim: only the sweeper that still sees the step it acted on may write.
        updated = WorkOrder.objects.filter(
            pk=order.pk, next_due_at=claimed_due, next_step=claimed_step
        ).update(
            light=order.light,
            escalation_level=order.escalation_level,
            overdue_since=order.overdue_since,
            was_overdue=order.was_overdue,
            in_circular=order.in_circular,
            next_due_at=order.next_due_at,
            next_step=order.next_step,
        )
        if not updated:
            return steps
        step_name = _step_name(claimed_step, order)
        fresh = record_event(
            order, step_name, due_at=claimed_due, now=now, target=target, notified=[p.pk for p in recipients]
        )
        if fresh:
            for person in recipients:
                notify_staff(
                    person,
                    event=STEP_EVENTS[claimed_step],
                    body=text,
                    key=f"order:{order.pk}:{order.cycle}:{step_name}",
                )
        steps += 1
    return steps


# The SMS template each clock step speaks with.
STEP_EVENTS = {
    ClockStep.DISPATCH: SmsEvent.DISPATCH_OVERDUE,
    ClockStep.WARN: SmsEvent.WARN,
    ClockStep.REPLY: SmsEvent.OVERDUE,
    ClockStep.ESCALATE: SmsEvent.URGE,
}


def _step_name(step: str, order: WorkOrder) -> str:
    return f"escalate:{order.escalation_level}" if step == ClockStep.ESCALATE else step


def _fire(order: WorkOrder, clock: Clock) -> tuple[list, str, str]:
    """Apply one due step to the in-memory order; return whom to tell, what, and the target role."""
    step = order.next_step
    if step == ClockStep.DISPATCH:
        order.light = Light.RED
        return ([order.agent] if order.agent_id else []), messages.dispatch_overdue(order), "agent"
    if step == ClockStep.WARN:
        order.light = Light.YELLOW
        return _holders(order), messages.warning(order), "handler"
    if step == ClockStep.REPLY:
        order.light = Light.RED
        order.overdue_since = order.reply_due
        order.was_overdue = True
        return _holders(order), messages.overdue(order), "handler"
    if step == ClockStep.ESCALATE:
        order.escalation_level += 1
        target = clock.steps[order.escalation_level].target
        if target == Target.DEPARTMENT_HEAD:
            people = department_heads(order.department)
        elif target == Target.LEADER_IN_CHARGE:
            people = leaders_in_charge(order.department, order.court)
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


def _holders(order: WorkOrder) -> list:
    """Whoever holds the order: the handler, else the department's heads."""
    return [order.handler] if order.handler_id else handler_and_heads(order)
