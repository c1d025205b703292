"""Forwarding to another court (洛阳中院一号通办服务工作规范第五条第（四）项; 信访工作条例第二十三条):
a complaint about a lower court's staff, or a request another court must handle, goes to that court's
line as a new order carrying the history. The forwarding court's order is closed as forwarded, and
that court keeps reading the new order to its end (workorders/access.py), so each court's ledger
counts it once: the forwarding court as forwarded, the receiving court as its own order."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.courts.models import Court, Staff
from court12368.notifications.models import SmsEvent
from court12368.workorders.lifecycle import caller_texts
from court12368.workorders.lifecycle.intake import create_work_order
from court12368.workorders.lifecycle.timeline import add_entry, lock_order, tell
from court12368.workorders.lifecycle.transitions import NotAllowed, require, require_reason
from court12368.workorders.models import OrderEntry, OrderState, WorkOrder


def _history(order: WorkOrder) -> str:
    lines = [
        f"{timezone.localtime(e.at):%Y-%m-%d %H:%M} {e.get_action_display()} {e.text}".strip()
        for e in order.entries.order_by("at", "pk")
    ]
    return "\n".join(lines)


@transaction.atomic
def forward_to_court(
    order: WorkOrder, *, court: Court, actor: Staff | None, reason: str, now: dt.datetime | None = None
) -> WorkOrder:
    """Forward an order not yet dispatched to ``court``'s line; returns it, closed as forwarded (the new
    order there is ``order.forwards``)."""
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "forward")
    require_reason("forward", reason)
    if court.pk == order.court_id or not court.is_active:
        raise NotAllowed(_("Choose another, active court to forward to."), action="forward")
    summary = _(
        "Forwarded by %(court)s (order %(number)s): %(reason)s\n%(summary)s\n— history —\n%(history)s"
    ) % {
        "court": order.court.name,
        "number": order.number,
        "reason": reason.strip(),
        "summary": order.summary,
        "history": _history(order),
    }
    forward = create_work_order(
        court=court,
        kind=order.kind,
        sub_kind=order.sub_kind,
        summary=str(summary),
        caller_phone=order.caller_phone,
        caller_name=order.caller_name,
        case=order.case if order.case_id and order.case.court_id == court.pk else None,
        touches_procedural_rights=order.touches_procedural_rights,
        now=now,
        tell_caller=True,  # its number and short code, from the court that now has it
    )
    WorkOrder.objects.filter(pk=forward.pk).update(forwarded_from=order, overseen_by=order.court)
    forward.forwarded_from, forward.overseen_by = order, order.court
    order.state = OrderState.CLOSED
    order.closed_at = now
    order.next_due_at, order.next_step = None, ""
    order.save(update_fields=["state", "closed_at", "next_due_at", "next_step"])
    add_entry(
        order,
        OrderEntry.Action.TRANSFERRED,
        actor=actor,
        now=now,
        text=str(_("Forwarded to %(court)s as order %(number)s: %(reason)s"))
        % {"court": court.name, "number": forward.number, "reason": reason.strip()},
    )
    mobile = caller_texts.caller_mobile(order) if caller_texts.wants_telling(order) else None
    if mobile:
        caller_texts.tell_forwarded_to_court(order, mobile, court)
    # The receiving court's agents dispatch it by their own rules; each is told once.
    receivers = Staff.objects.filter(court=court, role="agent", is_active=True)
    tell(
        receivers,
        event=SmsEvent.DISPATCH,
        body=str(
            _("Order %(number)s forwarded by %(court)s is waiting for dispatch.")
            % {"number": forward.number, "court": order.court.name}
        ),
        key=f"forwarded:{forward.pk}",
        sms=False,
    )
    return order
