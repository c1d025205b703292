"""The hot paths' queries are index probes on both databases (docs/scaling.md lists them).

The tables are nearly empty here, so on PostgreSQL sequential scans are switched off for the check: a
plan that still scans has no index it could use. SQLite's plans say SCAN for a table read whole.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from court12368.cases.models import Case, Party, VerificationAttempt
from court12368.workorders.models import ACTIVE_STATES, WorkOrder

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)
HOT_PATHS = {
    "password alone (voice menu)": lambda: Party.objects.select_related("case__court").filter(
        service_password__digest="0" * 64
    ),
    "case number": lambda: Case.objects.filter(number="（2026）京0105民初1号"),
    "lockout counts": lambda: VerificationAttempt.objects.filter(
        Q(case_id=1) | Q(caller_digest="0" * 64) | Q(ip="10.0.0.1"),
        at__gte=NOW - dt.timedelta(hours=1),
        success=False,
    ),
    "a handler's open orders": lambda: WorkOrder.objects.filter(
        handler_id=1, state__in=ACTIVE_STATES
    ).order_by("reply_due"),
    "due deadlines": lambda: WorkOrder.objects.filter(next_due_at__lte=timezone.now()).order_by(
        "next_due_at"
    ),
    "red lights per court": lambda: WorkOrder.objects.filter(court_id=1, light="red").order_by(
        "department_id", "overdue_since"
    ),
}


def full_scans(queryset) -> list[str]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            try:
                plan = queryset.explain()
            finally:
                cursor.execute("RESET enable_seqscan")
        return [line for line in plan.splitlines() if "Seq Scan" in line]
    return [line for line in queryset.explain().splitlines() if "SCAN " in line and "USING" not in line]


@pytest.mark.parametrize("path", HOT_PATHS)
def test_the_hot_path_reads_through_an_index(path):
    assert full_scans(HOT_PATHS[path]()) == []


def test_no_unread_pattern_indexes_beside_the_digests_and_the_case_number():
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL gets Django's extra varchar_pattern_ops indexes")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexdef FROM pg_indexes WHERE tablename IN "
            "('cases_servicepassword', 'cases_party', 'cases_case', 'api_apiclient', 'notifications_optout')"
        )
        indexes = cursor.fetchall()
    pattern = [(table, definition) for table, definition in indexes if "pattern_ops" in definition]
    assert pattern == []
    unique = [definition for table, definition in indexes if table == "cases_servicepassword"]
    assert any("UNIQUE" in definition and "(digest)" in definition for definition in unique)
