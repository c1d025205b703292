"""Work-order gauges for /metrics: open orders, and the overdue (red) ones per court."""

from django.db.models import Count

from court12368.core.metrics import gauge
from court12368.workorders.models import ACTIVE_STATES, WAITING_FOR_HANDLER, Light, WorkOrder


@gauge("court12368_orders_open", "Work orders not yet closed")
def open_orders():
    return [({}, WorkOrder.objects.filter(state__in=ACTIVE_STATES).count())]


@gauge("court12368_orders_overdue", "Work orders past their reply deadline (red), per court", ("court",))
def overdue_orders():
    red = (
        WorkOrder.objects.filter(state__in=WAITING_FOR_HANDLER, light=Light.RED)
        .values("court__code")
        .annotate(n=Count("pk"))
    )
    return [({"court": row["court__code"]}, row["n"]) for row in red]
