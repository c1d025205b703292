"""Appointment slots and bookings for apps and mini-programs."""

import datetime as dt
from typing import Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from court12368.api.auth import ClientToken
from court12368.api.errors import MAX_ID
from court12368.api.idempotency import once
from court12368.api.models import Scope
from court12368.appointments import queries, services
from court12368.appointments.models import Booking, Slot
from court12368.core import audit
from court12368.core.access import restrict
from court12368.core.errors import ErrorOut
from court12368.core.text import Text
from court12368.courts.models import Court
from court12368.notifications.phones import InvalidPhone

router = Router(tags=["appointments"])
AUTH = ClientToken(Scope.APPOINTMENTS)
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
ServiceCode = Literal["filing", "mediation", "meet_judge", "video_petition"]


class SlotOut(Schema):
    id: int
    service: str
    department: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    free: int


class BookingIn(Schema):
    slot_id: int = Field(..., ge=1, le=MAX_ID)
    name: Text = Field(..., min_length=1, max_length=50)
    phone: Text = Field(..., max_length=20)
    matter: Text = Field(..., min_length=1, max_length=500)


class BookingOut(Schema):
    code: str
    status: str
    slot: SlotOut
    service_request_id: str | None


class CancelIn(Schema):
    phone: str = Field(..., max_length=20)


def _slot_out(slot: Slot, free: int) -> dict:
    return {
        "id": slot.pk,
        "service": slot.service,
        "department": slot.department.name,
        "starts_at": timezone.localtime(slot.starts_at),
        "ends_at": timezone.localtime(slot.ends_at),
        "place": slot.place or slot.department.name,
        "free": free,
    }


def _booking_out(booking: Booking) -> dict:
    slot = booking.slot
    free = slot.capacity - slot.bookings.filter(status=Booking.Status.BOOKED).count()
    return {
        "code": booking.code,
        "status": booking.status,
        "slot": _slot_out(slot, free),
        "service_request_id": booking.order.number if booking.order_id else None,
    }


@router.get("/slots", response={200: list[SlotOut], **ERRORS}, summary="Free times of the next two weeks")
def slots(request, court: str = Query(..., max_length=16), service: ServiceCode = "filing"):
    found = get_object_or_404(Court, code=court, is_active=True)
    return [_slot_out(s, s.free) for s in queries.open_slots(found, service)]


@router.post("", auth=AUTH, response={201: BookingOut, **ERRORS}, summary="Book a time")
def book(request, payload: BookingIn):
    """Send the header ``Idempotency-Key`` to make a retry safe."""
    courts = restrict(request.api_client, "api.court")
    slot = (
        Slot.objects.select_related("court", "department")
        .filter(pk=payload.slot_id, court__in=courts)
        .first()
    )
    if slot is None:
        raise Http404

    def create():
        try:
            booking = services.book(
                slot,
                name=payload.name,
                phone=payload.phone,
                matter=payload.matter,
                channel="app",
                ip=request.META.get("REMOTE_ADDR"),
            )
        except InvalidPhone as error:
            raise HttpError(422, str(error)) from error
        except services.BookingRefused as refused:
            raise HttpError(409, str(refused)) from refused
        return 201, BookingOut(**_booking_out(booking)).model_dump(mode="json")

    return Status(*once(request, payload.dict(), create))


@router.post(
    "/{code}/cancel",
    auth=AUTH,
    response={200: BookingOut, 429: ErrorOut, **ERRORS},
    summary="Cancel a booking",
)
def cancel(request, code: str, payload: CancelIn):
    """A code this client cannot reach is refused like a wrong phone (409); failures are limited per
    client, never by the address of the app's backend (429)."""
    try:
        booking = services.cancel(
            code, payload.phone, channel="app", ip=audit.client_ip(request), client=request.api_client
        )
    except InvalidPhone as error:
        raise HttpError(422, str(error)) from error
    except services.TooManyAttempts as refused:
        raise HttpError(429, str(refused)) from refused
    except services.BookingRefused as refused:
        raise HttpError(409, str(refused)) from refused
    return _booking_out(Booking.objects.select_related("slot__department", "order").get(pk=booking.pk))
