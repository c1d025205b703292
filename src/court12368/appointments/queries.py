import datetime as dt

from django.db.models import Count, F, Q
from django.utils import timezone

from court12368.appointments.models import Booking, Slot
from court12368.core.access import restrict


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
    """Upcoming bookings a member of staff should see (whose: appointments/access.py)."""
    now = now or timezone.now()
    found = restrict(user, "booking.read").filter(slot__ends_at__gt=now)
    return found.select_related("slot__department", "order").order_by("slot__starts_at")
