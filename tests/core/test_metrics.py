"""/metrics for Prometheus (bearer token only) and /api/v1/ready for load balancers."""

import datetime as dt

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from court12368.core import audit, sweeper
from court12368.core.models import SweeperBeat
from court12368.notifications.services import notify_phone
from court12368.workorders.models import WorkOrder
from tests.builders import Court

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = "scrape-me-please"
    return "scrape-me-please"


def scrape(client, token) -> dict:
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_only_the_bearer_token_opens_the_metrics(client, token, court, make_staff):
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    client.force_login(make_staff(role="administrator"))
    assert client.get("/metrics").status_code == 401  # a session is not a scraper
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_the_platforms_state_is_read_at_each_scrape(client, token, court, luoyang):
    c = Court(court)
    order = c.order("contact_judge", "repeat_contact")
    WorkOrder.objects.filter(pk=order.pk).update(light="red")
    notify_phone("13912345678", event="sms.test", body="测试短信", court=court, key="metrics-test")
    audit.record("case.viewed", channel="web")
    sweeper.beat("host-a:101")
    SweeperBeat.objects.filter(name="host-a:101").update(beat_at=timezone.now() - dt.timedelta(seconds=90))
    for _ in range(3):
        client.get("/api/v1/health")
    seen = scrape(client, token)
    assert seen[("court12368_orders_overdue", (("court", "京0105"),))] == 1
    assert seen[("court12368_orders_open", ())] >= 1
    assert seen[("court12368_notifications_last_day", (("status", "queued"),))] >= 1
    assert seen[("court12368_audit_unsealed_entries", ())] >= 1
    assert 89 <= seen[("court12368_sweeper_last_round_age_seconds", (("sweeper", "host-a:101"),))] <= 120
    assert ("court12368_task_queue_depth", (("status", "ready"),)) in seen
    health = ("court12368_http_requests_total", (("method", "GET"), ("status", "2xx")))
    assert seen[health] >= 3
    timed = ("court12368_http_request_duration_seconds_count", (("route", "api-v1:health"),))
    assert seen[timed] >= 3


def test_a_sweepers_rounds_are_noted_and_the_silent_forgotten():
    sweeper.beat("host-a:1")
    sweeper.beat("host-a:1")
    SweeperBeat.objects.create(name="host-b:2", beat_at=timezone.now() - dt.timedelta(days=2))
    sweeper.beat("host-a:1")
    assert list(SweeperBeat.objects.values_list("name", "rounds")) == [("host-a:1", 3)]


def test_ready_when_the_database_migrations_storage_and_static_files_are(client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    sweeper.beat("host-a:1")
    answer = client.get("/api/v1/ready")
    assert answer.status_code == 200
    body = answer.json()
    assert body["status"] == "ready"
    assert body["checks"] == {"database": "ok", "storage": "ok", "static": "ok", "migrations": "ok"}
    assert body["sweepers"]["running"] == 1 and "host-a" not in answer.content.decode()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    settings.MEDIA_ROOT = str(blocked / "media")
    refused = client.get("/api/v1/ready")
    assert refused.status_code == 503 and refused.json()["checks"]["storage"].startswith(
        "data dir not writable"
    )


def test_behind_a_trusted_proxy_the_client_is_the_forwarded_address(client, settings):
    from django.test import override_settings

    from court12368.core.models import AuditEntry

    def failed_login(**headers):
        client.post("/login/", {"username": "nobody", "password": "x"}, **headers)
        return AuditEntry.objects.filter(action="staff.login_failed").latest("id").ip

    forwarded = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}
    assert failed_login(**forwarded) == "127.0.0.1"  # no proxy trusted: the peer is the client
    with override_settings(TRUSTED_PROXIES=["127.0.0.1"]):
        # The nearest untrusted hop; "1.2.3.4" is only what the client claimed.
        assert failed_login(**forwarded) == "203.0.113.9"
        assert failed_login(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="9.9.9.9") == "198.51.100.7"


def test_not_ready_before_the_static_files_are_collected(client, settings, tmp_path):
    """`court12368 web` on a data dir nobody ran collectstatic for answers every page with a 500."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STATIC_ROOT = str(tmp_path / "static")
    manifest = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": manifest}  # as in production
    refused = client.get("/api/v1/ready")
    assert refused.status_code == 503
    assert refused.json()["checks"]["static"].startswith("static files not collected")
