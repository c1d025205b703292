"""Reads about work orders."""

from court12368.workorders.models import ACTIVE_STATES, WorkOrder


def unreliable_deadline_count() -> int:
    return WorkOrder.objects.filter(deadline_reliable=False, state__in=ACTIVE_STATES).count()
