"""Publishing slots, booking and cancelling. Every booking is a work order for the slot's department."""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.appointments.models import SUB_KINDS, Booking, Slot
from court12368.core import audit
from court12368.notifications.models import SmsEvent
from court12368.notifications.phones import normalize_mobile
from court12368.notifications.services import notify_phone
from court12368.notifications.templating import render
from court12368.workorders import services as orders
from court12368.workorders.models import OrderKind


class BookingRefused(ValueError):
    """A booking that cannot be made; the message says why, in the user's language."""


@transaction.atomic
def publish_slots(
    *, court, department, service: str, days, times, minutes: int = 30, capacity: int = 1, place=""
):
    """Slots on each of ``days`` at each of ``times`` (local), skipping any that already exist."""
    created = []
    for day in days:
        for start in times:
            starts = timezone.make_aware(dt.datetime.combine(day, start))
            slot, made = Slot.objects.get_or_create(
                court=court,
                department=department,
                service=service,
                starts_at=starts,
                defaults={
                    "ends_at": starts + dt.timedelta(minutes=minutes),
                    "capacity": capacity,
                    "place": place,
                },
            )
            if made:
                created.append(slot)
    return created


@transaction.atomic
def book(
    slot: Slot, *, name: str, phone: str, matter: str, channel: str = "web", ip=None, actor=None, now=None
) -> Booking:
    now = now or timezone.now()
    phone = normalize_mobile(phone)
    slot = Slot.objects.select_for_update().select_related("court", "department").get(pk=slot.pk)
    if not slot.is_open or slot.starts_at <= now:
        raise BookingRefused(_("This time can no longer be booked."))
    if slot.bookings.filter(status=Booking.Status.BOOKED).count() >= slot.capacity:
        raise BookingRefused(_("This time is fully booked; please choose another."))
    when = f"{timezone.localtime(slot.starts_at):%Y-%m-%d %H:%M}"
    order = orders.create_work_order(
        court=slot.court,
        kind=OrderKind.OTHER,
        sub_kind=SUB_KINDS[slot.service],
        summary=f"预约{slot.get_service_display()}：{when}，{slot.place or slot.department}。事项：{matter}",
        caller_name=name,
        caller_phone=phone,
        now=now,
    )
    order = orders.dispatch(order, department=slot.department, actor=actor, now=now)
    try:
        with transaction.atomic():
            booking = Booking.objects.create(
                slot=slot,
                code=f"{secrets.randbelow(10**8):08d}",
                name=name,
                phone=phone,
                matter=matter,
                order=order,
                channel=channel,
                booked_by=actor,
            )
    except IntegrityError as error:
        raise BookingRefused(_("You already have a booking at this time.")) from error
    body = render(
        slot.court,
        SmsEvent.APPOINTMENT,
        matter=slot.get_service_display(),
        date_time=slot.starts_at,
        place=slot.place or slot.department.name,
        department=slot.department.name,
    )
    notify_phone(phone, event=SmsEvent.APPOINTMENT, body=body, key=f"booking:{booking.pk}", court=slot.court)
    audit.record("appointment_booked", channel=channel, actor=actor, subject=booking, caller=phone, ip=ip)
    return booking


@transaction.atomic
def cancel(code: str, phone: str, *, channel: str = "web", ip=None, now=None) -> Booking:
    """Cancel by booking code and the phone it was made with; the work order is closed."""
    now = now or timezone.now()
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot", "order")
        .filter(code=code.strip(), status=Booking.Status.BOOKED)
        .first()
    )
    if booking is None or booking.phone != normalize_mobile(phone):
        raise BookingRefused(_("No booking with this code was made from this phone number."))
    if booking.slot.starts_at <= now:
        raise BookingRefused(_("This appointment has already begun."))
    booking.status, booking.cancelled_at = Booking.Status.CANCELLED, now
    booking.save(update_fields=["status", "cancelled_at"])
    if booking.order and booking.order.is_active:
        orders.close(booking.order, now=now, note=_("Appointment cancelled by the person who booked it."))
    audit.record("appointment_cancelled", channel=channel, subject=booking, caller=booking.phone, ip=ip)
    return booking
