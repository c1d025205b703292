"""The ledger, KPIs, dashboard and Excel export among many orders.

Run by hand, never in CI:

    .venv/bin/python bench/reports.py --orders 1000000
    COURT12368_DATABASE_URL=postgres://postgres@127.0.0.1:5432/c12368_bench \
        .venv/bin/python bench/reports.py --orders 1000000

Orders are spread over 2026-01-01 … 2026-11-30 across five departments and twenty handlers, with the
timeline rows (created, dispatched, replied) that the KPIs count, written with bulk SQL. Each query goes
through the real code: ``reports.queries.ledger`` (count + first page of 50), ``kpis.compute``,
``dashboard.data`` and ``exports.write_ledger``; the statistics once counted from the events, then again
after the sweeper's daily rollup (``reports.rollups``) has written every closed day.
"""

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from court12368 import config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")
if not config.read_secret("DATABASE_URL"):
    os.environ.setdefault("COURT12368_DATA_DIR", tempfile.mkdtemp(prefix="c12368-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import django  # noqa: E402

django.setup()

from bulk import copy_rows  # noqa: E402  (bench/ is the script's directory)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from court12368.courts.models import Role  # noqa: E402
from court12368.demo.factories import CourtFactory, DepartmentFactory, StaffFactory  # noqa: E402
from court12368.reports import dashboard, exports, kpis, queries  # noqa: E402
from court12368.reports.models import KpiDay  # noqa: E402
from court12368.reports.rollups import roll_up_closed_days  # noqa: E402
from court12368.workorders.models import OrderEntry, WorkOrder  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
YEAR_START = dt.datetime(2026, 1, 1, tzinfo=TZ)
KINDS = ["case_query", "consultation", "contact_judge", "petition", "complaint", "other"]
COLUMNS = [
    "number", "court_id", "kind", "sub_kind", "state", "summary", "caller_name", "caller_phone", "agent_id",
    "handler_id", "department_id", "created_at", "dispatched_at", "replied_at", "cycle", "dispatch_due",
    "reply_due", "light", "escalation_level", "on_the_spot", "hard", "touches_procedural_rights", "routed_by",
    "written_report_required", "reopened", "satisfaction", "was_overdue", "supervised", "repeat_calls",
    "in_circular", "deadline_basis", "deadline_reliable", "short_code", "next_step",
]  # fmt: skip
WORDS = ["立案", "开庭", "诉讼费", "执行", "送达", "上诉", "调解", "判决", "法官", "材料"]


def setup(count: int):
    call_command("migrate", verbosity=0)
    court = CourtFactory()
    departments = [DepartmentFactory(court=court) for _ in range(5)]
    handlers = [StaffFactory(court=court, department=departments[n % 5], role=Role.JUDGE) for n in range(20)]
    agent = StaffFactory(court=court, role=Role.AGENT)
    leader = StaffFactory(court=court, role=Role.LEADER)
    ts = connection.ops.adapt_datetimefield_value
    rng = random.Random(12368)
    seconds = int((dt.datetime(2026, 12, 1, tzinfo=TZ) - YEAR_START).total_seconds())

    def rows():
        for n in range(count):
            created = YEAR_START + dt.timedelta(seconds=rng.randrange(seconds))
            handler = handlers[n % 20]
            replied = n % 10 < 7
            red = not replied and n % 20 == 7  # 5 % of the orders, overdue and still waiting
            yield (
                f"B{n:015d}", court.pk, KINDS[n % 6], "", "replied" if replied else "dispatched",
                f"来电询问{WORDS[n % 10]}事宜 {n}", "", f"139{n % 100000000:08d}", agent.pk, handler.pk,
                handler.department_id, ts(created), ts(created + dt.timedelta(hours=2)),
                ts(created + dt.timedelta(days=2)) if replied else None, 1,
                ts(created + dt.timedelta(hours=4)), ts(created + dt.timedelta(days=5)),
                "red" if red else "green", 0, False, False, False, "", False, 0,
                "", False, False, 0, False, "{}", True, "", "",
            )  # fmt: skip

    started = time.perf_counter()
    copy_rows(WorkOrder._meta.db_table, COLUMNS, rows())
    entries = OrderEntry._meta.db_table
    with connection.cursor() as cursor:
        for action, at, late in (
            ("created", "created_at", "NULL"),
            ("dispatched", "dispatched_at", "0"),
            ("replied", "replied_at", "CASE WHEN id % 7 = 0 THEN 86400 ELSE 0 END"),
        ):
            cursor.execute(
                f"INSERT INTO {entries} (order_id, at, action, text, kind, cycle, department_id, "
                f"handler_id, agent_id, late_seconds, reached_handler, satisfaction) "
                f"SELECT id, {at}, '{action}', '', kind, 1, department_id, handler_id, agent_id, {late}, "
                f"false, '' FROM {WorkOrder._meta.db_table} WHERE {at} IS NOT NULL"
            )
        cursor.execute(f"UPDATE {WorkOrder._meta.db_table} SET overdue_since = reply_due WHERE light = 'red'")
        cursor.execute(f"ANALYZE {entries}")
    print(f"inserted {count} orders and their timeline in {time.perf_counter() - started:.1f} s", flush=True)
    return court, leader, departments


def timed(label: str, function, repeat: int = 3):
    best, queries_run = None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function()
            elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
        queries_run = len(captured.captured_queries)
    print(f"{label:<52} {best:9.1f} ms  ({queries_run} queries)", flush=True)
    return result


def statistics(court, month, how: str) -> None:
    timed(f"KPIs, November, whole court, {how}", lambda: kpis.compute(court, *month))
    timed(f"KPIs, November, by department, {how}", lambda: kpis.compute(court, *month, by="department"))
    timed(
        f"KPIs, year by department (assessment), {how}",
        lambda: kpis.compute(court, YEAR_START, month[1], by="department"),
        1,
    )
    timed(
        f"dashboard data, one week, {how}",
        lambda: dashboard.data(court, dt.date(2026, 11, 16), dt.date(2026, 11, 22)),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    args = parser.parse_args()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    court, leader, departments = setup(args.orders)
    november = {"start": dt.date(2026, 11, 1), "end": dt.date(2026, 11, 30)}

    def page(filters):
        orders = queries.ledger(leader, filters)
        return orders.count(), list(orders[:50])

    timed("ledger, November: count + first 50", lambda: page(november))
    timed(
        "ledger, November, one department + type",
        lambda: page({**november, "department": departments[0], "kind": "petition"}),
    )  # noqa: E501
    timed("ledger, whole year, text search '诉讼费'", lambda: page({"q": "诉讼费"}))
    month = (dt.datetime(2026, 11, 1, tzinfo=TZ), dt.datetime(2026, 12, 1, tzinfo=TZ))
    statistics(court, month, "from the events")
    started = time.perf_counter()
    days = roll_up_closed_days(now=dt.datetime(2026, 12, 2, 9, tzinfo=TZ), limit=10_000, seconds=3600)
    rows = KpiDay.objects.count()
    print(f"daily rollup of {days} days: {rows} rows in {time.perf_counter() - started:.1f} s", flush=True)
    statistics(court, month, "rolled up")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    orders = queries.ledger(leader, november)
    rows = orders.count()
    started = time.perf_counter()
    workbook = exports.write_ledger(orders, title="bench", filters_text="November")
    size = workbook.seek(0, 2)
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(
        f"Excel export of November: {rows} rows, {size / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s, "
        f"peak memory grew {grown:.0f} MB",
        flush=True,
    )


if __name__ == "__main__":
    main()
