import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from court12368.appointments import queries, services
from court12368.appointments.models import Booking
from court12368.courts.models import Role
from court12368.demo.factories import DepartmentFactory
from court12368.notifications.models import Notification
from court12368.workorders.models import OrderState

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)
TOMORROW = dt.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def filing(court):
    return DepartmentFactory(court=court, name="立案庭", kind="filing")


@pytest.fixture
def slots(court, filing):
    return services.publish_slots(
        court=court,
        department=filing,
        service="filing",
        days=[TOMORROW],
        times=[dt.time(9), dt.time(9, 30)],
        capacity=1,
        place="诉讼服务中心3号窗口",
    )


def test_publishing_twice_adds_nothing(court, filing, slots):
    again = services.publish_slots(
        court=court, department=filing, service="filing", days=[TOMORROW], times=[dt.time(9), dt.time(9, 30)]
    )
    assert again == [] and len(slots) == 2
    assert [s.free for s in queries.open_slots(court, "filing")] == [1, 1]


def test_a_booking_is_a_work_order_for_the_department_with_an_sms(court, filing, slots):
    booking = services.book(slots[0], name="刘先生", phone="+86 136 0000 2222", matter="立案材料咨询")
    order = booking.order
    assert (order.kind, order.sub_kind, order.state, order.department) == (
        "other",
        "appointment_filing",
        OrderState.DISPATCHED,
        filing,
    )
    assert booking.phone == "13600002222" and len(booking.code) == 8
    sms = Notification.objects.get(phone="13600002222", event="appointment")
    assert "11月24日09:00" in sms.body and "诉讼服务中心3号窗口" in sms.body
    assert [s.pk for s in queries.open_slots(court, "filing")] == [slots[1].pk]  # the full one is gone


def test_a_full_slot_a_second_booking_and_a_past_slot_are_refused(court, slots):
    services.book(slots[0], name="甲", phone="13600000001", matter="x")
    with pytest.raises(services.BookingRefused):
        services.book(slots[0], name="乙", phone="13600000002", matter="x")
    slots[1].capacity = 3
    slots[1].save()
    services.book(slots[1], name="丙", phone="13600000003", matter="x")
    with pytest.raises(services.BookingRefused):
        services.book(slots[1], name="丙", phone="13600000003", matter="again")
    with (
        time_machine.travel(dt.datetime(2026, 11, 24, 9, 31, tzinfo=SHANGHAI), tick=False),
        pytest.raises(services.BookingRefused),
    ):
        services.book(slots[1], name="丁", phone="13600000004", matter="late")
    assert Booking.objects.count() == 2


def test_cancelling_needs_the_phone_and_closes_the_order(court, slots):
    booking = services.book(slots[0], name="甲", phone="13600000001", matter="x")
    with pytest.raises(services.BookingRefused):
        services.cancel(booking.code, "13600000009")
    services.cancel(booking.code, "13600000001")
    booking.refresh_from_db()
    assert booking.status == "cancelled" and booking.order.state == OrderState.CLOSED
    assert queries.open_slots(court, "filing").count() == 2  # the place is free again


def test_the_department_sees_its_bookings_and_another_department_does_not(
    client, court, filing, slots, make_staff
):
    services.book(slots[0], name="刘先生", phone="13600002222", matter="立案材料咨询")
    clerk = make_staff(Role.CLERK, username="filing.clerk", department=filing)
    other = make_staff(Role.JUDGE, username="civil.judge")
    client.force_login(clerk)
    page = client.get("/appointments/").content.decode()
    assert "刘先生" in page and "136****2222" in page and "13600002222" not in page
    client.force_login(other)
    assert "刘先生" not in client.get("/appointments/").content.decode()


def test_booking_and_cancelling_on_the_portal(client, court, slots):
    url = f"/portal/c/{court.code}/appointments/?service=filing"
    page = client.get(url).content.decode()
    assert "诉讼服务中心3号窗口" in page
    data = {
        "service": "filing",
        "slot": slots[1].pk,
        "name": "王女士",
        "phone": "13600003333",
        "matter": "咨询立案",
        "challenge": str(client.session["portal_challenge"]["answer"]),
    }
    booked = client.post(url, data)
    booking = Booking.objects.get()
    assert booked.status_code == 200 and booking.code in booked.content.decode()
    cancelled = client.post("/portal/appointments/cancel/", {"code": booking.code, "phone": "13600003333"})
    assert 'data-testid="cancelled"' in cancelled.content.decode()
