"""The order's state machine, as one table: which action may move an order from which state, to where,
by whose leave, and whether it needs a reason. Every write of ``workorders.lifecycle`` checks it under
the order's row lock; the order page, the portal, SMS and the API ask it what may be done now.

The states and their order follow 义乌法院工单办理办法 arts. 5–8 and 洛阳中院一号通办规范 art. 5: the line
dispatches (派单), the handler acknowledges (签收), replies (反馈), or transfers (转办) or returns (退回) it;
the line accepts the result (办结), tells the caller (告知) and calls back (回访), and an unsatisfied
caller reopens it to the same handler.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from court12368.core import access
from court12368.workorders.models import WAITING_FOR_HANDLER, OrderState, WorkOrder

HANDLER = "order.handle"  # the order's handler, the head of its department, the duty judge (access.py)
LINE = "order.follow_up"  # the court's agents and administrators
REQUESTER = ""  # the person who filed it, proven by the channel (tracking number and phone)
SYSTEM = None  # the platform itself (a cancelled booking): never offered to a person
OPEN_STATES = tuple(s for s in OrderState.values if s != OrderState.CLOSED)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str  # the state it leads to (a callback that reopens leads to dispatched instead)
    by: str | None
    label: Promise
    needs_reason: bool = False


# In the order the order page offers them: the main action of each state first.
TRANSITIONS = {
    t.action: t
    for t in (
        Transition(
            "acknowledge", (OrderState.DISPATCHED,), OrderState.ACKNOWLEDGED, HANDLER, _("Acknowledge")
        ),
        Transition("reply", WAITING_FOR_HANDLER, OrderState.REPLIED, HANDLER, _("Reply")),
        Transition("transfer", WAITING_FOR_HANDLER, OrderState.DISPATCHED, HANDLER, _("Transfer"), True),
        Transition("return", WAITING_FOR_HANDLER, OrderState.OPEN, HANDLER, _("Return"), True),
        Transition("dispatch", (OrderState.OPEN,), OrderState.DISPATCHED, LINE, _("Dispatch")),
        Transition(
            "forward", (OrderState.OPEN,), OrderState.CLOSED, LINE, _("Forward to another court"), True
        ),
        Transition("resolve", (OrderState.REPLIED,), OrderState.RESOLVED, LINE, _("Resolve")),
        Transition("inform", (OrderState.RESOLVED,), OrderState.INFORMED, LINE, _("Inform the caller")),
        Transition("callback", (OrderState.INFORMED,), OrderState.CLOSED, LINE, _("Callback")),
        Transition("rate", (OrderState.INFORMED,), OrderState.CLOSED, REQUESTER, _("Rate")),
        Transition("close", OPEN_STATES, OrderState.CLOSED, SYSTEM, _("Close")),
    )
}


class NotAllowed(Exception):
    """The one refusal of the lifecycle, in the user's language: the console shows it, the portal and
    SMS say it, the API answers it with 409."""

    def __init__(self, message, *, action: str = "", state: str = ""):
        super().__init__(message)
        self.message, self.action, self.state = message, action, state

    def __str__(self) -> str:
        return str(self.message)


def refusal(action: str, order: WorkOrder) -> NotAllowed:
    transition = TRANSITIONS[action]
    message = _("The order is “%(state)s”: “%(action)s” is not possible now.") % {
        "action": transition.label,
        "state": OrderState(order.state).label,
    }
    return NotAllowed(message, action=action, state=order.state)


def require(order: WorkOrder, action: str) -> None:
    """Refuse ``action`` unless the order (read under its lock) is in a state it starts from."""
    if order.state not in TRANSITIONS[action].sources:
        raise refusal(action, order)


def require_reason(action: str, reason: str) -> None:
    if TRANSITIONS[action].needs_reason and not (reason or "").strip():
        raise NotAllowed(
            _("“%(action)s” needs a reason.") % {"action": TRANSITIONS[action].label}, action=action
        )


def allowed_actions(order: WorkOrder, principal) -> list[Transition]:
    """What ``principal`` may do to ``order`` now, main action first (the order page's buttons)."""
    may: dict[str, bool] = {}

    def permitted(by: str) -> bool:
        if by not in may:
            may[by] = access.permits(principal, by, order)
        return may[by]

    return [
        t
        for t in TRANSITIONS.values()
        if t.by
        and order.state in t.sources
        and not (t.action == "dispatch" and order.on_the_spot)
        and permitted(t.by)
    ]
