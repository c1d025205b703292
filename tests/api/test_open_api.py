"""The open API for apps and mini-programs: requests (Open311 style), case query, appointments."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from court12368.api import services as clients
from court12368.appointments.services import publish_slots
from court12368.cases.services import issue_password
from court12368.courts.models import Role
from court12368.demo.factories import CaseFactory, CourtFactory, DepartmentFactory, PartyFactory
from court12368.workorders.lifecycle import closing, handling
from court12368.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
PHONE = "13600005555"


@pytest.fixture
def api(client, court):
    _c, token = clients.create_client(
        name="微信小程序", court=court, scopes=["requests", "cases:query", "appointments"]
    )

    def call(method, path, body=None, key=None, token=token):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if key:
            headers["HTTP_IDEMPOTENCY_KEY"] = key
        send = getattr(client, method)
        if body is None:
            return send(f"/api/v1{path}", **headers)
        return send(f"/api/v1{path}", body, content_type="application/json", **headers)

    return call


REQUEST = {
    "court_code": "京0105",
    "service_code": "contact_judge",
    "description": "请法官回电话，谢谢",
    "name": "钱先生",
    "phone": PHONE,
}


def test_services_of_a_court(api, court):
    response = api("get", f"/courts/{court.code}/services", token=None)
    assert response.status_code == 200
    assert {s["service_code"] for s in response.json()} == {
        "consultation",
        "contact_judge",
        "complaint",
        "petition",
        "suggestion",
    }


def test_filing_a_request_twice_with_one_key_files_it_once(api):
    first = api("post", "/requests", REQUEST, key="abc-1")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["state"] == "received" and body["status"] == "open" and len(body["short_code"]) == 6
    assert body["requested_datetime"].endswith("+08:00")
    again = api("post", "/requests", REQUEST, key="abc-1")
    assert again.status_code == 201 and again.json() == body
    assert WorkOrder.objects.count() == 1
    conflict = api("post", "/requests", {**REQUEST, "description": "另一件事情内容"}, key="abc-1")
    assert conflict.status_code == 409 and conflict.json()["code"] == "conflict"
    assert api("post", "/requests", REQUEST).status_code == 201  # no key: a second request
    assert WorkOrder.objects.count() == 2


def test_a_request_followed_to_the_rating_through_the_api(api, court, make_staff):
    number = api("post", "/requests", REQUEST).json()["service_request_id"]
    order = WorkOrder.objects.get(number=number)
    agent, judge = make_staff(Role.AGENT, username="a1"), make_staff(Role.JUDGE, username="j1")
    handling.dispatch(order, handler=judge, actor=agent)
    got = api("get", f"/requests/{number}").json()
    assert got["state"] == "in_progress" and got["expected_datetime"]
    handling.reply(order, actor=judge, text="已回电")
    closing.resolve(order, actor=agent)
    closing.inform_caller(order, actor=agent, method="phone", text="已告知")
    assert (
        api(
            "post", f"/requests/{number}/rating", {"phone": "13600000000", "satisfaction": "satisfied"}
        ).status_code
        == 403
    )
    rated = api(
        "post",
        f"/requests/{number}/rating",
        {"phone": PHONE, "satisfaction": "unsatisfied", "note": "没解决"},
    )
    assert rated.status_code == 200
    assert rated.json()["state"] == "in_progress" and "reopened" in rated.json()["flags"]
    feed = api("get", "/requests/updates?cursor=0&limit=500").json()
    events = [i["event"] for i in feed["items"] if i["service_request_id"] == number]
    assert events[:3] == ["created", "dispatched", "replied"] and "reopened" in events
    assert api("get", f"/requests/updates?cursor={feed['next_cursor']}").json()["items"] == []


def test_other_courts_are_out_of_reach(api, court):
    other = CourtFactory(code="京0108", name="北京市海淀区人民法院")
    assert api("post", "/requests", {**REQUEST, "court_code": other.code}).status_code == 403
    _c, token = clients.create_client(name="海淀", court=other, scopes=["requests"])
    number = api("post", "/requests", REQUEST).json()["service_request_id"]
    assert api("get", f"/requests/{number}", token=token).status_code == 404
    assert api("get", "/requests/updates", token=token).json()["items"] == []


def test_scopes_and_tokens(api, court):
    _c, sync_only = clients.create_client(name="审判系统", court=court, scopes=["cases:sync"])
    assert api("post", "/requests", REQUEST, token=sync_only).status_code == 401
    assert api("post", "/requests", REQUEST, token=None).status_code == 401
    bad = api("post", "/requests", {**REQUEST, "phone": "010-1234"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_input"


def test_case_query_for_a_verified_party(api, court):
    case = CaseFactory(court=court, number="（2026）京0105民初41号", judge_name="吴法官")
    password = issue_password(PartyFactory(case=case))
    ok = api("post", "/cases/query", {"case_number": "(2026)京0105民初41号", "password": password})
    assert ok.status_code == 200 and ok.json()["judge"] == "吴法官"
    assert ok.json()["fees"] == {"charged": "0.00", "paid": "0.00", "refunded": "0.00"}  # issue 22, item 14
    for _ in range(5):
        assert api("post", "/cases/query", {"case_number": case.number, "password": "1"}).status_code == 403
    locked = api("post", "/cases/query", {"case_number": case.number, "password": password})
    absent = api("post", "/cases/query", {"case_number": "（2026）京0105民初999999号", "password": password})
    # The locked case answers exactly like a case that does not exist (issue 20, item 4: no enumeration).
    assert locked.status_code == absent.status_code == 403 and locked.json() == absent.json()


def test_booking_and_cancelling_an_appointment(api, court):
    filing = DepartmentFactory(court=court, name="立案庭", kind="filing")
    now = dt.datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(now, tick=False):
        [slot] = publish_slots(
            court=court, department=filing, service="filing", days=[dt.date(2026, 11, 24)], times=[dt.time(9)]
        )
        listed = api("get", f"/appointments/slots?court={court.code}&service=filing", token=None).json()
        assert [s["id"] for s in listed] == [slot.pk] and listed[0]["free"] == 1
        booking = {"slot_id": slot.pk, "name": "周女士", "phone": PHONE, "matter": "立案"}
        made = api("post", "/appointments", booking, key="b-1")
        assert made.status_code == 201 and made.json()["slot"]["free"] == 0
        assert api("post", "/appointments", booking, key="b-1").json() == made.json()
        full = api("post", "/appointments", {**booking, "phone": "13600006666"})
        assert full.status_code == 409
        code = made.json()["code"]
        assert api("post", f"/appointments/{code}/cancel", {"phone": "13600006666"}).status_code == 409
        cancelled = api("post", f"/appointments/{code}/cancel", {"phone": PHONE})
        assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_a_rating_that_loses_the_race_is_a_409_not_a_500(api, court, make_staff, monkeypatch):
    """Two raters of one request: the API read the order waiting for a rating, then another channel
    rated it before the API's write. The loser gets the standard 409, never a 500."""
    from court12368.api import requests as api_requests

    number = api("post", "/requests", REQUEST).json()["service_request_id"]
    order = WorkOrder.objects.get(number=number)
    agent, judge = make_staff(Role.AGENT, username="a1"), make_staff(Role.JUDGE, username="j1")
    handling.dispatch(order, handler=judge, actor=agent)
    handling.reply(order, actor=judge, text="已回电")
    closing.resolve(order, actor=agent)
    closing.inform_caller(order, actor=agent, method="phone", text="已告知")
    find = api_requests.queries.find_for_requester

    def the_other_rater_wins_first(number, phone):
        found = find(number, phone)
        closing.rate_by_requester(found, satisfaction="satisfied", channel="sms")
        return found

    monkeypatch.setattr(api_requests.queries, "find_for_requester", the_other_rater_wins_first)
    lost = api("post", f"/requests/{number}/rating", {"phone": PHONE, "satisfaction": "unsatisfied"})
    assert lost.status_code == 409 and lost.json()["code"] == "conflict"
    order.refresh_from_db()
    assert order.state == "closed" and order.satisfaction == "satisfied" and order.reopened == 0
