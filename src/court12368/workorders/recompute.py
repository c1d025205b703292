"""When a holiday table is entered or changed (``courts.signals.holiday_years_changed``), the pending
deadlines of the open orders that reach into those years are computed again with the court's clock, as
the lifecycle computes them, and each change is written to the audit log and kept in the order's
``deadline_basis`` (the order page shows it).

Only what is still pending moves: an order waiting for dispatch gets a new dispatch deadline, one waiting
for its reply a new reply deadline, and the next step (warning, deadline, escalation) is planned again.
A deadline already missed stays missed (the order's overdue state, its events and the notices sent are
history); only the next escalation of such an order is planned again. An order whose deadline was set
under an earlier version of the court's policy keeps it: the rules it was set under are not on record.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from court12368.core import audit
from court12368.courts.signals import holiday_years_changed
from court12368.workorders.deadlines import Clock
from court12368.workorders.lifecycle import petitions
from court12368.workorders.lifecycle.policy import clock_for
from court12368.workorders.lifecycle.timeline import lock_order
from court12368.workorders.models import (
    ACTIVE_STATES,
    WAITING_FOR_HANDLER,
    Light,
    OrderEntry,
    OrderState,
    WorkOrder,
)

FIELDS = ("dispatch_due", "reply_due", "next_due_at", "next_step", "deadline_reliable")


@receiver(holiday_years_changed, dispatch_uid="workorders-recompute-deadlines")
def recompute_deadlines(sender, years, actor=None, **kwargs) -> int:
    """Recompute every open order whose pending deadlines may reach into ``years``; returns how many
    orders changed."""
    if not years:
        return 0
    # A deadline that ends before the first changed year never looked at it.
    since = dt.datetime(min(years), 1, 1, tzinfo=timezone.get_default_timezone())
    candidates = (
        WorkOrder.objects.filter(state__in=ACTIVE_STATES)
        .filter(Q(dispatch_due__gte=since) | Q(reply_due__gte=since) | Q(next_due_at__gte=since))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    changed = 0
    for pk in list(candidates):
        with transaction.atomic():
            changed += _recompute(WorkOrder(pk=pk), sorted(years), actor, now)
    return changed


def _recompute(order: WorkOrder, years: list[int], actor, now: dt.datetime) -> int:
    order = lock_order(order)
    if not order.is_active:
        return 0
    clock = clock_for(order.court)
    before = {name: getattr(order, name) for name in FIELDS}
    basis = dict(order.deadline_basis)
    step = _pending_step(order, clock)
    if step == "dispatch":
        start = _dispatch_started(order)
        order.dispatch_due = clock.dispatch_due(start)
        basis["dispatch"] = clock.basis(start, order.dispatch_due, "dispatch")
    elif step == "reply":
        order.reply_due = clock.reply_due(order.dispatched_at, kind=order.kind)
        basis["reply"] = clock.basis(order.dispatched_at, order.reply_due, "reply")
    if step:
        order.deadline_reliable = basis[step]["reliable"]
    clock.reschedule(order)
    after = {name: getattr(order, name) for name in FIELDS}
    if after == before:
        return 0
    moved = {
        name: [_text(before[name]), _text(after[name])] for name in FIELDS if before[name] != after[name]
    }
    basis["recomputed"] = {"at": now.isoformat(), "years": years, "changes": moved}
    order.deadline_basis = basis
    order.save(update_fields=[*FIELDS, "deadline_basis"])
    audit.record(
        "order.deadlines_recomputed", channel="system", actor=actor, subject=order, years=years, changes=moved
    )
    return 1


@receiver(holiday_years_changed, dispatch_uid="workorders-recompute-petition-clocks")
def recompute_petition_clocks(sender, years, actor=None, **kwargs) -> int:
    """A petition's pending periods roll past rest days too (lifecycle/petitions.py)."""
    return petitions.recompute_pending(years, actor=actor) if years else 0


def _pending_step(order: WorkOrder, clock: Clock) -> str:
    """Which deadline is still to come and may move: none once it was missed or under another policy."""
    if order.state == OrderState.OPEN and order.light != Light.RED:
        step = "dispatch"
    elif order.state in WAITING_FOR_HANDLER and order.overdue_since is None and order.dispatched_at:
        step = "reply"
    else:
        return ""
    version = order.deadline_basis.get(step, {}).get("policy_version")
    return step if version in (None, clock.policy.version) else ""


def _dispatch_started(order: WorkOrder) -> dt.datetime:
    """The dispatch clock runs from the order's creation, or afresh from its last return (退回)."""
    returned = (
        OrderEntry.objects.filter(order=order, action=OrderEntry.Action.RETURNED)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return returned or order.created_at


def _text(value) -> str | bool | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value
