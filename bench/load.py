"""Issue 12's mixed load over HTTP against the production server, with locust as the load generator.

Run by hand, never in CI (needs the bench extra: .venv/bin/pip install -e ".[bench]"):

    .venv/bin/python bench/load.py --data-dir /tmp/c12368-load --cases 1000000 --rate 30 --duration 120
    COURT12368_DATABASE_URL=postgres://postgres@127.0.0.1:5432/c12368_load .venv/bin/python bench/load.py ...

It prepares a court with 1,000,000 (or --cases) cases through bench/cases.py's generator (kept for
--reuse), a seat agent and an API client; starts `court12368 web` (gunicorn, --workers processes of
--threads threads), one task worker and one sweeper, as a production machine runs them; then runs locust
headless (bench/locustfile.py: 70 % case queries, 20 % order intake, 10 % pages) at --rate requests a
second and prints each kind's count, failures, p50, p95, p99 and the rate achieved, and the server's CPU
per request: the web, worker and sweeper processes with their children, and PostgreSQL's (bench/cpu.py,
from /proc before and after the measured run). The generator runs on CPU 0 and the platform on the others
(taskset; --no-pin to share them); --no-sweeper leaves the sweeper out, to compare.
"""

import argparse
import csv
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import cpu  # noqa: E402 (bench/cpu.py, beside this script)

AGENT, AGENT_PASSWORD = "bench_agent", "Bench-12368-agent"  # the password is never typed: a session is made


def line_court(court):
    """The filing department's head and every other department, the rules, a seat agent: what the
    intake needs (once per court)."""
    from court12368.courts.models import DepartmentKind, Role, Staff
    from court12368.courts.services import create_staff
    from court12368.demo.factories import DepartmentFactory, ServiceHoursFactory
    from court12368.workorders.lifecycle import policy as orders

    if Staff.objects.filter(username=AGENT).exists():
        return Staff.objects.get(username=AGENT)
    ServiceHoursFactory(court=court)
    for kind in DepartmentKind:
        department = DepartmentFactory(court=court, kind=kind, name=str(kind.label))
        create_staff(username=f"head_{kind}", role=Role.DEPARTMENT_HEAD, court=court,
                     department=department, password=AGENT_PASSWORD, mobile="13900001111")  # fmt: skip
    orders.seed_routing_rules(court)
    orders.apply_preset(court, "luoyang")
    return create_staff(username=AGENT, role=Role.AGENT, court=court, password=AGENT_PASSWORD)


def prepare(cases: int, reuse: bool) -> tuple[str, str]:
    """The court, its staff and rules, the cases; returns an API token and a session. In this process."""
    sys.argv = [sys.argv[0]]  # bench/cases.py parses no arguments on import, but be safe
    sys.path.insert(0, str(HERE))
    import cases as generator  # noqa: PLC0415  (sets Django up)
    from django.core.management import call_command

    from court12368.api.services import create_client
    from court12368.cases.models import Case
    from court12368.courts.models import Court
    from court12368.demo.factories import CourtFactory

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as the migrate unit does
    court = Court.objects.filter(code="豫0302").first()
    if not (reuse and court and Case.objects.filter(court=court).count() >= cases):
        Case.objects.all().delete()
        court = court or CourtFactory(code="豫0302", name="洛阳市老城区人民法院")
        generator.generate(court, cases)
    agent = line_court(court)
    _client, token = create_client(name="负载测试", court=court, scopes=["cases:query", "requests"])
    return token, _session_of(agent)


def _session_of(agent) -> str:
    """A signed-in session for the simulated agents, made here: hashing a password per simulated user
    would put 30 slow PBKDF2 sign-ins into the measured minute."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(agent.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = agent.get_session_auth_hash()
    session.create()
    return session.session_key


def wait_ready(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/v1/ready", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("the web server did not become ready")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default="/tmp/c12368-load")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep the cases of an earlier run")
    parser.add_argument("--rate", type=int, default=30, help="requests a second (locust users at 1/s each)")
    parser.add_argument("--duration", type=int, default=120, help="seconds of measured load")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--warmup", type=int, default=20, help="seconds of the same load before measuring")
    parser.add_argument("--no-sweeper", action="store_true", help="run without the sweeper (to compare)")
    parser.add_argument(
        "--no-pin",
        action="store_true",
        help="do not pin the load generator to CPU 0 and the platform to the others (taskset)",
    )
    args = parser.parse_args()
    os.environ["COURT12368_DATA_DIR"] = args.data_dir
    os.environ.setdefault("COURT12368_SMS_TRANSPORT", "console")
    os.environ.setdefault("COURT12368_SMS_SPOOL", str(Path(args.data_dir) / "sms.jsonl"))
    os.environ.setdefault("COURT12368_LOG_LEVEL", "WARNING")
    token, session = prepare(args.cases, args.reuse)

    from django.db import connection

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, cases: {args.cases}")
    connection.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    pin = not args.no_pin and (os.cpu_count() or 1) > 1 and shutil.which("taskset")
    platform_cpus = f"1-{os.cpu_count() - 1}" if pin else ""
    me = [*(["taskset", "-c", platform_cpus] if pin else []), sys.executable, "-m", "court12368"]
    base = f"http://127.0.0.1:{args.port}"
    servers = [
        subprocess.Popen([*me, "web", "--port", str(args.port), "--workers", str(args.workers),
                          "--threads", str(args.threads)], env=env, stdout=subprocess.DEVNULL),
        subprocess.Popen([*me, "worker"], env=env),
    ]  # fmt: skip
    if not args.no_sweeper:
        servers.append(subprocess.Popen([*me, "sweeper"], env=env))
    print(f"generator on CPU 0, platform on CPUs {platform_cpus}" if pin else "not pinned")
    prefix = Path(args.data_dir) / f"locust-{secrets.token_hex(3)}"
    try:
        wait_ready(base)
        locust_env = {**env, "BENCH_CASES": str(args.cases), "BENCH_COURT": "豫0302", "BENCH_TOKEN": token,
                      "BENCH_SESSION": session}  # fmt: skip
        locust = [*(["taskset", "-c", "0"] if pin else []), sys.executable, "-m", "locust", "-f",
                  str(HERE / "locustfile.py"), "--headless"]  # fmt: skip
        if args.warmup:  # each web process's first requests import and compile what later ones reuse
            subprocess.run(
                [*locust, "--only-summary", "-u", str(args.rate), "-r", str(args.rate), "-t",
                 f"{args.warmup}s", "--host", base, "--loglevel", "ERROR"],
                env=locust_env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        before = cpu.tree_seconds([server.pid for server in servers])
        subprocess.run(
            [*locust, "--only-summary", "-u", str(args.rate), "-r", str(args.rate), "-t", f"{args.duration}s",
             "--host", base, "--csv", str(prefix), "--loglevel", "WARNING"],
            env=locust_env, check=False,
        )  # fmt: skip
        after = cpu.tree_seconds([server.pid for server in servers])
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(30)
    print(f"\n{'request':<14}{'count':>8}{'fail':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'req/s':>8}")
    total = 0
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            rate = float(row["Requests/s"])
            print(f"{row['Name'] or 'all':<14}{row['Request Count']:>8}{row['Failure Count']:>6}"
                  f"{row['50%']:>9}{row['95%']:>9}{row['99%']:>9}{rate:>8.1f}")  # fmt: skip
            if row["Name"] == "Aggregated":
                total = int(row["Request Count"])
    used = {part: after[part] - before[part] for part in after}
    per = {part: 1000 * seconds / max(total, 1) for part, seconds in used.items()}
    print(
        f"\nserver CPU over {args.duration} s: platform {used['platform']:.1f} s "
        f"({used['platform'] / args.duration:.2f} cores), database {used['database']:.1f} s; "
        f"per request: platform {per['platform']:.1f} ms, database {per['database']:.1f} ms, "
        f"together {per['platform'] + per['database']:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
