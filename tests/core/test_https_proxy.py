"""Finding 11 of issue 20: behind the documented nginx the platform still thought every request came over
http: no secure cookies, no HSTS, and the shipped environment file answered a sign-in from the public
host name with a CSRF 403. X-Forwarded-Proto is now believed from the trusted proxy only; served over
https the cookies are secure and HSTS is sent; no page, file or API answer with personal data is cached;
and `manage check --deploy` is clean for deploy/'s configuration."""

import importlib.util
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

import court12368.settings
from court12368.core.middleware import TrustedProxyMiddleware

ROOT = Path(__file__).resolve().parents[2]
HOST = "12368.court.example.cn"
PROXY = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9", "HTTP_X_FORWARDED_PROTO": "https"}
# What the settings derive from the environment about hosts, proxies and https.
DERIVED = ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "TRUSTED_PROXIES", "SECURE_PROXY_SSL_HEADER",
           "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
           "SECURE_HSTS_INCLUDE_SUBDOMAINS", "PUBLIC_URL")  # fmt: skip


def deploy_environment(data_dir: Path) -> dict:
    """deploy/court12368.env.example as systemd reads it, its change-me secrets generated as the
    deployment guide says, with a data dir of the test's own."""
    env = {}
    for line in (ROOT / "deploy" / "court12368.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            env[name.strip()] = secrets.token_urlsafe(48) if value == "change-me" else value
    env["COURT12368_DATA_DIR"] = str(data_dir)
    return env


@pytest.fixture
def deployed(settings, monkeypatch, tmp_path):
    """This process's settings as the env file would make them (the settings module run afresh under it)."""
    for name, value in deploy_environment(tmp_path / "data").items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("deployed_settings", court12368.settings.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in DERIVED:
        setattr(settings, name, getattr(module, name))
    return settings


def sign_in(client: Client, user, password: str, **headers):
    client.get(reverse("login"), HTTP_HOST=HOST, **headers)
    token = client.cookies["csrftoken"].value
    return client.post(
        reverse("login"),
        {"username": user.username, "password": password, "csrfmiddlewaretoken": token},
        HTTP_HOST=HOST, HTTP_ORIGIN=f"https://{HOST}", HTTP_REFERER=f"https://{HOST}/login/", **headers,
    )  # fmt: skip


@pytest.mark.django_db
def test_finding_11_sign_in_through_the_proxy_works_with_secure_cookies_and_hsts(deployed, make_staff):
    staff = make_staff()
    staff.set_password("Qiang-Mima-2026")
    staff.save()
    client = Client(enforce_csrf_checks=True)  # as a browser: the CSRF check is what answered 403
    response = sign_in(client, staff, "Qiang-Mima-2026", **PROXY)
    assert response.status_code == 302, response.status_code
    assert response.cookies[deployed.SESSION_COOKIE_NAME]["secure"] is True
    assert response.cookies[deployed.SESSION_COOKIE_NAME]["httponly"] is True
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    page = client.get(reverse("home"), HTTP_HOST=HOST, **PROXY, follow=True)
    assert page.status_code == 200 and "Strict-Transport-Security" in page


@pytest.mark.django_db
def test_finding_11_x_forwarded_proto_from_an_untrusted_peer_is_ignored(deployed, client):
    direct = {**PROXY, "REMOTE_ADDR": "198.51.100.7"}  # a client reaching the web process itself
    response = client.get(reverse("login"), HTTP_HOST=HOST, **direct)
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response
    request = RequestFactory().get("/", HTTP_HOST=HOST, **direct)
    seen = TrustedProxyMiddleware(lambda r: r)(request)
    assert not seen.is_secure() and "HTTP_X_FORWARDED_PROTO" not in seen.META
    request = RequestFactory().get("/", HTTP_HOST=HOST, **PROXY)
    assert TrustedProxyMiddleware(lambda r: r)(request).is_secure()  # the proxy itself is believed


@pytest.mark.django_db
def test_finding_11_pages_and_api_answers_with_personal_data_are_never_cached(client, court, make_staff):
    client.force_login(make_staff())
    for url in (reverse("console"), reverse("portal-case", args=[court.code]), "/api/v1/me"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "private" in response["Cache-Control"], url


def test_finding_11_check_deploy_is_clean_for_the_deploy_configuration(tmp_path):
    env = {**os.environ, **deploy_environment(tmp_path / "data"), "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-m", "court12368", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
