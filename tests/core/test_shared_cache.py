"""The optional Redis (COURT12368_REDIS_URL): rate limits and sessions shared by every process.

Runs against the Redis at 127.0.0.1:6379 (TEST_REDIS_URL to change); skipped where none answers.
"""

import datetime as dt
import os
import secrets
import socket
from urllib.parse import urlparse

import pytest
import redis
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from court12368.core import audit, throttle
from court12368.courts.models import Role
from tests.portal.test_portal import submit

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_answers(url: str = REDIS_URL) -> bool:
    """Whether a Redis listens at ``url`` (these tests and the scale-out test use it where one does)."""
    where = urlparse(url)
    try:
        socket.create_connection((where.hostname, where.port or 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = [
    pytest.mark.django_db(transaction=True),  # the counts are kept once the request's transaction commits
    pytest.mark.skipif(not redis_answers(), reason=f"no Redis answers at {REDIS_URL} (set TEST_REDIS_URL)"),
]


@pytest.fixture
def shared_cache(settings):
    prefix = f"test-{secrets.token_hex(4)}"
    settings.REDIS_URL = REDIS_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    other_process = redis.Redis.from_url(REDIS_URL)
    yield other_process, prefix
    for key in other_process.scan_iter(f"{prefix}:*"):
        other_process.delete(key)


@pytest.fixture
def court_url(court):
    return f"/portal/c/{court.code}/"


def test_the_portal_limit_is_counted_in_redis_where_every_process_sees_it(client, court_url, shared_cache):
    other_process, prefix = shared_cache
    for _ in range(5):
        assert submit(client, court_url).status_code == 200
    refused = submit(client, court_url)
    assert refused.status_code == 400 and "提交过于频繁" in refused.content.decode()
    counted = [int(other_process.get(key)) for key in other_process.scan_iter(f"{prefix}:*throttle:*")]
    assert sum(counted) == 5
    with CaptureQueriesContext(connection) as queries:
        assert throttle.too_many("request_submitted", ip="127.0.0.1", limit=5)
    assert len(queries) == 0  # the check reads Redis, not the audit log
    assert not throttle.too_many("request_submitted", ip="127.0.0.2", limit=5)


def test_the_window_forgets_what_is_more_than_a_window_and_a_bucket_old(client, court_url, shared_cache):
    with time_machine.travel(dt.datetime(2026, 12, 7, 9, 5, tzinfo=dt.UTC), tick=False):
        for _ in range(5):
            assert submit(client, court_url).status_code == 200
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 5, tzinfo=dt.UTC), tick=False):
        assert throttle.too_many("request_submitted", ip="127.0.0.1", limit=5)  # still within the window
    with time_machine.travel(dt.datetime(2026, 12, 7, 10, 15, tzinfo=dt.UTC), tick=False):
        assert not throttle.too_many("request_submitted", ip="127.0.0.1", limit=5)
        assert submit(client, court_url).status_code == 200


def test_a_rolled_back_action_is_not_counted(shared_cache):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record("request_submitted", channel="web", ip="10.1.2.3")
        raise RuntimeError("the request failed after the audit entry")
    assert not throttle.too_many("request_submitted", ip="10.1.2.3", limit=1)
    audit.record("request_submitted", channel="web", ip="10.1.2.3")
    assert throttle.too_many("request_submitted", ip="10.1.2.3", limit=1)


def test_signed_in_pages_read_the_session_from_redis_not_the_database(client, make_staff, shared_cache):
    agent = make_staff(Role.AGENT, username="agent.redis")
    client.force_login(agent)
    assert client.get("/console/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/console/").status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"]]
    other_process, prefix = shared_cache
    assert any(b"django.contrib.sessions" in key for key in other_process.scan_iter(f"{prefix}:*"))


def test_an_action_without_a_declared_limit_is_refused(db):
    with pytest.raises(ValueError, match="not counted"):
        throttle.too_many("view_case", ip="127.0.0.1", limit=3)


def test_readiness_names_redis_when_it_is_configured_and_fails_without_it(client, settings, shared_cache):
    answer = client.get("/api/v1/ready").json()
    assert answer["checks"]["cache"] == "ok"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    refused = client.get("/api/v1/ready")
    assert refused.status_code == 503 and refused.json()["checks"]["cache"].startswith("Redis unreachable")
