"""One public vocabulary for an order, whatever the channel: the portal, SMS and the API say the same
status, and "urged" means the same everywhere (the court escalated it, or supervises it after the caller
rang again, 义乌法院工单办理办法 art. 8)."""

from django.utils.translation import gettext_lazy as _

from court12368.workorders.models import WAITING_FOR_HANDLER, Light, OrderState, WorkOrder

IN_PROGRESS = ("in_progress", _("Being handled"))
CHECKING = ("replied", _("Handled, the result is being checked"))
PUBLIC_STATUS = {
    OrderState.OPEN: ("received", _("Received, waiting to be passed on")),
    OrderState.DISPATCHED: IN_PROGRESS,
    OrderState.ACKNOWLEDGED: IN_PROGRESS,
    OrderState.REPLIED: CHECKING,
    OrderState.RESOLVED: CHECKING,
    OrderState.INFORMED: ("informed", _("Result given, waiting for your rating")),
    OrderState.CLOSED: ("closed", _("Closed")),
}
PUBLIC_CODES = tuple(dict.fromkeys(code for code, _label in PUBLIC_STATUS.values()))


def public_status(order: WorkOrder) -> tuple[str, str]:
    """(code, label) of the order's state in the words of the person who filed it."""
    return PUBLIC_STATUS[order.state]


def is_overdue(order: WorkOrder) -> bool:
    return order.light == Light.RED and order.state in WAITING_FOR_HANDLER


def is_urged(order: WorkOrder) -> bool:
    return order.escalation_level > 0 or order.supervised
