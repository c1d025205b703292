"""The change log takes its "before" at the write: loading tracked rows copies nothing, and a save of a
loaded row reads only the stored values of what it writes, once."""

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from court12368.core.models import AuditEntry
from court12368.courts.models import Staff
from court12368.demo.factories import StaffFactory
from court12368.hotline.models import Call
from court12368.workorders.models import SubKind, WorkOrder
from tests.builders import Court
from tests.reports.conftest import call

pytestmark = pytest.mark.django_db


def test_loading_tracked_rows_keeps_no_copy_of_them(court, luoyang):
    c = Court(court)
    for n in range(12):
        call(c, f"联系不上承办法官{n}", "contact_judge", SubKind.REPEAT_CONTACT)
    for model in (WorkOrder, Call, Staff):
        assert not post_init.has_listeners(model)  # nothing runs per row loaded
        fields = {f.attname for f in model._meta.concrete_fields}
        rows = list(model.objects.all())
        assert len(rows) >= 12 and all(set(vars(row)) == {"_state", *fields} for row in rows)


def test_a_save_reads_the_stored_values_of_what_it_writes_once(court):
    StaffFactory(court=court, role="judge", mobile="13912345678", full_name="王法官")
    judge = Staff.objects.get(full_name="王法官")
    judge.mobile = "13800001111"
    with CaptureQueriesContext(connection) as queries:
        judge.save(update_fields=["mobile"])
    reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert len(reads) == 1 and "mobile" in reads[0] and "full_name" not in reads[0]
    [entry] = AuditEntry.objects.filter(action="courts.staff.changed")
    assert entry.details == {"before": {"mobile": "139****5678"}, "after": {"mobile": "138****1111"}}


def test_a_field_left_deferred_is_neither_read_nor_compared(court):
    StaffFactory(court=court, role="judge", mobile="13912345678", full_name="王法官")
    judge = Staff.objects.only("pk", "full_name").get(full_name="王法官")
    judge.full_name = "王某某"
    judge.save()
    [entry] = AuditEntry.objects.filter(action="courts.staff.changed")
    assert entry.details == {"before": {"full_name": "王法官"}, "after": {"full_name": "王某某"}}
