"""The order with its handler: dispatch (by the rules or by hand), acknowledge, reply, transfer, return.
Each write goes lock → check (transitions.py) → change → reschedule → timeline → notify, in one
transaction."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.courts.models import Department, Role, Staff
from court12368.workorders import confidential, messages
from court12368.workorders.lifecycle.policy import clock_for
from court12368.workorders.lifecycle.timeline import add_entry, handler_and_heads, lock_order, tell
from court12368.workorders.lifecycle.transitions import NotAllowed, require, require_reason
from court12368.workorders.models import Attachment, Light, OrderEntry, OrderState, WorkOrder
from court12368.workorders.rules import Route, find_route


class AboutTheHandler(NotAllowed):
    """The chosen handler is the one the complaint is about (the judge in charge of its case)."""


class NoRoute(NotAllowed):
    """No routing rule matches, or its target has nobody: the agent chooses the handler."""

    def __init__(self, number: str = ""):
        super().__init__(_("No routing rule applies to this order; choose the handler."), action="dispatch")
        self.number = number


@transaction.atomic
def dispatch(
    order: WorkOrder,
    *,
    handler: Staff | None = None,
    department: Department | None = None,
    actor: Staff | None = None,
    route: Route | None = None,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """派单: send an order waiting for dispatch to a handler and/or department (or where ``route`` says)."""
    order = lock_order(order)
    require(order, "dispatch")
    return hand_over(order, handler=handler, department=department, actor=actor, route=route, now=now)


def dispatch_by_rules(
    order: WorkOrder, *, actor: Staff | None = None, now: dt.datetime | None = None
) -> WorkOrder:
    """Dispatch where the court's routing rules send it; NoRoute when none applies or nobody holds it."""
    route = find_route(order.court, order.kind, order.sub_kind, order.case)
    route = confidential.route_around_subjects(order, route)
    if route is None:
        raise NoRoute(order.number)
    return dispatch(order, route=route, actor=actor, now=now)


def hand_over(
    order: WorkOrder,
    *,
    handler: Staff | None,
    department: Department | None,
    actor: Staff | None,
    route: Route | None = None,
    action: str = OrderEntry.Action.DISPATCHED,
    reason: str = "",
    now: dt.datetime | None = None,
) -> WorkOrder:
    """Hand the locked ``order`` over: the reply clock starts afresh and the handler, the department's
    heads and anyone the route names are told (SMS + in-app). Dispatch, transfer and a reopening callback
    all end here."""
    now = now or timezone.now()
    if route is not None:
        handler, department = route.handler, route.department
        order.routing_rule, order.routed_by = route.rule, route.rule.name
        order.written_report_required = route.rule.written_report_required
    if handler is None and department is None:
        raise NotAllowed(_("Choose a handler or a department."), action="dispatch")
    subject = confidential.subject_taking(order, handler, department)
    if subject is not None:  # never to the judge complained about
        raise AboutTheHandler(
            _("This complaint is about %(name)s, so it cannot be handed to them. Choose another handler.")
            % {"name": subject},
            action="dispatch",
        )
    clock = clock_for(order.court)
    if order.agent_id is None and actor is not None and actor.role == Role.AGENT:
        order.agent = actor  # a request from the portal or SMS: whoever dispatches it follows it up
    order.handler = handler
    order.department = department or (handler.department if handler else None)
    order.state = OrderState.DISPATCHED
    order.dispatched_at = now
    order.acknowledged_at = None
    order.cycle += 1
    order.reply_due = clock.reply_due(now)
    order.light = Light.GREEN
    order.overdue_since = None
    order.escalation_level = 0
    basis = clock.basis(now, order.reply_due, "reply")
    order.deadline_basis = {**order.deadline_basis, "reply": basis}
    order.deadline_reliable = basis["reliable"]
    clock.reschedule(order)
    order.save()
    target = handler or order.department
    add_entry(order, action, actor=actor, now=now, text=f"→ {target}" + (f"：{reason}" if reason else ""))
    heads = route.heads if route is not None and route.department == order.department else None
    people = handler_and_heads(order, heads=heads)
    people += [p for p in (route.also_notify if route else []) if p not in people]
    tell(
        people,
        event="dispatch",
        body=messages.dispatched(order),
        key=f"order:{order.pk}:{order.cycle}:dispatch",
    )
    return order


@transaction.atomic
def acknowledge(order: WorkOrder, *, actor: Staff, now: dt.datetime | None = None) -> WorkOrder:
    """签收: the handler has seen it. The reply clock keeps running."""
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "acknowledge")
    order.state = OrderState.ACKNOWLEDGED
    order.acknowledged_at = now
    order.save(update_fields=["state", "acknowledged_at"])
    add_entry(order, OrderEntry.Action.ACKNOWLEDGED, actor=actor, now=now)
    return order


@transaction.atomic
def reply(
    order: WorkOrder,
    *,
    actor: Staff | None = None,
    text: str = "",
    attachments=(),
    now: dt.datetime | None = None,
) -> WorkOrder:
    """反馈: the handler's feedback (text, files): the clock stops; a late reply stays on record as
    overdue."""
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "reply")
    order.state = OrderState.REPLIED
    order.replied_at = now
    order.was_overdue = order.was_overdue or order.overdue_since is not None or now > order.reply_due
    clock_for(order.court).reschedule(order)
    order.save()
    entry = add_entry(order, OrderEntry.Action.REPLIED, actor=actor, now=now, text=text)
    for upload in attachments:
        Attachment.objects.create(entry=entry, file=upload, name=getattr(upload, "name", "")[:200])
    if order.agent_id:
        tell(
            [order.agent],
            event="replied",
            body=messages.replied(order),
            key=f"order:{order.pk}:{order.cycle}:reply",
            sms=False,
        )
    return order


@transaction.atomic
def transfer(
    order: WorkOrder,
    *,
    actor: Staff,
    handler: Staff | None = None,
    department: Department | None = None,
    reason: str,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """转办: the order belongs elsewhere; the new handler gets a fresh reply clock."""
    require_reason("transfer", reason)
    order = lock_order(order)
    require(order, "transfer")
    return hand_over(
        order,
        handler=handler,
        department=department,
        actor=actor,
        action=OrderEntry.Action.TRANSFERRED,
        reason=reason,
        now=now,
    )


@transaction.atomic
def return_order(order: WorkOrder, *, actor: Staff, reason: str, now: dt.datetime | None = None) -> WorkOrder:
    """退回: not for this handler; back to the agent, whose dispatch deadline starts again."""
    require_reason("return", reason)
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "return")
    clock = clock_for(order.court)
    order.state = OrderState.OPEN
    order.handler = None
    order.light = Light.GREEN
    order.overdue_since = None
    order.dispatch_due = clock.dispatch_due(now)
    clock.reschedule(order)
    order.save()
    add_entry(order, OrderEntry.Action.RETURNED, actor=actor, now=now, text=reason)
    if order.agent_id:
        tell(
            [order.agent],
            event="returned",
            body=messages.returned(order, reason),
            key=f"order:{order.pk}:{order.cycle}:returned",
        )
    return order
