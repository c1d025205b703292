"""What an API client may reach: its court and every court below it (a high court's client covers its
province). Scopes (which endpoints at all) are checked by the bearer token, api/auth.py."""

from court12368.api.models import ApiClient
from court12368.appointments.models import Booking
from court12368.core.access import rule
from court12368.courts.models import Court
from court12368.courts.queries import courts_under
from court12368.workorders.models import OrderEntry, WorkOrder


def _client_courts(client: ApiClient) -> set[int]:
    return courts_under(client.court_id)


@rule("api.court")
def _courts(principal):
    return (
        Court.objects.filter(pk__in=_client_courts(principal)) if isinstance(principal, ApiClient) else None
    )


@rule("api.order")
def _orders(principal):
    if not isinstance(principal, ApiClient):
        return None
    return WorkOrder.objects.filter(court_id__in=_client_courts(principal))


@rule("api.entry")
def _entries(principal):
    if not isinstance(principal, ApiClient):
        return None
    return OrderEntry.objects.filter(order__court_id__in=_client_courts(principal))


@rule("api.booking")
def _bookings(principal):
    if not isinstance(principal, ApiClient):
        return None
    return Booking.objects.filter(slot__court_id__in=_client_courts(principal))
