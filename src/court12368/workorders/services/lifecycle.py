"""The rest of an order's life: routing, acknowledging, resolving, informing the caller, the
callback (回访), transfer and return. Each step is atomic and leaves an entry on the timeline."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from court12368.core import audit
from court12368.courts.models import Department, Staff
from court12368.notifications.models import SmsEvent
from court12368.notifications.services import notify_phone, notify_staff
from court12368.workorders import confidential, messages
from court12368.workorders.models import (
    WAITING_FOR_HANDLER,
    Light,
    OrderEntry,
    OrderState,
    Satisfaction,
    WorkOrder,
)
from court12368.workorders.rules import YIWU_ROUTING_RULES, RoutingRule, find_route
from court12368.workorders.services.core import add_entry, clock_for, dispatch, handler_and_heads, lock_order


class NoRoute(ValueError):
    """No routing rule matches, or its target has nobody: the agent chooses the handler."""


def _locked(order: WorkOrder) -> WorkOrder:
    return lock_order(order, "case__judge")


def _require(order: WorkOrder, *states) -> None:
    if order.state not in states:
        raise ValueError(f"not allowed while the order is {order.state}")


@transaction.atomic
def seed_routing_rules(court) -> int:
    """Give a court the routing table of 义乌法院工单办理办法 art. 4 (once; an administrator edits it
    afterwards)."""
    if RoutingRule.objects.filter(court=court).exists():
        return 0
    RoutingRule.objects.bulk_create(
        RoutingRule(
            court=court,
            priority=(n + 1) * 10,
            name=name,
            kind=kind,
            sub_kind=sub_kind,
            target=target,
            department_kind=department_kind,
            written_report_required=report,
        )
        for n, (name, kind, sub_kind, target, department_kind, report) in enumerate(YIWU_ROUTING_RULES)
    )
    return len(YIWU_ROUTING_RULES)


def dispatch_by_rules(
    order: WorkOrder, *, actor: Staff | None = None, now: dt.datetime | None = None
) -> WorkOrder:
    route = find_route(order.court, order.kind, order.sub_kind, order.case)
    route = confidential.route_around_subjects(order, route)
    if route is None:
        raise NoRoute(order.number)
    return dispatch(order, route=route, actor=actor, now=now)


@transaction.atomic
def acknowledge(order: WorkOrder, *, actor: Staff, now: dt.datetime | None = None) -> WorkOrder:
    """签收: the handler has seen it. The reply clock keeps running."""
    now = now or timezone.now()
    order = _locked(order)
    _require(order, OrderState.DISPATCHED)
    order.state = OrderState.ACKNOWLEDGED
    order.acknowledged_at = now
    order.save(update_fields=["state", "acknowledged_at"])
    add_entry(order, OrderEntry.Action.ACKNOWLEDGED, actor=actor, now=now)
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
    if not reason.strip():
        raise ValueError("a transfer needs a reason")
    _require(_locked(order), *WAITING_FOR_HANDLER)
    return dispatch(
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
    if not reason.strip():
        raise ValueError("a return needs a reason")
    now = now or timezone.now()
    order = _locked(order)
    _require(order, *WAITING_FOR_HANDLER)
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
        notify_staff(
            order.agent,
            event="returned",
            body=messages.returned(order, reason),
            key=f"order:{order.pk}:{order.cycle}:returned",
        )
    return order


@transaction.atomic
def resolve(order: WorkOrder, *, actor: Staff, text: str = "", now: dt.datetime | None = None) -> WorkOrder:
    """办结: the first responsible agent accepts the handler's result."""
    now = now or timezone.now()
    order = _locked(order)
    _require(order, OrderState.REPLIED)
    order.state = OrderState.RESOLVED
    order.resolved_at = now
    order.save(update_fields=["state", "resolved_at"])
    add_entry(order, OrderEntry.Action.RESOLVED, actor=actor, now=now, text=text)
    return order


@transaction.atomic
def inform_caller(
    order: WorkOrder, *, actor: Staff, method: str, text: str, now: dt.datetime | None = None
) -> WorkOrder:
    """Tell the caller the result, by phone (recorded here) or SMS (through the outbox)."""
    if method not in ("phone", "sms"):
        raise ValueError("method is phone or sms")
    now = now or timezone.now()
    order = _locked(order)
    _require(order, OrderState.RESOLVED)
    if method == "sms":
        if not order.caller_phone:
            raise ValueError("the caller left no number for an SMS")
        for event, body in (
            (SmsEvent.RESULT, messages.result_for_caller(order, text)),
            (SmsEvent.CALLBACK_REQUEST, messages.callback_request(order)),
        ):
            notify_phone(
                order.caller_phone,
                event=event,
                body=body,
                key=f"order:{order.pk}:{order.reopened}:{event}",
                court=order.court,
            )
    order.state = OrderState.INFORMED
    order.informed_at = now
    order.save(update_fields=["state", "informed_at"])
    add_entry(order, OrderEntry.Action.INFORMED, actor=actor, now=now, text=f"[{method}] {text}")
    return order


@transaction.atomic
def record_callback(
    order: WorkOrder, *, actor: Staff, satisfaction: str, note: str = "", now: dt.datetime | None = None
) -> WorkOrder:
    """回访: satisfied or basically satisfied closes the order; unsatisfied reopens it to the same
    handler with a new reply clock, to be redone."""
    if satisfaction not in Satisfaction.values:
        raise ValueError("unknown satisfaction")
    now = now or timezone.now()
    order = _locked(order)
    _require(order, OrderState.INFORMED)
    order.callback_at = now
    order.satisfaction = satisfaction
    order.save(update_fields=["callback_at", "satisfaction"])
    add_entry(
        order,
        OrderEntry.Action.CALLBACK,
        actor=actor,
        now=now,
        text=f"{Satisfaction(satisfaction).label}：{note}".rstrip("："),
    )
    if satisfaction != Satisfaction.UNSATISFIED:
        order.state = OrderState.CLOSED
        order.closed_at = now
        order.save(update_fields=["state", "closed_at"])
        add_entry(order, OrderEntry.Action.CLOSED, actor=actor, now=now)
        return order
    order.reopened += 1
    order.state = OrderState.OPEN  # dispatch() accepts only active orders
    order.save(update_fields=["reopened", "state"])
    return dispatch(
        order,
        handler=order.handler,
        department=order.department,
        actor=actor,
        action=OrderEntry.Action.REOPENED,
        reason=note or str(Satisfaction.UNSATISFIED.label),
        now=now,
    )


@transaction.atomic
def add_caller_message(
    order: WorkOrder, *, text: str, channel: str, now: dt.datetime | None = None
) -> WorkOrder:
    """The caller adds to their order (an SMS quoting its short code): kept on the order, and whoever
    holds it now is told."""
    if not text.strip():
        raise ValueError("an empty message")
    now = now or timezone.now()
    order = _locked(order)
    add_entry(order, OrderEntry.Action.CALLER_MESSAGE, now=now, text=f"[{channel}] {text}")
    holders = (
        handler_and_heads(order) if order.is_active and (order.handler_id or order.department_id) else []
    )
    if not holders and order.agent_id:
        holders = [order.agent]
    entries = order.entries.filter(action=OrderEntry.Action.CALLER_MESSAGE).count()
    for person in holders:
        notify_staff(
            person,
            event=SmsEvent.CALLER_MESSAGE,
            body=messages.caller_message(order, text),
            key=f"order:{order.pk}:caller_message:{entries}",
        )
    return order


@transaction.atomic
def rate_by_requester(
    order: WorkOrder, *, satisfaction: str, note: str = "", channel: str, ip: str | None = None, **details
) -> WorkOrder:
    """The person who filed the request rates it themselves (portal, app): the callback, audited."""
    order = record_callback(order, actor=None, satisfaction=satisfaction, note=note)
    audit.record("request_rated", channel=channel, subject=order, ip=ip, **details)
    return order
