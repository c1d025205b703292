"""What a person sees when something goes wrong: a page in Chinese with the way back (their workspace,
the page they came from, the hotline), never Django's bare English "403 Forbidden" or "Server Error";
the API keeps its JSON error shape."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import path, reverse

from court12368 import urls as site_urls
from court12368.core import errors
from court12368.courts.models import Role


def _boom(request):
    raise RuntimeError("a bug")


def _forbidden(request):
    raise PermissionDenied("an internal reason the user must not see")


# The test-only URLconf of the tests marked @pytest.mark.urls(__name__): the site plus views that fail.
urlpatterns = [
    path("test-boom/", _boom),
    path("test-forbidden/", _forbidden),
    path("api/v1/test-boom", _boom),
    path("api/v1/test-forbidden", _forbidden),
    *site_urls.urlpatterns,
]
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _shaped(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"code", "message", "details"} and body["code"] == code
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["console", "ledger"])
def test_a_judge_refused_a_page_gets_a_chinese_page_with_the_way_back(client, make_staff, name):
    client.force_login(make_staff(role=Role.JUDGE))
    came_from = "http://testserver" + reverse("order-inbox")
    page = client.get(reverse(name), HTTP_REFERER=came_from, **ZH)
    assert page.status_code == 403
    html = page.content.decode()
    assert "无权查看此页面" in html and "Forbidden" not in html
    assert 'data-testid="error-403"' in html
    assert f'href="{reverse("home")}" data-testid="home-link">返回工作台' in html
    assert f'href="{came_from}" data-testid="back-link">返回上一页' in html
    assert "请拨打诉讼服务热线" in html and 'href="tel:' in html
    assert 'class="mainnav"' in html  # the site's own frame: the navigation is there too


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_exception_s_own_text_is_not_shown_and_no_foreign_back_link(client, make_staff):
    client.force_login(make_staff(role=Role.JUDGE))
    page = client.get("/test-forbidden/", HTTP_REFERER="https://evil.example/", **ZH)
    html = page.content.decode()
    assert page.status_code == 403 and "无权查看此页面" in html
    assert "internal reason" not in html and "evil.example" not in html and "back-link" not in html


@pytest.mark.django_db
def test_an_unknown_address_gets_a_chinese_404(client, make_staff):
    client.force_login(make_staff(role=Role.AGENT))
    page = client.get("/no-such-page/", **ZH)
    html = page.content.decode()
    assert page.status_code == 404 and "页面不存在" in html and "网址可能有误" in html
    assert 'data-testid="home-link">返回工作台' in html and "请拨打诉讼服务热线" in html


@pytest.mark.django_db
def test_a_visitor_s_404_leads_to_the_portal(client):
    page = client.get("/portal/no-such-page/", **ZH)
    html = page.content.decode()
    assert page.status_code == 404 and "页面不存在" in html
    assert f'href="{reverse("portal")}" data-testid="home-link">' in html
    assert "12368" in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_bug_gets_a_plain_chinese_500_page(make_staff):
    client = Client(raise_request_exception=False)
    client.force_login(make_staff(role=Role.AGENT))
    page = client.get("/test-boom/", HTTP_REFERER="http://testserver/orders/", **ZH)
    html = page.content.decode()
    assert page.status_code == 500 and page["Content-Type"].startswith("text/html")
    assert "服务器出错" in html and "请稍后再试" in html and "Server Error" not in html
    assert 'data-testid="home-link"' in html and 'href="http://testserver/orders/"' in html
    assert 'href="tel:12368"' in html


def test_the_500_page_renders_without_the_database_or_the_request():
    from django.template import loader

    html = loader.get_template("500.html").render({"message": "x"})  # no request, no DB: pytest blocks it
    assert "服务器出错" in html and "<style>" in html


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_api_keeps_its_error_shape(client, make_staff):
    _shaped(client.get("/api/v1/test-forbidden", **ZH), 403, "forbidden")
    _shaped(client.get("/api/v1/no-such-route", **ZH), 404, "not_found")
    body = _shaped(Client(raise_request_exception=False).get("/api/v1/test-boom", **ZH), 500, "server_error")
    assert "请稍后再试" in body["message"]


@pytest.mark.django_db
def test_an_expired_form_gets_a_chinese_page_and_the_api_its_shape(make_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_staff(role=Role.AGENT))
    page = client.post(reverse("logout"), **ZH)
    html = page.content.decode()
    assert page.status_code == 403 and "表单已过期" in html and "CSRF verification" not in html
    assert 'data-testid="home-link">返回工作台' in html
    request = RequestFactory().post("/api/v1/cases/query")
    body = _shaped(errors.csrf_failure(request, reason="CSRF cookie not set."), 403, "forbidden")
    assert "CSRF" not in body["message"]
