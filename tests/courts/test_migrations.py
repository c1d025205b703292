"""The migrations were squashed to one start per app while 0.x has no installations to upgrade (issue
21); from now on every model change comes with its migration, and the start holds what models cannot say."""

import pytest
from django.core.management import call_command
from django.db import connection

from court12368.core.models import AuditSeal
from court12368.courts.models import HolidayYear


@pytest.mark.django_db  # makemigrations reads the applied migrations to check consistency
def test_every_model_change_has_its_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 when one is missing


@pytest.mark.django_db
def test_the_squashed_start_keeps_the_holidays_the_seal_and_the_triggers():
    assert HolidayYear.objects.filter(year=2026).exists()  # seeded from chinese-calendar
    assert AuditSeal.objects.filter(pk=1).exists()  # the audit chain's head
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        triggers = {row[0] for row in cursor.fetchall()}
    assert {"audit_sealed_no_update", "audit_sealed_no_delete"} <= triggers
