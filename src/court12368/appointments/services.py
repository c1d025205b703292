"""Publishing slots, booking and cancelling. Every booking is a work order for the slot's department."""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.appointments.models import SUB_KINDS, Booking, Slot
from court12368.core import audit
from court12368.core.access import restrict
from court12368.core.models import AuditEntry
from court12368.core.throttle import WINDOW, too_many
from court12368.notifications.models import SmsEvent
from court12368.notifications.phones import normalize_mobile
from court12368.notifications.services import notify_phone
from court12368.notifications.templating import render
from court12368.workorders.lifecycle import closing, handling, intake
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
    order = intake.create_work_order(
        court=slot.court,
        kind=OrderKind.OTHER,
        sub_kind=SUB_KINDS[slot.service],
        summary=f"预约{slot.get_service_display()}：{when}，{slot.place or slot.department}。事项：{matter}",
        caller_name=name,
        caller_phone=phone,
        now=now,
    )
    # The booking confirmation names the department already: no second "forwarded" SMS.
    order = handling.dispatch(order, department=slot.department, actor=actor, now=now, tell_caller=False)
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


class TooManyAttempts(BookingRefused):
    """Too many failed cancellations from one address; the message says when to try again."""


class NoSuchBooking(BookingRefused):
    """No booking with this code was made from this phone number (``booking``: the code's, if any)."""

    def __init__(self, message, booking=None):
        super().__init__(message)
        self.booking = booking


CANCEL_FAILED = "appointment_cancel_failed"
CLIENT_CANCEL_FAILED = "appointment_cancel_failed_by_app"  # not counted against the backend's address
CANCEL_FAILURES_PER_HOUR = 10  # enough for typing mistakes; far too few to guess 8-digit codes
# An app's backend speaks for all its users: its failures are counted per client, never by its address.
CLIENT_CANCEL_FAILURES_PER_HOUR = 100


def cancel(code: str, phone: str, *, channel: str = "web", ip=None, client=None, now=None) -> Booking:
    """Cancel by booking code and the phone it was made with; the work order is closed. A wrong code or
    phone is audited and failures are limited, as the portal's other look-ups by number and phone are:
    per address on the portal; for an API ``client``, among its own courts' bookings and per client,
    never by its backend's address (which speaks for all its users)."""
    if _too_many_failures(ip, client):
        if client is not None:
            raise TooManyAttempts(
                _("Too many failed attempts to cancel through this app; please try again in an hour.")
            )
        raise TooManyAttempts(
            _("Too many failed attempts to cancel from this address; please try again in an hour.")
        )
    among = Booking.objects if client is None else restrict(client, "api.booking")
    said = {} if client is None else {"client": client.name, "client_id": client.pk}
    try:
        return _cancel(code, phone, channel=channel, ip=ip, among=among, now=now, said=said)
    except NoSuchBooking as refused:
        # Written after the cancellation's transaction was rolled back, so that the failure counts.
        failed = CANCEL_FAILED if client is None else CLIENT_CANCEL_FAILED
        audit.record(failed, channel=channel, subject=refused.booking, ip=ip, **said)
        raise


def _too_many_failures(ip, client) -> bool:
    if client is None:
        return too_many(CANCEL_FAILED, ip=ip, limit=CANCEL_FAILURES_PER_HOUR)
    since = timezone.now() - WINDOW
    failures = AuditEntry.objects.filter(
        action=CLIENT_CANCEL_FAILED, at__gte=since, details__client_id=client.pk
    )
    return failures[:CLIENT_CANCEL_FAILURES_PER_HOUR].count() >= CLIENT_CANCEL_FAILURES_PER_HOUR


@transaction.atomic
def _cancel(code: str, phone: str, *, channel, ip, among, now, said) -> Booking:
    now = now or timezone.now()
    booking = (
        among.select_for_update(of=("self",))
        .select_related("slot", "order")
        .filter(code=code.strip(), status=Booking.Status.BOOKED)
        .first()
    )
    if booking is None or booking.phone != normalize_mobile(phone):
        raise NoSuchBooking(_("No booking with this code was made from this phone number."), booking)
    if booking.slot.starts_at <= now:
        raise BookingRefused(_("This appointment has already begun."))
    booking.status, booking.cancelled_at = Booking.Status.CANCELLED, now
    booking.save(update_fields=["status", "cancelled_at"])
    if booking.order and booking.order.is_active:
        closing.close(booking.order, now=now, note=_("Appointment cancelled by the person who booked it."))
    audit.record(
        "appointment_cancelled", channel=channel, subject=booking, caller=booking.phone, ip=ip, **said
    )
    return booking
