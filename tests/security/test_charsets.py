"""Finding 12 of issue 20: a form posted with a character set other than UTF-8 ended in an empty 500
(Django refuses such a form, and its own error pages read the body again). A character set Python knows
is now decoded as declared; an unknown one, or bytes not valid in the declared one, get a 400 in Chinese
(the API's error shape under /api/). Never a 500."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from court12368.hotline.models import Call
from court12368.portal.challenge import SESSION_KEY
from court12368.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def encoded(fields: dict, charset: str) -> bytes:
    """A form body as a browser sends it when the page asks for ``charset``: percent-encoded bytes."""
    return "&".join(f"{k}={quote(v.encode(charset))}" for k, v in fields.items()).encode("ascii")


def post(client, url, body: bytes, content_type: str):
    return client.generic("POST", url, body, content_type=content_type)  # the bytes as they are


def assert_refused_in_chinese(response, api: bool = False):
    assert response.status_code == 400
    message = response.json()["message"] if api else response.content.decode()
    assert CHINESE.search(message), message  # a sentence, not a page that happens to hold Chinese
    assert response["Content-Type"].startswith("application/json" if api else "text/plain")
    if api:
        assert set(response.json()) == {"code", "message", "details"}


def test_finding_12_a_gb18030_portal_request_arrives_decoded(client, court):
    url = reverse("portal-submit", args=[court.code])
    client.get(url)  # the check question, its answer in the session
    answer = str(client.session[SESSION_KEY]["answer"])
    fields = {"kind": "consultation", "name": "张三", "phone": "13912345678",
              "content": "询问立案需要哪些材料", "challenge": answer}  # fmt: skip
    response = post(client, url, encoded(fields, "gb18030"), f"{FORM}; charset=gb18030")
    assert response.status_code == 200, response.content[:300]
    call = Call.objects.latest("pk")  # the web channel's request is a call with its order
    assert (call.caller_name, call.content) == ("张三", "询问立案需要哪些材料")


def test_finding_12_a_gb18030_console_call_arrives_decoded(client, make_staff):
    client.force_login(make_staff())  # an agent
    fields = {"caller_number": "13912345678", "channel": "phone", "kind": "consultation",
              "content": "询问立案材料", "answer": "带起诉状和身份证", "on_the_spot": "on"}  # fmt: skip
    raw = "&".join(f"{k}={v}" for k, v in fields.items()).encode("gb18030")  # unescaped bytes, as some send
    for body in (encoded(fields, "gb18030"), raw):
        calls = Call.objects.count()
        response = post(client, reverse("console"), body, f"{FORM}; charset=GB18030")
        assert response.status_code == 302, response.content[:300]
        assert Call.objects.count() == calls + 1
        call = Call.objects.latest("pk")
        assert (call.content, call.answer) == ("询问立案材料", "带起诉状和身份证")


def test_finding_12_gb18030_json_to_the_api_arrives_decoded(client, court):
    url = "/api/v1/tools/classify"
    text = '{"text": "我想查询我的案件进度，承办法官是谁"}'
    utf8 = client.generic("POST", url, text.encode(), content_type="application/json")
    gb = post(client, url, text.encode("gb18030"), "application/json; charset=gb18030")
    assert utf8.status_code == gb.status_code == 200
    assert gb.json() == utf8.json()
    # A form where the API takes JSON: a clear 400 in the error shape, in Chinese, not "Cannot parse".
    form = post(client, url, encoded({"text": "查询案件"}, "gb18030"), f"{FORM}; charset=gb18030")
    assert_refused_in_chinese(form, api=True)


@pytest.mark.parametrize(
    ("charset", "body"),
    [
        ("x-nonsense", "content=询问立案材料".encode("gb18030")),  # a character set Python does not know
        ("gb18030", b"content=%81%20%FF"),  # bytes that are no GB18030
        ("utf-8", b"content=%D1%AF%CE%CA"),  # GB18030 bytes declared as UTF-8
        ("gb18030", b"content=\x80\x80"),
    ],
    ids=["unknown-charset", "invalid-gb18030", "gb18030-as-utf-8", "truncated-gb18030"],
)
def test_finding_12_unknown_or_invalid_charsets_get_a_400_in_chinese(client, make_staff, charset, body):
    agent = make_staff()
    calls, orders = Call.objects.count(), WorkOrder.objects.count()
    content_type = f"{FORM}; charset={charset}"
    assert_refused_in_chinese(
        post(client, reverse("portal-submit", args=[agent.court.code]), body, content_type)
    )
    assert_refused_in_chinese(post(client, "/api/v1/tools/classify", body, content_type), api=True)
    json_type = f"application/json; charset={charset}"
    if charset == "x-nonsense":
        assert_refused_in_chinese(
            post(client, "/api/v1/tools/classify", b'{"text": "x"}', json_type), api=True
        )
    client.force_login(agent)
    assert_refused_in_chinese(post(client, reverse("console"), body, content_type))
    assert (Call.objects.count(), WorkOrder.objects.count()) == (calls, orders)  # nothing half-written
