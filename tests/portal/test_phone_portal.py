"""The portal as a phone uses it (issue 23): a booking day, then its times; the case query's fields for the
chosen method only; the check question shown before it is required; the tracking page's own name."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from court12368.appointments import services as appointments
from court12368.appointments.models import Booking
from court12368.cases.services import issue_password
from court12368.demo.factories import CaseFactory, DepartmentFactory, HearingFactory, PartyFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)  # a Monday
DAYS = [dt.date(2026, 11, 24) + dt.timedelta(days=n) for n in range(10)]
TIMES = [dt.time(9), dt.time(10), dt.time(11), dt.time(14), dt.time(15)]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def answer(client) -> str:
    return str(client.session["portal_challenge"]["answer"])


@pytest.fixture
def booking_url(court):
    filing = DepartmentFactory(court=court, name="立案庭", kind="filing")
    appointments.publish_slots(
        court=court, department=filing, service="filing", days=DAYS, times=TIMES, capacity=2, place="3号窗口"
    )  # 50 slots, as the demo court opens
    return f"/portal/c/{court.code}/appointments/"


def test_booking_lists_the_days_first_then_that_days_times(client, booking_url):
    page = client.get(booking_url, {"service": "filing"}).content.decode()
    days = re.findall(r'data-day="([\d-]+)"', page)
    assert days == [d.isoformat() for d in DAYS]
    assert 'name="slot"' not in page and "3号窗口" not in page  # no time yet: not 50 radio buttons
    assert "5个时段可约" in page and "第1步" in page

    page = client.get(booking_url, {"service": "filing", "day": "2026-11-26"}).content.decode()
    assert page.count('name="slot"') == 5 and "第2步" in page
    assert "11月26日" in page and "14:00–" in page
    assert 'data-testid="other-day"' in page and 'data-day="' not in page

    for bad in ("2026-13-01", "x", "2026-11-22"):  # not a day with free times: back to the list of days
        assert 'data-day="' in client.get(booking_url, {"service": "filing", "day": bad}).content.decode()


def test_a_slot_is_booked_through_the_two_steps_and_a_wrong_answer_keeps_the_choice(client, booking_url):
    page = client.get(booking_url, {"service": "filing", "day": "2026-11-26"}).content.decode()
    slot = re.findall(r'name="slot" value="(\d+)"', page)[3]  # 14:00
    data = {
        "service": "filing",
        "day": "2026-11-26",
        "slot": slot,
        "name": "王女士",
        "phone": "13600003333",
        "matter": "咨询立案",
        "challenge": "99",
    }
    refused = client.post(booking_url + "?service=filing&day=2026-11-26", data)
    page = refused.content.decode()
    assert refused.status_code == 400 and not Booking.objects.exists()
    assert f'value="{slot}" required checked' in page and 'value="王女士"' in page and "咨询立案" in page
    assert 'name="challenge" value="99"' not in page  # a new question comes with an empty answer

    booked = client.post(
        booking_url + "?service=filing&day=2026-11-26", {**data, "challenge": answer(client)}
    )
    booking = Booking.objects.get()
    assert booked.status_code == 200 and booking.code in booked.content.decode()
    assert booking.slot.pk == int(slot) and booking.slot.starts_at == dt.datetime(
        2026, 11, 26, 14, tzinfo=SHANGHAI
    )


def test_a_single_day_goes_straight_to_its_times(client, court):
    filing = DepartmentFactory(court=court, name="立案庭", kind="filing")
    appointments.publish_slots(
        court=court, department=filing, service="filing", days=DAYS[:1], times=TIMES[:2], place="3号窗口"
    )
    page = client.get(f"/portal/c/{court.code}/appointments/").content.decode()
    assert page.count('name="slot"') == 2 and "3号窗口" in page


@pytest.fixture
def case_and_password(court):
    case = CaseFactory(court=court, number="（2026）京0105民初31号", judge_name="周法官")
    HearingFactory(
        case=case, starts_at=dt.datetime(2026, 12, 18, 15, 0, tzinfo=SHANGHAI), courtroom="第3法庭"
    )
    party = PartyFactory(case=case, phone="13900000000", id_number="110105199001011234")
    return case, issue_password(party)


def test_the_case_query_shows_only_the_fields_of_the_chosen_method(client, court):
    url = f"/portal/c/{court.code}/case/"
    page = client.get(url).content.decode()
    assert 'name="case_number"' in page and 'name="password"' in page
    assert 'name="id_number"' not in page and 'name="phone"' not in page
    assert 'type="radio"' not in page and 'name="method" value="case_and_password"' in page

    page = client.get(url, {"method": "id_and_phone"}).content.decode()
    assert 'name="id_number"' in page and 'name="phone"' in page
    assert 'name="case_number"' not in page and 'name="password"' not in page
    assert '<a href="?method=id_and_phone" aria-current="page">' in page

    assert 'name="case_number"' in client.get(url, {"method": "nonsense"}).content.decode()  # the default
    missing = client.post(url + "?method=id_and_phone", {"method": "id_and_phone", "agree": "on"})
    page = missing.content.decode()
    assert missing.status_code == 400 and 'name="id_number"' in page and 'name="case_number"' not in page


def test_the_check_question_is_shown_before_it_is_required_and_only_a_wrong_password_is_emptied(
    client, court, case_and_password
):
    case, password = case_and_password
    url = f"/portal/c/{court.code}/case/"
    assert 'data-testid="challenge"' not in client.get(url).content.decode()  # nothing failed yet
    wrong = {
        "method": "case_and_password",
        "case_number": case.number,
        "password": "0000000000",
        "agree": "on",
    }
    failed = client.post(url, wrong)
    page = failed.content.decode()
    assert failed.status_code == 403 and 'data-testid="query-error"' in page
    assert 'data-testid="challenge"' in page  # the next submit needs it: it is on this page
    assert case.number in page and 'value="0000000000"' not in page  # the case number kept, the password not

    # Someone else behind the same address (a carrier's NAT): the question is on their first page too.
    other = Client()
    assert 'data-testid="challenge"' in other.get(url).content.decode()

    # Submitted without an answer: asked again, not called wrong, and nothing typed is lost.
    right = {**wrong, "password": password}
    unanswered = client.post(url, right)
    page = unanswered.content.decode()
    assert unanswered.status_code == 400 and 'data-testid="query-prompt"' in page
    assert 'data-testid="query-error"' not in page and 'data-testid="challenge"' in page
    assert case.number in page and f'value="{password}"' in page

    # A wrong answer: said so, with a new question, the password still there.
    refused = client.post(url, {**right, "challenge": "99"})
    page = refused.content.decode()
    assert refused.status_code == 403 and "验证问题" in page and f'value="{password}"' in page
    assert 'name="challenge" value="99"' not in page

    ok = client.post(url, {**right, "challenge": answer(client)})
    page = ok.content.decode()
    assert ok.status_code == 200 and "周法官" in page
    hearing = re.search(r'data-testid="next-hearing">([^<]*)<', page).group(1)
    assert hearing.startswith("2026-12-18 15:00") and "第3法庭" in hearing  # printed as a time


def test_tracking_a_request_is_not_named_like_a_case_query(client, court):
    page = client.get("/portal/track/").content.decode()
    assert "<title>诉求办理查询 · 12368</title>" in page and "<h1>诉求办理查询</h1>" in page
    assert ">诉求办理查询</a>" in page  # the navigation
    assert "进度查询" not in page and "进度" not in page
    home = client.get("/portal/").content.decode()
    assert "凭查询编号和手机号码查询诉求办理情况" in home and "进度查询" not in home
