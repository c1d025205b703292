"""Which work orders a staff member may read, handle as the handler, or follow up as the line's agent."""

from django.db.models import Q

from court12368.core.access import restrict, rule
from court12368.courts.models import Role, Staff
from court12368.workorders import confidential
from court12368.workorders.models import Attachment, WorkOrder

COURT_WIDE_READERS = (Role.AGENT, Role.LEADER, Role.ADMINISTRATOR)


def _platform_wide(user: Staff) -> bool:
    return user.is_superuser and user.court_id is None


def _handled_by(principal: Staff) -> Q:
    """The orders someone handles: their own, a head's department's, the duty judge's hard questions."""
    mine = Q(handler_id=principal.pk)
    if principal.role == Role.DEPARTMENT_HEAD and principal.department_id:
        mine |= Q(department_id=principal.department_id)
    if principal.role == Role.DUTY_JUDGE:
        mine |= Q(hard=True)
    return mine


@rule("order.read")
def readable_orders(principal):
    """Agents and leaders see their court's orders; a department head the department's; a judge or
    clerk only what they handle; the duty judge also the hard questions; nobody another court's.
    Within that, reports of violations and complaints about the user are kept from those
    ``confidential.hidden_from`` names, whatever their role."""
    if not isinstance(principal, Staff):
        return None
    orders = WorkOrder.objects.select_related("handler", "department", "agent", "court")
    if _platform_wide(principal):
        return orders
    if principal.role in COURT_WIDE_READERS:
        # Orders this court forwarded to another court are overseen to their end (lifecycle/forwarding.py).
        mine = Q(court_id=principal.court_id) | Q(overseen_by_id=principal.court_id)
        return orders.filter(mine).exclude(confidential.hidden_from(principal))
    orders = orders.filter(court_id=principal.court_id).exclude(confidential.hidden_from(principal))
    return orders.filter(_handled_by(principal))


@rule("order.handle")
def _handle(principal):
    """Act as the handler (acknowledge, reply, transfer, return): the order's handler, the head of its
    department, the duty judge for hard questions."""
    if not isinstance(principal, Staff):
        return None
    orders = (
        WorkOrder.objects.all()
        if principal.is_superuser
        else WorkOrder.objects.filter(court_id=principal.court_id).exclude(
            confidential.hidden_from(principal)
        )
    )
    return orders.filter(_handled_by(principal))


@rule("order.follow_up")
def _follow_up(principal):
    """Act as the line (dispatch, resolve, inform the caller, call back): the court's agents and
    administrators."""
    if not isinstance(principal, Staff):
        return None
    if _platform_wide(principal):
        return WorkOrder.objects.all()
    if principal.court_id and principal.role in (Role.AGENT, Role.ADMINISTRATOR):
        return WorkOrder.objects.filter(court_id=principal.court_id).exclude(
            confidential.hidden_from(principal)
        )
    return None


@rule("attachment.read")
def _attachments(principal):
    """Files go only to those who may read their order (never from a public media URL)."""
    return Attachment.objects.filter(entry__order__in=restrict(principal, "order.read").values("pk"))
