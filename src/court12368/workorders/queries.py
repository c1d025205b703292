"""Reads about work orders."""

from court12368.workorders.models import OrderState, WorkOrder


def unreliable_deadline_count() -> int:
    return WorkOrder.objects.filter(
        deadline_reliable=False, state__in=[OrderState.OPEN, OrderState.DISPATCHED]
    ).count()
