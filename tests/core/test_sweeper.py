"""The sweeper runs exactly the sweeps the apps declare (each app's sweeps.py), and the retention purge is
one of them, once a local day."""

import datetime as dt
import importlib.util
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from court12368.core import sweeper
from court12368.core.models import AuditEntry
from court12368.hotline.models import Call

SHANGHAI = ZoneInfo("Asia/Shanghai")


def declared() -> dict:
    sweeps = {}
    for app in apps.get_app_configs():
        if importlib.util.find_spec(f"{app.name}.sweeps"):
            sweeps.update(import_module(f"{app.name}.sweeps").SWEEPS)
    return sweeps


def test_the_registered_sweeps_are_exactly_the_declared_ones():
    assert sweeper.registered() == declared()
    assert set(declared()) == {
        "audit_chain",
        "hearing_reminders",
        "deadlines",
        "sms_outbox",
        "kpi_rollup",
        "personal_data_purge",
        "holiday_years",
        "petition_clocks",
    }


def test_two_apps_may_not_declare_one_name():
    sweeper.register_all({"deadlines": sweeper.registered()["deadlines"]})  # the same again: no harm
    with pytest.raises(ImproperlyConfigured):
        sweeper.register_all({"deadlines": lambda: 0})
    assert sweeper.registered() == declared()


@pytest.mark.django_db
def test_the_sweeper_purges_once_a_local_day(court, settings, monkeypatch):
    settings.KEEP_PERSONAL_DAYS = 30
    monkeypatch.setattr(sweeper, "close_old_connections", lambda: None)  # the test's connection stays

    def sweep_at(*when) -> int:
        with time_machine.travel(dt.datetime(*when, tzinfo=SHANGHAI), tick=False):
            results = sweeper.sweep_once()
        assert -1 not in results.values()  # no sweep failed
        return results["personal_data_purge"]

    def old_call(number: str) -> Call:
        at = dt.datetime(2026, 1, 2, 9, tzinfo=SHANGHAI)
        return Call.objects.create(
            court=court, caller_number=number, rang_at=at, answered_at=at, content="问"
        )

    first = old_call("13912345678")
    assert sweep_at(2026, 3, 2, 0, 5) == 1  # the first sweep of the day
    second = old_call("13712345678")
    assert sweep_at(2026, 3, 2, 12, 0) == 0 and sweep_at(2026, 3, 2, 23, 59) == 0  # done for today
    assert Call.objects.get(pk=second.pk).caller_number == "13712345678"
    assert sweep_at(2026, 3, 3, 0, 1) == 1  # a new local day (16:01 UTC the day before)
    numbers = [Call.objects.get(pk=c.pk).caller_number for c in (first, second)]
    assert numbers == ["139****5678", "137****5678"]
    assert AuditEntry.objects.filter(action="privacy.purged").count() == 2
