"""Reads about work orders, always scoped to what the user may see."""

from django.db.models import Q, QuerySet

from court12368.courts.models import Role
from court12368.workorders.models import ACTIVE_STATES, WAITING_FOR_HANDLER, OrderState, WorkOrder


def unreliable_deadline_count() -> int:
    return WorkOrder.objects.filter(deadline_reliable=False, state__in=ACTIVE_STATES).count()


def visible_orders(user) -> QuerySet[WorkOrder]:
    """Agents and leaders see their court's orders; a department head the department's; a judge or
    clerk only what they handle; the duty judge also the hard questions; nobody another court's."""
    orders = WorkOrder.objects.select_related("handler", "department", "agent", "court")
    if not user.is_authenticated:
        return orders.none()
    if user.is_superuser and user.court_id is None:
        return orders
    orders = orders.filter(court_id=user.court_id)
    if user.role in (Role.AGENT, Role.LEADER, Role.ADMINISTRATOR):
        return orders
    mine = Q(handler=user)
    if user.role == Role.DEPARTMENT_HEAD and user.department_id:
        mine |= Q(department_id=user.department_id)
    if user.role == Role.DUTY_JUDGE:
        mine |= Q(hard=True)
    return orders.filter(mine)


def inbox(user) -> QuerySet[WorkOrder]:
    """What waits for this user to act on, most urgent first."""
    orders = visible_orders(user)
    if user.role == Role.AGENT:
        return orders.filter(
            Q(state=OrderState.OPEN, on_the_spot=False)
            | Q(state__in=[OrderState.REPLIED, OrderState.RESOLVED]),
            agent=user,
        ).order_by("next_due_at", "created_at")
    if user.role == Role.LEADER:
        return (
            orders.filter(state__in=WAITING_FOR_HANDLER)
            .filter(Q(escalation_level__gte=1) | Q(handler=user) | Q(supervised=True))
            .order_by("-escalation_level", "reply_due")
        )
    return orders.filter(state__in=WAITING_FOR_HANDLER).order_by("reply_due", "created_at")


def overdue(user) -> QuerySet[WorkOrder]:
    return visible_orders(user).filter(state__in=WAITING_FOR_HANDLER, light="red").order_by("overdue_since")


def callbacks_due(user) -> QuerySet[WorkOrder]:
    """Orders whose caller has been told the result and waits for the callback; procedural rights first."""
    return (
        visible_orders(user)
        .filter(state=OrderState.INFORMED)
        .order_by("-touches_procedural_rights", "informed_at")
    )


def can_handle(user, order: WorkOrder) -> bool:
    """May act as the order's handler: acknowledge, reply, transfer, return."""
    if order.court_id != user.court_id and not user.is_superuser:
        return False
    if order.handler_id == user.pk:
        return True
    if (
        user.role == Role.DEPARTMENT_HEAD
        and order.department_id
        and order.department_id == user.department_id
    ):
        return True
    return user.role == Role.DUTY_JUDGE and order.hard


def can_follow_up(user, order: WorkOrder) -> bool:
    """May act as the line's agent: dispatch, resolve, inform the caller, call back."""
    return (order.court_id == user.court_id and user.role in (Role.AGENT, Role.ADMINISTRATOR)) or (
        user.is_superuser and user.court_id is None
    )
