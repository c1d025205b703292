"""PostgreSQL restarts in the middle of a burst of orders. The task worker and the sweeper ride it out
(they reconnect, they do not exit), the callers' retries land each order once, and every SMS goes out once.

The database is a private PostgreSQL cluster the test starts (initdb) and restarts, so the suite's own
database is never touched."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pytest

from court12368 import config
from tests.e2e.server import on_database
from tests.e2e.test_faults import ROOT, WAITING, spooled, start

pytestmark = pytest.mark.browser
BIN = Path("/usr/lib/postgresql/15/bin")
ORDERS = 80
SMS_STATUSES = "SELECT status FROM notifications_notification WHERE channel = 'sms'"
ORDER_COUNT = "SELECT count(*), count(DISTINCT summary) FROM workorders_workorder"


def pg_ctl(data: Path, *args, port: int):
    options = f"-p {port} -k {data.parent} -c listen_addresses=127.0.0.1"
    command = [
        str(BIN / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(data.parent / "log"),
        "-o",
        options,
        "-w",
        *args,
    ]
    subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True, timeout=60)


@pytest.fixture
def private_cluster():
    if not config.read_secret("DATABASE_URL"):
        pytest.skip("runs on the PostgreSQL leg")
    if not (BIN / "initdb").exists() or os.geteuid() != 0 or not shutil.which("runuser"):
        pytest.skip("needs PostgreSQL 15's server binaries and root (to run them as postgres)")
    home = Path(tempfile.mkdtemp(prefix="c12368-pg-"))  # the postgres user cannot enter pytest's tmp dirs
    shutil.chown(home, "postgres")
    data = home / "data"
    subprocess.run(
        ["runuser", "-u", "postgres", "--", str(BIN / "initdb"), "-D", str(data), "-A", "trust",
         "-U", "postgres"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    pg_ctl(data, "start", port=port)
    yield data, port
    pg_ctl(data, "stop", "-m", "immediate", port=port)
    shutil.rmtree(home, ignore_errors=True)


def test_a_postgresql_restart_mid_burst_loses_and_doubles_nothing(private_cluster, tmp_path):
    data, port = private_cluster
    spool = tmp_path / "sms.jsonl"
    env = {
        **os.environ, "COURT12368_DATA_DIR": str(tmp_path / "data"), "COURT12368_SMS_TRANSPORT": "console",
        "COURT12368_SMS_SPOOL": str(spool), "COURT12368_SMS_STUCK_AFTER": "3",
        "COURT12368_SMS_REENQUEUE_AFTER": "3", "PYTHONPATH": str(ROOT),
    }  # fmt: skip
    on_database(env, f"postgres://postgres@127.0.0.1:{port}/postgres")
    subprocess.run([sys.executable, "-m", "tests.e2e.fault_load", "setup"], env=env, cwd=ROOT, check=True)
    workers = [start(env, "worker", "--interval", "0.1"), start(env, "sweeper", "--interval", "1")]
    load = subprocess.Popen([sys.executable, "-m", "tests.e2e.fault_load", "burst", str(ORDERS), "--retry"],
                            env=env, cwd=ROOT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while sum(spooled(spool).values()) < 10 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert load.poll() is None, "the restart comes in the middle of the burst"
        pg_ctl(data, "restart", "-m", "fast", port=port)  # every connection is cut
        assert load.wait(180) == 0
        import psycopg

        deadline = time.monotonic() + 120
        with psycopg.connect(env["COURT12368_DATABASE_URL"], autocommit=True) as conn:
            while conn.execute(WAITING).fetchone()[0] and time.monotonic() < deadline:
                time.sleep(0.5)
            orders = conn.execute(ORDER_COUNT).fetchone()
            statuses = Counter(s for (s,) in conn.execute(SMS_STATUSES))
        alive = [process.poll() is None for process in workers]
    finally:
        for process in [*workers, load]:
            if process.poll() is None:
                process.kill()
                process.wait()
    assert alive == [True, True], "the worker and the sweeper outlive a database restart"
    assert orders == (ORDERS, ORDERS)
    times = spooled(spool)
    assert max(times.values()) == 1  # nothing sent twice
    total = sum(statuses.values())
    # Per order: the judge's and the head's dispatch notices and the caller's two texts (test_faults.py).
    assert total == 4 * ORDERS and statuses["sent"] >= total - 2, statuses
