"""The bad-input catalogue: hostile and malformed values in every field people type into. Each gets a clear
answer (never a server error), a refused form leaves nothing behind, and what is kept is shown escaped."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from court12368.api import services as clients
from court12368.appointments import services as appointments
from court12368.appointments.models import Booking
from court12368.cases.models import VerificationAttempt
from court12368.core import text
from court12368.hotline.models import Call
from court12368.sms import inbound
from court12368.workorders.models import OrderEntry, WorkOrder

pytestmark = pytest.mark.django_db
HOSTILE = [
    "' OR '1'='1",
    "1; DROP TABLE cases_case;--",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "{{7*7}}${jndi:ldap://x}",
    "\u202e\u200b\ufeff",
    "😀" * 40,
    "A" * 100_000,
    "（２０２６）京０１０５民初１号",
    "(9999)京0105民初99999999999999999999号",
    "-1",
    "null",
]


def test_the_console_call_form(client, world):
    c, people, _objects = world
    client.force_login(people["agent"])
    calls, orders = Call.objects.count(), WorkOrder.objects.count()
    for value in HOSTILE:
        for field in ("caller_number", "case_number", "caller_name"):
            data = {"caller_number": "13912345678", "channel": "phone", "kind": "consultation",
                    "content": "询问立案材料", "answer": "带起诉状", "on_the_spot": "on",
                    field: value}  # fmt: skip
            response = client.post(reverse("console"), data)
            assert response.status_code in (200, 302, 400), (field, value[:40], response.status_code)
            if response.status_code != 302:
                assert Call.objects.count() == calls and WorkOrder.objects.count() == orders, (
                    field,
                    value[:40],
                )
            calls, orders = Call.objects.count(), WorkOrder.objects.count()


def test_what_the_console_keeps_is_shown_escaped(client, world):
    c, people, _objects = world
    client.force_login(people["agent"])
    data = {"caller_number": "13912345678", "channel": "phone", "kind": "consultation",
            "content": "<script>alert(1)</script>", "answer": "<img src=x onerror=alert(2)>",
            "on_the_spot": "on"}  # fmt: skip
    assert client.post(reverse("console"), data).status_code == 302
    order = WorkOrder.objects.latest("pk")
    page = client.get(reverse("order-detail", args=[order.number])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_the_portal_case_query(client, world):
    c, _people, _objects = world
    url = reverse("portal-case", args=[c.court.code])
    for value in HOSTILE:
        for field in ("case_number", "password"):
            data = {"method": "case_and_password", "case_number": c.case.number, "password": "1234567890",
                    "agree": "on", field: value}  # fmt: skip
            response = client.post(url, data)
            assert response.status_code in (200, 400, 403, 429), (field, value[:40], response.status_code)
            assert 'data-testid="case-view"' not in response.content.decode()
    assert not VerificationAttempt.objects.filter(success=True).exists()


def test_the_portal_request_form(client, world):
    c, _people, _objects = world
    url = reverse("portal-submit", args=[c.court.code])
    orders = WorkOrder.objects.count()
    for value in HOSTILE:
        for field in ("name", "phone", "case_number", "content"):
            data = {"kind": "consultation", "name": "张三", "phone": "13912345678", "content": "询问",
                    "challenge": "0000", field: value}  # fmt: skip
            response = client.post(url, data)
            assert response.status_code in (200, 400, 429), (field, value[:40], response.status_code)
    assert WorkOrder.objects.count() == orders  # every one refused (the check question, at least)


def test_bodies_in_the_wrong_encoding_or_type_get_a_clear_answer(client, world):
    c, people, _objects = world
    url = reverse("portal-case", args=[c.court.code])
    gbk = "case_number=（2026）京0105民初1号&password=123".encode("gb18030")
    response = client.post(url, gbk, content_type="application/x-www-form-urlencoded; charset=utf-8")
    assert response.status_code in (200, 400)
    api = "/api/v1/tools/fees"
    for body, content_type in (
        (b"not json", "application/json"),
        (b'{"kind": "property", "amount": "1e999999"}', "application/json"),
        (b'{"kind": "property", "amount": -5}', "application/json"),
        (b"kind=property&amount=100", "text/plain"),
        ('{"kind": "property", "amount": "100"}'.encode("utf-16"), "application/json"),
    ):
        response = client.post(api, body, content_type=content_type)
        assert 400 <= response.status_code < 500, (body[:30], response.status_code)
        assert {"code", "message"} <= set(response.json())  # the API's one error shape
    for start in ("9999-12-31", "0001-01-01", "2026-02-30", "yesterday"):
        body = {"kind": "civil_judgment_appeal", "start": start}
        response = client.post("/api/v1/tools/deadline", body, content_type="application/json")
        assert response.status_code < 500, (start, response.status_code)
    client.force_login(people["agent"])  # the same calculators on the staff page and the portal
    for url in (reverse("calculators"), reverse("portal-calculators")):
        page = client.get(url, {"kind": "civil_judgment_appeal", "start": "9999-12-31", "amount": "1e999999"})
        assert page.status_code in (200, 400), url


# Issue 20 finding 14: right-to-left overrides, isolates, zero-width characters, byte-order marks, line
# separators and control characters were stored and shown as they came.
HIDDEN = (
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # embeddings, overrides, isolates
    "\u200b\u200c\u200d\u200e\u200f\ufeff"  # zero-width characters, direction marks, byte-order mark
    "\x07\x1b\x7f\x85"  # C0 and C1 controls
)


def hide(text: str) -> str:
    """``text`` with every hidden character between its first and second character."""
    return text[0] + HIDDEN + text[1:]


def assert_clean(*values: str) -> None:
    for value in values:
        assert not set(value) & set(HIDDEN + "\u2028\u2029\r"), repr(value)


def test_clean_drops_what_nobody_sees_and_keeps_the_rest():
    assert text.clean(hide("张三") + "\u2028第二行\r\n第三行\t完") == "张三\n第二行\n第三行\t完"
    assert text.clean("😀 <b>（２０２６）</b>") == "😀 <b>（２０２６）</b>"  # visible text is not changed


def test_invisible_characters_are_stripped_from_the_console_and_order_replies(client, world):
    c, people, objects = world
    client.force_login(people["agent"])
    data = {"caller_number": hide("13912345678"), "channel": "phone", "kind": "consultation",
            "caller_name": hide("王先生"), "content": hide("询问立案材料"), "answer": hide("带起诉状"),
            "on_the_spot": "on"}  # fmt: skip
    assert client.post(reverse("console"), data).status_code == 302
    call = Call.objects.latest("pk")
    assert (call.caller_name, call.caller_number, call.content, call.answer) == (
        "王先生", "13912345678", "询问立案材料", "带起诉状",
    )  # fmt: skip
    assert_clean(call.work_order.summary, call.work_order.caller_name)
    client.force_login(people["judge_a"])
    client.post(reverse("order-reply", args=[objects["number"]]), {"text": hide("已电话联系当事人")})
    assert (
        OrderEntry.objects.get(order__number=objects["number"], action="replied").text == "已电话联系当事人"
    )


def test_invisible_characters_are_stripped_from_the_portal_forms(client, world):
    c, _people, _objects = world
    url = reverse("portal-submit", args=[c.court.code])
    client.get(url)
    answer = str(client.session["portal_challenge"]["answer"])
    data = {"kind": "consultation", "name": hide("张三"), "phone": hide("13912345678"),
            "content": hide("请问怎么立案"), "challenge": answer}  # fmt: skip
    assert client.post(url, data).status_code == 200
    order = WorkOrder.objects.latest("pk")
    assert order.caller_name == "张三" and order.caller_phone == "13912345678"
    assert_clean(order.summary)
    slot = _slot(c)
    url = reverse("portal-appointments", args=[c.court.code])
    client.get(url)
    answer = str(client.session["portal_challenge"]["answer"])
    data = {"service": "filing", "slot": slot.pk, "name": hide("刘女士"), "phone": "13600003333",
            "matter": hide("咨询立案"), "challenge": answer}  # fmt: skip
    assert client.post(url, data).status_code == 200
    booking = Booking.objects.get()
    assert (booking.name, booking.matter) == ("刘女士", "咨询立案")


def test_invisible_characters_are_stripped_from_api_bodies(client, world):
    c, _people, _objects = world
    _made, token = clients.create_client(name="app", court=c.court, scopes=["requests", "appointments"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    body = {"court_code": c.court.code, "service_code": "consultation", "description": hide("请问怎么立案"),
            "name": hide("钱女士"), "phone": hide("13912345670")}  # fmt: skip
    made = client.post("/api/v1/requests", body, content_type="application/json", **headers)
    assert made.status_code == 201, made.content
    order = WorkOrder.objects.get(number=made.json()["service_request_id"])
    assert order.caller_name == "钱女士" and order.caller_phone == "13912345670"
    assert_clean(order.summary)
    only_hidden = {**body, "name": HIDDEN}
    refused = client.post("/api/v1/requests", only_hidden, content_type="application/json", **headers)
    assert refused.status_code == 422  # a name of nothing visible is no name
    body = {"slot_id": _slot(c).pk, "name": hide("周先生"), "phone": "13600005555", "matter": hide("立案")}
    assert (
        client.post("/api/v1/appointments", body, content_type="application/json", **headers).status_code
        == 201
    )
    booking = Booking.objects.get()
    assert (booking.name, booking.matter) == ("周先生", "立案")


def test_invisible_characters_are_stripped_from_incoming_sms(world):
    c, _people, _objects = world
    message = inbound.receive(
        gateway_id="hidden-1", phone="13912345678", to_number="", text=hide("你好，请回电")
    )
    assert message.text == "你好，请回电"


def _slot(c):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    [slot] = appointments.publish_slots(
        court=c.court, department=c.judge.department, service="filing", days=[tomorrow], times=[dt.time(23)]
    )
    return slot
