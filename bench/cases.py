"""Case lookup (verification + case view + audit writes) among many cases, and the import rate.

Run by hand, never in CI:

    .venv/bin/python bench/cases.py --cases 1000000 --lookups 500 --import-rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/c12368_bench .venv/bin/python bench/cases.py ...

Cases, parties and passwords are generated with bulk SQL (COPY on PostgreSQL); each lookup goes
through the real services: ``verify_identity`` (attempt row + audit entry) and ``show_case`` (audit).
"""

import argparse
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "court12368.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ.setdefault("COURT12368_DATA_DIR", tempfile.mkdtemp(prefix="c12368-bench-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from court12368.cases import importing, services  # noqa: E402
from court12368.cases.models import Case, Party, ServicePassword  # noqa: E402
from court12368.demo.factories import CourtFactory  # noqa: E402

PASSWORD_BASE = 5_000_000_000


def password_of(case_index: int, party_index: int) -> str:
    return str(PASSWORD_BASE + case_index * 2 + party_index)


def copy_rows(table: str, columns: list[str], rows) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) == 20000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def generate(court, count: int) -> None:
    started = time.perf_counter()
    copy_rows(
        Case._meta.db_table,
        [
            "number",
            "court_id",
            "year",
            "type_code",
            "category",
            "cause",
            "procedure",
            "acceptance",
            "stage",
            "progress",
            "judge_name",
            "clerk_name",
            "panel",
            "result",
            "fee_charged",
            "fee_paid",
            "fee_refunded",
            "appeal_case_number",
            "updated_at",
        ],
        (
            (
                f"（2026）{court.code}民初{i + 1}号",
                court.pk,
                2026,
                "民初",
                "civil",
                "民间借贷纠纷",
                "ordinary",
                "accepted",
                "in_trial",
                "已排期开庭",
                "王法官",
                "李书记员",
                "",
                "",
                0,
                0,
                0,
                "",
                connection.ops.adapt_datetimefield_value(django.utils.timezone.now()),
            )
            for i in range(count)
        ),
    )
    first_id = Case.objects.order_by("pk").values_list("pk", flat=True).first()
    copy_rows(
        Party._meta.db_table,
        ["case_id", "name", "role", "kind", "id_digest", "id_masked", "phone"],
        (
            (first_id + i, f"当事人{i}-{p}", ("plaintiff", "defendant")[p], "natural", "", "", "")
            for i in range(count)
            for p in (0, 1)
        ),
    )
    first_party = Party.objects.order_by("pk").values_list("pk", flat=True).first()
    now = connection.ops.adapt_datetimefield_value(django.utils.timezone.now())
    copy_rows(
        ServicePassword._meta.db_table,
        ["party_id", "digest", "created_at"],
        (
            (first_party + i * 2 + p, services.password_digest(password_of(i, p)), now)
            for i in range(count)
            for p in (0, 1)
        ),
    )
    with connection.cursor() as cursor:
        for model in (Case, Party, ServicePassword):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    print(
        f"generated {count} cases, {2 * count} parties and passwords in {time.perf_counter() - started:.0f} s"
    )


def measure(label: str, func, n: int) -> None:
    timings = []
    for i in range(n):
        started = time.perf_counter()
        func(i)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"{label:<44} n={n} p50={statistics.median(timings):6.2f} ms p99={p99:6.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=500)
    parser.add_argument("--import-rows", type=int, default=100_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    Case.objects.all().delete()
    court = CourtFactory(code="豫0302", name="洛阳市老城区人民法院")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    generate(court, args.cases)
    rng = random.Random(1)
    picks = [rng.randrange(args.cases) for _ in range(args.lookups)]

    def by_number(i):
        k = picks[i]
        verified = services.verify_identity(
            channel="console",
            case_number=f"（2026）{court.code}民初{k + 1}号",
            password=password_of(k, 0),
            caller_number=f"139{i:08d}",
        )
        services.show_case(verified.case, audience="party", channel="console")

    def by_password(i):
        k = picks[i]
        verified = services.verify_identity(
            channel="ivr", password=password_of(k, 1), court=court, caller_number=f"138{i:08d}"
        )
        services.show_case(verified.case, audience="party", channel="ivr")

    measure("case number + password, view, 3 audit rows", by_number, args.lookups)
    measure("password alone (voice menu), view, audit", by_password, args.lookups)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "import.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["案号", "法院代字", "案由", "阶段", "当事人", "诉讼地位", "诉讼服务密码"])
            for i in range(args.import_rows):
                writer.writerow(
                    [
                        f"（2026）{court.code}民初{900000 + i}号",
                        court.code,
                        "买卖合同纠纷",
                        "已立案",
                        f"导入当事人{i}",
                        "原告",
                        str(7_000_000_000 + i),
                    ]
                )
        started = time.perf_counter()
        records = importing.read_file(path)
        cleaned, errors = importing.validate(records)
        assert not errors, errors[:3]
        validated = time.perf_counter()
        importing.upsert(cleaned)
        done = time.perf_counter()
        print(
            f"import {args.import_rows} rows: read+validate {validated - started:.1f} s, "
            f"write {done - validated:.1f} s, {args.import_rows / (done - started):.0f} rows/s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
