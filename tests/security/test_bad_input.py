"""The bad-input catalogue: hostile and malformed values in every field people type into. Each gets a clear
answer (never a server error), a refused form leaves nothing behind, and what is kept is shown escaped."""

import pytest
from django.urls import reverse

from court12368.cases.models import VerificationAttempt
from court12368.hotline.models import Call
from court12368.workorders.models import WorkOrder

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
