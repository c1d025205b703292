"""The scale-out path as deploy/ describes it: the commands of the systemd units, run as written (the
migrate unit, the web server with two gunicorn processes, two task workers, two sweepers), against one
PostgreSQL database, while orders come in through the service layer and requests through the API.
Every order lands once, every deadline step is taken once by one sweeper, every SMS goes out once, each
task is run by one worker, and /metrics sums the requests of both web processes."""

import ast
import json
import os
import re
import secrets
import shlex
import subprocess
import sys
import threading
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from court12368 import config
from tests.core.test_shared_cache import redis_answers
from tests.e2e.server import database_for_server, free_port, on_database
from tests.e2e.test_faults import ROOT, spooled, sql

pytestmark = pytest.mark.browser  # with the other tests that start the platform's processes
DEPLOY = ROOT / "deploy"
INSTALLED = "/opt/court12368/venv/bin/court12368"
BACKDATED, REQUESTS = 300, 40
# Staff notices and the callers' receipts (answers) go at any hour, quiet hours or not.
SMS = "WHERE channel = 'sms'"
SCALE_OUT_REDIS = "redis://127.0.0.1:6379/14"


def environment(tmp_path: Path, database_url: str) -> dict:
    """The example EnvironmentFile, with this machine's database, data dir, port and fresh secrets."""
    env = dict(os.environ)
    for line in (DEPLOY / "court12368.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    on_database(env, database_url)
    env.update(
        COURT12368_DATA_DIR=str(tmp_path / "data"), COURT12368_ALLOWED_HOSTS="127.0.0.1",
        COURT12368_PUBLIC_URL="http://127.0.0.1", COURT12368_PORT=str(free_port()),
        COURT12368_WEB_CONCURRENCY="2", COURT12368_SECRET_KEY=secrets.token_urlsafe(32),
        COURT12368_HASH_KEY=secrets.token_urlsafe(32),
        COURT12368_METRICS_TOKEN=secrets.token_urlsafe(16), COURT12368_SMS_TRANSPORT="console",
        COURT12368_SMS_SPOOL=str(tmp_path / "sms.jsonl"), COURT12368_SWEEPER_INTERVAL="1",
        PYTHONPATH=str(ROOT),
    )  # fmt: skip
    # The optional shared cache, as a deployment with several web machines runs it.
    if redis_answers(SCALE_OUT_REDIS):
        env["COURT12368_REDIS_URL"] = SCALE_OUT_REDIS
    return env


def unit_commands(unit: str, env: dict, instance: str = "") -> list[list[str]]:
    """ExecStart lines of a unit as systemd would run them: ${VAR} from the environment, %i the instance,
    the installed command replaced by this checkout's."""
    commands = []
    for line in (DEPLOY / "systemd" / unit).read_text(encoding="utf-8").splitlines():
        if line.startswith("ExecStart="):
            text = re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], line.removeprefix("ExecStart="))
            argv = shlex.split(text.replace("%i", instance))
            assert argv[0] == INSTALLED, unit
            commands.append([sys.executable, "-m", "court12368", *argv[1:]])
    assert commands, f"{unit} has no ExecStart"
    return commands


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def get(url: str, headers: dict | None = None) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return 0, b""


def post_request(base: str, token: str, n: int) -> int:
    fields = {"court_code": "京0105", "service_code": "consultation", "description": f"第{n}个网上咨询请求"}
    body = json.dumps({**fields, "name": "钱先生", "phone": f"136{n:08d}"}).encode()
    request = urllib.request.Request(f"{base}/api/v1/requests", data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json"})  # fmt: skip
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status


def test_two_of_everything_on_one_database_do_nothing_twice(tmp_path):
    if not config.read_secret("DATABASE_URL"):
        pytest.skip("the scale-out path (several processes of each kind on one database) is PostgreSQL's")
    with database_for_server() as url:
        env = environment(tmp_path, url)
        for command in unit_commands("court12368-migrate.service", env):
            subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=300)
        load = [sys.executable, "-m", "tests.e2e.fault_load"]
        subprocess.run([*load, "setup"], env=env, cwd=ROOT, check=True, timeout=300)
        token = subprocess.run([*load, "client"], env=env, cwd=ROOT, check=True, capture_output=True,
                               text=True).stdout.strip().splitlines()[-1]  # fmt: skip
        logs, processes = {}, []

        def start(name, command):
            logs[name] = tmp_path / f"{name}.log"
            processes.append(subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                              stderr=logs[name].open("w")))  # fmt: skip

        [web] = unit_commands("court12368-web.service", env)
        start("web", web)
        for n in ("1", "2"):
            start(f"worker{n}", unit_commands("court12368-worker@.service", env, n)[0])
            start(f"sweeper{n}", unit_commands("court12368-sweeper@.service", env, n)[0])
        base = f"http://127.0.0.1:{env['COURT12368_PORT']}"
        try:
            try:
                wait_for(lambda: get(f"{base}/api/v1/ready")[0] == 200, 90, "the web server to be ready")
            except AssertionError:
                print(logs["web"].read_text(encoding="utf-8")[-3000:])
                raise
            burst = subprocess.Popen([*load, "burst", str(BACKDATED), "--days-ago", "20"], env=env, cwd=ROOT)
            answers = []
            callers = [threading.Thread(target=lambda n=n: answers.append(post_request(base, token, n)))
                       for n in range(REQUESTS)]  # fmt: skip
            for caller in callers:
                caller.start()
            for caller in callers:
                caller.join(60)
            assert burst.wait(300) == 0
            done = ("SELECT (SELECT count(*) FROM workorders_workorder WHERE next_due_at <= now())"
                    " + (SELECT count(*) FROM notifications_notification"
                    f"   {SMS} AND status IN ('queued', 'sending'))")  # fmt: skip
            wait_for(lambda: sql(env, done)[0][0] == 0, 240, "every due step and every SMS to be handled")
            ready = json.loads(get(f"{base}/api/v1/ready")[1])
            status, scraped = get(
                f"{base}/metrics", {"Authorization": f"Bearer {env['COURT12368_METRICS_TOKEN']}"}
            )
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
        orders = sql(env, "SELECT count(*), count(DISTINCT number) FROM workorders_workorder")[0]
        events = sql(env, "SELECT order_id, count(*) FROM workorders_deadlineevent GROUP BY order_id")
        tasks = sql(env, "SELECT status, worker_ids::text FROM django_tasks_database_dbtaskresult")
        notifications = dict(
            sql(
                env,
                f"SELECT id, status FROM notifications_notification {SMS}",
            )
        )
    assert answers == [201] * REQUESTS
    assert orders == (BACKDATED + REQUESTS, BACKDATED + REQUESTS)  # none lost, none doubled
    # Every backdated order went through the same steps, once each, and the steps the sweepers say
    # they took are exactly the events recorded: no step was taken by both.
    assert len(events) == BACKDATED and len({count for _order, count in events}) == 1
    taken = 0
    for name in ("sweeper1", "sweeper2"):
        for line in logs[name].read_text(encoding="utf-8").splitlines():
            if "sweep results:" in line:
                taken += ast.literal_eval(line.split("sweep results:", 1)[1].strip()).get("deadlines", 0)
    assert taken == sum(count for _order, count in events)
    assert ready["sweepers"]["running"] == 2
    assert ready["checks"].get("cache") == ("ok" if "COURT12368_REDIS_URL" in env else None)
    # Each SMS went out once; each task was run by one worker, and both workers ran some.
    sent = spooled(Path(env["COURT12368_SMS_SPOOL"]))
    assert sent and max(sent.values()) == 1
    assert set(Counter(notifications.values())) == {"sent"}
    runners = [json.loads(ids) for status, ids in tasks if status == "SUCCESSFUL"]
    assert runners and all(len(ids) == 1 for ids in runners)
    assert len({ids[0] for ids in runners}) == 2, "both workers took tasks"
    # /metrics sums both gunicorn processes: every API request is counted, whichever process answered.
    assert status == 200
    posted = re.search(rb'court12368_http_requests_total\{method="POST",status="2xx"\} (\S+)', scraped)
    assert posted and float(posted.group(1)) >= REQUESTS
