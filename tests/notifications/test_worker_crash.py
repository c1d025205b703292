"""A task worker killed with SIGKILL in the middle of sending, then restarted: nobody gets an SMS twice.

The worker runs as a real ``court12368 worker`` subprocess against the test database; the gateway
is a slow stand-in for Kannel's sendsms that counts what reaches it.
"""

import datetime as dt
import http.server
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from court12368.notifications.models import Notification, Status
from court12368.notifications.services import notify_phone, relay

pytestmark = pytest.mark.django_db(transaction=True)

PHONES = [f"1390000{n:04d}" for n in range(12)]


class SlowGateway(http.server.ThreadingHTTPServer):
    """Answers like Kannel's sendsms, but only after ``delay``: time enough to kill a worker mid-send."""

    daemon_threads = True

    def __init__(self, delay: float):
        self.delay = delay
        self.arrived: list[str] = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/cgi-bin/sendsms"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
        with self.server.lock:
            self.server.arrived.append(query["to"][0])
        time.sleep(self.server.delay)
        self.send_response(202)
        self.end_headers()
        self.wfile.write(b"0: Accepted for delivery")

    def log_message(self, *args):
        pass


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(gateway: SlowGateway) -> subprocess.Popen:
    env = {
        **os.environ,
        "COURT12368_DATABASE_URL": database_url(),
        "COURT12368_SMS_TRANSPORT": "kannel",
        "COURT12368_KANNEL_SENDSMS_URL": gateway.url,
        "COURT12368_KANNEL_PASSWORD": "x",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "court12368", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_until(condition, timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def statuses() -> Counter:
    return Counter(Notification.objects.filter(channel="sms").values_list("status", flat=True))


def test_a_worker_killed_mid_send_and_restarted_sends_nothing_twice(court):
    gateway = SlowGateway(delay=0.8)
    threading.Thread(target=gateway.serve_forever, daemon=True).start()
    for n, phone in enumerate(PHONES):
        notify_phone(
            phone,
            event="result",
            body=f"您反映的事项已办理（{n}）",
            key=f"burst:{n}",
            court=court,
            urgent=True,
        )

    worker = start_worker(gateway)
    try:
        wait_until(lambda: len(gateway.arrived) >= 3, what="three SMS at the gateway")
        os.kill(worker.pid, signal.SIGKILL)  # the third is waiting for the gateway's answer
        worker.wait(10)
        in_flight = Notification.objects.filter(status=Status.SENDING).count()
        assert in_flight == 1

        worker = start_worker(gateway)
        wait_until(
            lambda: statuses()[Status.QUEUED] == 0 and statuses()[Status.SENDING] <= 1, what="the rest sent"
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
        gateway.shutdown()

    # The relay settles the row the dead worker held: failed, outcome unknown, never sent again.
    relay(now=timezone.now() + dt.timedelta(minutes=11))
    relay(now=timezone.now() + dt.timedelta(minutes=12))
    counts = statuses()
    assert counts == {Status.SENT: len(PHONES) - 1, Status.FAILED: 1}
    stuck = Notification.objects.get(status=Status.FAILED)
    assert "not sent again" in stuck.last_error or "不再重发" in stuck.last_error

    reached = Counter(gateway.arrived)
    assert max(reached.values()) == 1, "someone got the same SMS twice"
    assert set(reached) == set(PHONES)  # the one in flight had reached the gateway: it is not lost either
