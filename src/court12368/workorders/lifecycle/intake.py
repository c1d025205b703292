"""An order comes in: every call becomes one (每电必登), a repeat call puts it under supervision, the
caller adds to it. Each write goes lock → check → change → reschedule → timeline → notify."""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.core.validation import clean_for_write
from court12368.courts.models import Staff
from court12368.notifications.models import SmsEvent
from court12368.workorders import messages
from court12368.workorders.lifecycle import caller_texts, petitions
from court12368.workorders.lifecycle.policy import clock_for
from court12368.workorders.lifecycle.timeline import (
    add_entry,
    handler_and_heads,
    lock_order,
    record_event,
    tell,
)
from court12368.workorders.lifecycle.transitions import NotAllowed
from court12368.workorders.models import (
    WAITING_FOR_HANDLER,
    Light,
    OrderEntry,
    OrderState,
    SubKind,
    WorkOrder,
)


def _new_number(now: dt.datetime) -> str:
    return f"{timezone.localtime(now):%Y%m%d}{secrets.randbelow(10**8):08d}"


@transaction.atomic
def create_work_order(
    *,
    court,
    kind: str,
    summary: str,
    agent: Staff | None = None,
    caller_phone: str = "",
    caller_name: str = "",
    sub_kind: str = "",
    case=None,
    on_the_spot: bool = False,
    answer: str = "",
    touches_procedural_rights: bool = False,
    tell_caller: bool = False,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """Every call becomes an order (每电必登). Answered on the spot, it is closed at once; otherwise it
    waits for dispatch with the dispatch deadline running, and with ``tell_caller`` (a call or a
    voicemail) the caller is texted its number and short code."""
    now = now or timezone.now()
    order = WorkOrder(
        court=court,
        kind=kind,
        sub_kind=sub_kind,
        summary=summary,
        agent=agent,
        caller_phone=caller_phone,
        caller_name=caller_name,
        case=case,
        hard=sub_kind == SubKind.HARD_QUESTION,
        touches_procedural_rights=touches_procedural_rights,
        created_at=now,
    )
    if on_the_spot:
        order.on_the_spot = True
        order.state = OrderState.CLOSED
        order.closed_at = now
    else:
        clock = clock_for(court)
        order.dispatch_due = clock.dispatch_due(now)
        order.deadline_basis = {"dispatch": clock.basis(now, order.dispatch_due, "dispatch")}
        order.deadline_reliable = order.deadline_basis["dispatch"]["reliable"]
        clock.reschedule(order)
    clean_for_write(order, exclude=("number",))
    for _attempt in range(5):
        order.number = _new_number(now)
        order.short_code = f"{secrets.randbelow(10**6):06d}"
        try:
            with transaction.atomic():
                order.save()
            break
        except IntegrityError:
            order.pk = None
    else:
        raise RuntimeError("could not allocate a work-order number")
    created_text = summary
    # 洛阳中院一号通办服务工作规范 art. 5(1)–(2): what is answered on the spot is told on the line, so no
    # SMS; what goes on (art. 5(3)–(4)) is followed up, and the caller needs its number to follow it.
    if tell_caller and not on_the_spot and caller_texts.wants_telling(order):
        mobile = caller_texts.caller_mobile(order)
        if mobile:
            caller_texts.tell_registered(order, mobile)
        else:
            created_text += caller_texts.not_texted_note(order)
    add_entry(order, OrderEntry.Action.CREATED, actor=agent, now=now, text=created_text)
    if on_the_spot:
        add_entry(order, OrderEntry.Action.ANSWERED, actor=agent, now=now, text=answer)
    else:
        petitions.open_track(order, now=now)  # a petition's own clocks start at registration
    return order


def append_to_summary(order: WorkOrder, text: str) -> None:
    """Add to what the caller said (a voicemail's transcript): the order's content only, no step."""
    WorkOrder.objects.filter(pk=order.pk).update(summary=Concat(F("summary"), Value(text)))


@transaction.atomic
def record_repeat_call(order: WorkOrder, *, now: dt.datetime | None = None) -> WorkOrder:
    """The caller rang again about an order still open: supervision (义乌法院工单办理办法 art. 8).

    The order is marked supervised and the handler and department head are told; under a policy
    that says so, an order waiting for its reply becomes overdue at once.
    """
    now = now or timezone.now()
    order = lock_order(order)
    if not order.is_active:
        return order
    order.repeat_calls += 1
    order.supervised = True
    clock = clock_for(order.court)
    step = f"repeat_call:{order.repeat_calls}"
    holders = handler_and_heads(order)
    record_event(order, step, due_at=None, now=now, notified=[p.pk for p in holders])
    add_entry(order, OrderEntry.Action.REPEAT_CALL, now=now)
    if (
        clock.policy.repeat_call_counts_as_overdue
        and order.state in WAITING_FOR_HANDLER
        and order.overdue_since is None
    ):
        order.overdue_since = now
        order.light = Light.RED
        order.was_overdue = True
        record_event(order, "reply", due_at=order.reply_due, now=now, target="repeat_call")
    clock.reschedule(order)
    order.save()
    tell(holders, event="repeat_call", body=messages.repeat_call(order), key=f"order:{order.pk}:{step}")
    return order


@transaction.atomic
def add_caller_message(
    order: WorkOrder, *, text: str, channel: str, now: dt.datetime | None = None
) -> WorkOrder:
    """The caller adds to their order (an SMS quoting its short code): kept on the order, and whoever
    holds it now is told."""
    if not text.strip():
        raise NotAllowed(_("The message is empty."))
    now = now or timezone.now()
    order = lock_order(order)
    add_entry(order, OrderEntry.Action.CALLER_MESSAGE, now=now, text=f"[{channel}] {text}")
    holders = (
        handler_and_heads(order) if order.is_active and (order.handler_id or order.department_id) else []
    )
    if not holders and order.agent_id:
        holders = [order.agent]
    entries = order.entries.filter(action=OrderEntry.Action.CALLER_MESSAGE).count()
    tell(
        holders,
        event=SmsEvent.CALLER_MESSAGE,
        body=messages.caller_message(order, text),
        key=f"order:{order.pk}:caller_message:{entries}",
    )
    return order
