"""Sweep time against the number of open orders: it must grow with what is due, not what is open.

Run by hand (never in CI), on SQLite (a throw-away data dir) or PostgreSQL (COURT12368_DATABASE_URL):

    .venv/bin/python bench/sweep.py --open 1000000 --due 1000
    COURT12368_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python bench/sweep.py --open 1000000

Orders are generated with bulk SQL (COPY on PostgreSQL), not through the services: the subject
here is the sweep. Each measured sweep handles freshly inserted due orders (overdue replies whose
escalation ladder then fires once: reply + escalation 1 = 2 steps per order).
"""

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from zoneinfo import ZoneInfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")
# A throw-away data dir on either database: its secrets and files never land beside the bench.
os.environ.setdefault("COURT12368_DATA_DIR", tempfile.mkdtemp(prefix="c12368-bench-"))

import django  # noqa: E402

django.setup()

from bulk import copy_rows  # noqa: E402  (bench/ is the script's directory)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from court12368.courts.models import Role  # noqa: E402
from court12368.demo.factories import CourtFactory, DepartmentFactory, StaffFactory  # noqa: E402
from court12368.workorders.lifecycle import policy as services  # noqa: E402
from court12368.workorders.models import WorkOrder  # noqa: E402
from court12368.workorders.sweeps import sweep_deadlines  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 6, 18, tzinfo=TZ)
COLUMNS = [
    "caller_name",
    "on_the_spot",
    "hard",
    "touches_procedural_rights",
    "routed_by",
    "written_report_required",
    "reopened",
    "satisfaction",
    "number",
    "court_id",
    "kind",
    "sub_kind",
    "state",
    "summary",
    "caller_phone",
    "agent_id",
    "handler_id",
    "department_id",
    "created_at",
    "dispatched_at",
    "cycle",
    "dispatch_due",
    "reply_due",
    "next_due_at",
    "next_step",
    "light",
    "escalation_level",
    "was_overdue",
    "supervised",
    "repeat_calls",
    "in_circular",
    "deadline_basis",
    "deadline_reliable",
    "short_code",
]


def setup():
    call_command("migrate", verbosity=0)
    WorkOrder.objects.all().delete()
    court = CourtFactory()
    department = DepartmentFactory(court=court)
    judge = StaffFactory(court=court, department=department, role=Role.JUDGE)
    StaffFactory(court=court, department=department, role=Role.DEPARTMENT_HEAD)
    services.apply_preset(court, "luoyang")
    return court, department, judge


def rows(prefix: str, count: int, court, department, judge, due: bool):
    ts = connection.ops.adapt_datetimefield_value
    created, dispatched = ts(NOW - dt.timedelta(days=10)), ts(NOW - dt.timedelta(days=9))
    if due:  # the reply deadline passed an hour ago; nothing else pending
        reply_due = next_due = ts(NOW - dt.timedelta(hours=1))
        step, light = "reply", "yellow"
    else:  # open orders whose next step is weeks away
        reply_due = next_due = ts(NOW + dt.timedelta(days=30))
        step, light = "reply", "green"
    for n in range(count):
        yield (
            "",
            False,
            False,
            False,
            "",
            False,
            0,
            "",
            f"{prefix}{n:09d}",
            court.pk,
            "complaint",
            "",
            "dispatched",
            "bench",
            "",
            None,
            judge.pk,
            department.pk,
            created,
            dispatched,
            1,
            created,
            reply_due,
            next_due,
            step,
            light,
            0,
            False,
            False,
            0,
            False,
            "{}",
            True,
            f"{n % 1_000_000:06d}",
        )


def insert(prefix, count, court, department, judge, due):
    copy_rows(WorkOrder._meta.db_table, COLUMNS, rows(prefix, count, court, department, judge, due))


def plan() -> str:
    query = WorkOrder.objects.filter(next_due_at__lte=NOW).order_by("next_due_at", "pk")[:200]
    return query.explain()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--due", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    court, department, judge = setup()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    have = 0
    for open_target in sorted(args.open):
        started = time.perf_counter()
        insert(f"O{open_target}-", open_target - have, court, department, judge, due=False)
        print(f"inserted {open_target - have} open orders in {time.perf_counter() - started:.1f} s")
        have = open_target
        for due in args.due:
            insert(f"D{open_target}-{due}-", due, court, department, judge, due=True)
            started = time.perf_counter()
            steps = sweep_deadlines(now=NOW)
            elapsed = time.perf_counter() - started
            print(
                f"open={open_target:>9} due={due:>5} steps={steps:>5} sweep={elapsed * 1000:8.1f} ms "
                f"({elapsed / max(due, 1) * 1000:.2f} ms per due order)"
            )
            idle_started = time.perf_counter()
            assert sweep_deadlines(now=NOW) == 0
            idle_ms = (time.perf_counter() - idle_started) * 1000
            print(f"open={open_target:>9} nothing due: sweep={idle_ms:.1f} ms")
    print("plan of the due query:\n" + plan())
    return 0


if __name__ == "__main__":
    sys.exit(main())
