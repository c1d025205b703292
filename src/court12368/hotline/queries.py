"""Caller history for the screen-pop."""

from dataclasses import dataclass

from court12368.hotline.models import Call
from court12368.workorders import confidential
from court12368.workorders.models import ACTIVE_STATES, WorkOrder

HISTORY_LIMIT = 20


@dataclass
class CallerHistory:
    calls: list[Call]
    open_orders: list[WorkOrder]

    @property
    def is_repeat(self) -> bool:
        """Calling again while an order is still open: the agent should attach the call to it."""
        return bool(self.open_orders)

    @property
    def open_order(self) -> WorkOrder | None:
        """The caller's latest open order: the one a repeat call is most likely about."""
        return self.open_orders[0] if self.open_orders else None

    @property
    def caller_name(self) -> str:
        """The name the caller gave last time (their open order's, else their latest call's)."""
        if self.open_order and self.open_order.caller_name:
            return self.open_order.caller_name
        return next((c.caller_name for c in self.calls if c.caller_name), "")

    @property
    def case_number(self) -> str:
        """The case the caller last called about: their open order's, else their latest call's."""
        if self.open_order and self.open_order.case_id:
            return self.open_order.case.number
        return next((c.case.number for c in self.calls if c.case_id), "")


def caller_history(court, number: str, *, viewer) -> CallerHistory:
    """The number's earlier calls and open orders, less those the agent ``viewer`` may not read (a
    report of violations another agent logged: workorders/confidential.py)."""
    if not number:
        return CallerHistory([], [])
    kept_from_viewer = confidential.hidden_from(viewer)
    calls = Call.objects.filter(court=court, caller_number=number)
    # Only this number's orders are looked at (the screen-pop is on every call), not the court's.
    hidden = WorkOrder.objects.filter(pk__in=calls.values("work_order_id")).filter(kept_from_viewer)
    calls = list(
        calls.exclude(work_order__in=hidden.values("pk"))
        .select_related("work_order", "agent", "case")
        .order_by("-answered_at")[:HISTORY_LIMIT]
    )
    open_orders = list(
        WorkOrder.objects.filter(court=court, caller_phone=number, state__in=ACTIVE_STATES)
        .exclude(kept_from_viewer)
        .select_related("handler", "case")
        .order_by("-created_at")
    )
    return CallerHistory(calls, open_orders)
