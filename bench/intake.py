"""Order intake through the service layer against the same INSERTs issued directly (issue 12's limit).

Run by hand, never in CI:

    .venv/bin/python bench/intake.py --orders 2000
    COURT12368_DATABASE_URL=postgres://postgres@127.0.0.1:5432/c12368_intake \
        .venv/bin/python bench/intake.py --orders 2000

One court is set up and the database copied (SQLite's backup API, or PostgreSQL's CREATE DATABASE …
TEMPLATE). Then ``--orders`` calls are logged through ``hotline.services.log_call`` (an agent's complaint
the rules dispatch to the filing department's head: the call, the order, deadlines, the timeline, the
outbox and its task, audit and change records), every INSERT it issues being noted. The same INSERTs,
with the same values, are then replayed on the copy with sqlite3 or psycopg, one transaction per call:
the least any code could do to store the same rows. The service layer should reach half that rate.
"""

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from court12368 import config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")
if not config.read_secret("DATABASE_URL"):
    os.environ.setdefault("COURT12368_DATA_DIR", tempfile.mkdtemp(prefix="c12368-intake-"))
os.environ.setdefault("COURT12368_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import line_court  # noqa: E402  (bench/ is the script's directory)

from court12368.demo.factories import CourtFactory  # noqa: E402
from court12368.hotline import services as hotline  # noqa: E402


def copy_database() -> object:
    """A copy of the database as it is now; returns how to open it."""
    if connection.vendor == "sqlite":
        target = Path(connection.settings_dict["NAME"]).with_name("replay.sqlite3")
        target.unlink(missing_ok=True)
        source = sqlite3.connect(connection.settings_dict["NAME"])
        with sqlite3.connect(target) as copy:
            source.backup(copy)
        source.close()
        return target
    import psycopg

    name = connection.settings_dict["NAME"]
    connection.close()  # a template must have no other sessions
    server = config.read_secret("DATABASE_URL").rsplit("/", 1)[0]
    admin = psycopg.connect(server + "/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}_replay"')
    admin.execute(f'CREATE DATABASE "{name}_replay" TEMPLATE "{name}"')
    admin.close()
    return f"{server}/{name}_replay"


def through_services(court, agent, orders: int) -> tuple[float, list[list[tuple]], int]:
    inserts: list[list[tuple]] = []
    statements = 0

    def note(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        if sql.lstrip().upper().startswith("INSERT"):
            inserts[-1].append((sql, params, many))
        return execute(sql, params, many, context)

    started = time.perf_counter()
    with connection.execute_wrapper(note):
        for n in range(orders):
            inserts.append([])
            hotline.log_call(
                court=court, agent=agent, content=f"第{n}次反映立案窗口拖延立案", kind="complaint",
                sub_kind="filing", caller_number=f"137{n:08d}",
            )  # fmt: skip
    return time.perf_counter() - started, inserts, statements


def replay(target, inserts: list[list[tuple]]) -> float:
    if connection.vendor == "sqlite":
        db = sqlite3.connect(target, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        started = time.perf_counter()
        for call in inserts:
            db.execute("BEGIN IMMEDIATE")
            for sql, params, many in call:
                sql = sql.replace("%s", "?").replace("%%", "%")
                (db.executemany if many else db.execute)(sql, params or ())
            db.execute("COMMIT")
        elapsed = time.perf_counter() - started
        db.close()
        return elapsed
    import psycopg

    with psycopg.ClientCursor(psycopg.connect(target)) as cursor:
        started = time.perf_counter()
        for call in inserts:
            with cursor.connection.transaction():
                for sql, params, many in call:
                    (cursor.executemany if many else cursor.execute)(sql, params)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=2000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    court = CourtFactory(code="豫0303", name="洛阳市西工区人民法院")
    agent = line_court(court)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    target = copy_database()
    court.refresh_from_db()
    service_seconds, inserts, statements = through_services(court, agent, args.orders)
    rows = sum(len(call) for call in inserts)
    direct_seconds = replay(target, inserts)
    service_rate, direct_rate = args.orders / service_seconds, args.orders / direct_seconds
    print(f"per order: {statements / args.orders:.1f} statements, {rows / args.orders:.1f} INSERTs")
    print(f"service layer: {args.orders} orders in {service_seconds:.2f} s = {service_rate:.0f} orders/s")
    print(f"same INSERTs:  {args.orders} orders in {direct_seconds:.2f} s = {direct_rate:.0f} orders/s")
    print(f"ratio: {service_rate / direct_rate:.2f} (target at least 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
