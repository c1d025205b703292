"""Data migrations of courts and staff, run against rows as an older release left them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("courts", "0004_staff_sip_uri")]
AFTER = [("courts", "0005_court_administrators_are_not_superusers")]


@pytest.mark.django_db(transaction=True)  # migrations change the schema: no test transaction around them
def test_existing_court_administrators_stop_being_superusers():
    """Finding 15: court administrators already in a database were superusers; the upgrade leaves them
    staff with their role's permissions, and only the platform administrator (no court) a superuser."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    court = old.get_model("courts", "Court").objects.create(
        code="京0105", name="北京市朝阳区人民法院", level="basic", area_code="010"
    )
    staff = old.get_model("courts", "Staff").objects
    staff.create(username="cfg", role="administrator", court=court, is_staff=True, is_superuser=True)
    staff.create(username="odd", role="judge", court=court, is_superuser=True)
    staff.create(username="root", role="administrator", court=None, is_staff=True, is_superuser=True)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("courts", "Staff")
    rights = {s.username: (s.is_staff, s.is_superuser) for s in new.objects.all()}
    assert rights == {"cfg": (True, False), "odd": (False, False), "root": (True, True)}
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # leave the database as the other tests expect
