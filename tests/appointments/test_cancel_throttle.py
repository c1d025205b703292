"""Issue 20 finding 14, booking cancellation by code had no throttle: failed attempts are limited per
address on the portal and through the API, with a Chinese message saying when to try again; a right
code and phone still cancel in normal use."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from court12368.api import services as clients
from court12368.appointments import services
from court12368.appointments.models import Booking
from court12368.demo.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
GUESSER, NEIGHBOUR = "198.51.100.20", "198.51.100.21"
CANCEL = "/portal/appointments/cancel/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bookings(court):
    filing = DepartmentFactory(court=court, name="立案庭", kind="filing")
    slots = services.publish_slots(
        court=court, department=filing, service="filing", days=[dt.date(2026, 11, 24)],
        times=[dt.time(9), dt.time(10)],
    )  # fmt: skip
    return [
        services.book(s, name="刘先生", phone=f"1360000222{n}", matter="立案") for n, s in enumerate(slots)
    ]


def test_booking_cancellation_by_code_is_throttled_per_address_on_the_portal(client, bookings):
    first, second = bookings
    right = {"code": first.code, "phone": "13600002220"}
    assert client.post(CANCEL, right, REMOTE_ADDR=GUESSER).status_code == 200  # normal use works
    for n in range(services.CANCEL_FAILURES_PER_HOUR):
        guess = {"code": f"{n:08d}", "phone": "13600002221"}
        assert client.post(CANCEL, guess, REMOTE_ADDR=GUESSER).status_code == 400
    refused = client.post(CANCEL, {"code": second.code, "phone": "13600002221"}, REMOTE_ADDR=GUESSER)
    assert refused.status_code == 429 and "请一小时后再试" in refused.content.decode()
    assert Booking.objects.get(pk=second.pk).status == Booking.Status.BOOKED  # even the right code waits
    allowed = client.post(CANCEL, {"code": second.code, "phone": "13600002221"}, REMOTE_ADDR=NEIGHBOUR)
    assert allowed.status_code == 200 and 'data-testid="cancelled"' in allowed.content.decode()
    with time_machine.travel(NOW + dt.timedelta(hours=1, minutes=1), tick=False):
        again = client.post(CANCEL, {"code": "00000000", "phone": "13600002221"}, REMOTE_ADDR=GUESSER)
        assert again.status_code == 400  # an hour later the address may try again


def test_booking_cancellation_by_code_is_throttled_per_client_through_the_api(client, court, bookings):
    _made, token = clients.create_client(name="微信小程序", court=court, scopes=["appointments"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "REMOTE_ADDR": GUESSER}

    def cancel(code, phone):
        url = f"/api/v1/appointments/{code}/cancel"
        return client.post(url, {"phone": phone}, content_type="application/json", **headers)

    for n in range(services.CLIENT_CANCEL_FAILURES_PER_HOUR):
        assert cancel(f"{n:08d}", "13600002221").status_code == 409  # unknown codes count too
        if n == services.CANCEL_FAILURES_PER_HOUR:  # the backend's address is no key (issue 20, item 4)
            assert not services.too_many(services.CANCEL_FAILED, ip=GUESSER, limit=1)
    refused = cancel(bookings[1].code, "13600002221")
    assert refused.status_code == 429
    assert set(refused.json()) == {"code", "message", "details"} and "一小时后" in refused.json()["message"]
    assert Booking.objects.get(pk=bookings[1].pk).status == Booking.Status.BOOKED
