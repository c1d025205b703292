"""The order comes back to the line: resolve (办结), inform the caller (告知), the callback (回访) or the
requester's own rating, and closing. Each write goes lock → check (transitions.py) → change →
timeline → notify, in one transaction."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.core import audit
from court12368.courts.models import Staff
from court12368.notifications.models import SmsEvent
from court12368.notifications.services import notify_phone
from court12368.workorders import messages
from court12368.workorders.lifecycle.handling import hand_over
from court12368.workorders.lifecycle.timeline import add_entry, lock_order
from court12368.workorders.lifecycle.transitions import NotAllowed, require
from court12368.workorders.models import OrderEntry, OrderState, Satisfaction, WorkOrder


@transaction.atomic
def resolve(order: WorkOrder, *, actor: Staff, text: str = "", now: dt.datetime | None = None) -> WorkOrder:
    """办结: the first responsible agent accepts the handler's result."""
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "resolve")
    order.state = OrderState.RESOLVED
    order.resolved_at = now
    order.save(update_fields=["state", "resolved_at"])
    add_entry(order, OrderEntry.Action.RESOLVED, actor=actor, now=now, text=text)
    return order


@transaction.atomic
def inform_caller(
    order: WorkOrder, *, actor: Staff, method: str, text: str, now: dt.datetime | None = None
) -> WorkOrder:
    """告知: tell the caller the result, by phone (recorded here) or SMS (through the outbox)."""
    if method not in ("phone", "sms"):
        raise ValueError("method is phone or sms")
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "inform")
    if method == "sms":
        if not order.caller_phone:
            raise NotAllowed(
                _("The caller left no number for an SMS; inform them by phone."), action="inform"
            )
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
    order: WorkOrder,
    *,
    actor: Staff | None,
    satisfaction: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> WorkOrder:
    """回访: satisfied or basically satisfied closes the order; unsatisfied reopens it to the same
    handler with a new reply clock, to be redone."""
    return _rated(order, action="callback", actor=actor, satisfaction=satisfaction, note=note, now=now)


@transaction.atomic
def rate_by_requester(
    order: WorkOrder,
    *,
    satisfaction: str,
    note: str = "",
    channel: str,
    ip: str | None = None,
    now: dt.datetime | None = None,
    **details,
) -> WorkOrder:
    """The person who filed the request rates it themselves (portal, app, SMS): the callback, audited
    the same way whatever the channel."""
    order = _rated(order, action="rate", actor=None, satisfaction=satisfaction, note=note, now=now)
    audit.record("request_rated", channel=channel, subject=order, ip=ip, **details)
    return order


def _rated(order: WorkOrder, *, action: str, actor, satisfaction: str, note: str, now) -> WorkOrder:
    if satisfaction not in Satisfaction.values:
        raise ValueError("unknown satisfaction")
    now = now or timezone.now()
    order = lock_order(order)
    require(order, action)
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
    return hand_over(
        order,
        handler=order.handler,
        department=order.department,
        actor=actor,
        action=OrderEntry.Action.REOPENED,
        reason=note or str(Satisfaction.UNSATISFIED.label),
        now=now,
    )


@transaction.atomic
def close(order: WorkOrder, *, note: str = "", now: dt.datetime | None = None) -> WorkOrder:
    """Closed by the platform, not by a step of the handling (the person cancelled their booking): the
    clock stops, once."""
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "close")
    order.state = OrderState.CLOSED
    order.closed_at = now
    order.next_due_at, order.next_step = None, ""
    order.save()
    add_entry(order, OrderEntry.Action.CLOSED, now=now, text=note)
    return order
