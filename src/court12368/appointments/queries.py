import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from court12368.appointments.models import Booking, Slot


def open_slots(court, service: str, *, days: int = 14, now=None):
    """Bookable slots of the next ``days`` days, each with ``free`` places left."""
    now = now or timezone.now()
    return (
        Slot.objects.filter(court=court, service=service, is_open=True, starts_at__gt=now)
        .filter(starts_at__lt=now + dt.timedelta(days=days))
        .annotate(booked=Count("bookings", filter=Q(bookings__status=Booking.Status.BOOKED)))
        .annotate(free=F("capacity") - F("booked"))
        .filter(free__gt=0)
        .select_related("department")
        .order_by("starts_at")
    )


def bookings_for(user, *, now=None):
    """Upcoming bookings a member of staff should see: their department's, or the court's for agents,
    leaders and administrators."""
    now = now or timezone.now()
    found = Booking.objects.filter(slot__court_id=user.court_id, slot__ends_at__gt=now).select_related(
        "slot__department", "order"
    )
    if user.role not in ("agent", "leader", "administrator"):
        found = found.filter(slot__department_id=user.department_id)
    return found.order_by("slot__starts_at")
