"""Before and after of every change to the records that matter (core/changes.py): who, when, from where,
from what to what; secrets left out, numbers masked; the admin's own changes recorded once."""

import datetime as dt

import pytest
from django.urls import reverse

from court12368.api import services as clients
from court12368.core import changes
from court12368.core.models import AuditEntry
from court12368.demo.factories import DepartmentFactory, StaffFactory
from court12368.reports import services as reports
from court12368.workorders.lifecycle import handling
from court12368.workorders.models import SubKind
from tests.builders import Court
from tests.reports.conftest import call

pytestmark = pytest.mark.django_db


@pytest.fixture
def c(court, luoyang):
    return Court(court)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def changed(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def test_a_page_write_is_recorded_with_who_from_where_and_the_values(client, c, media):
    circular = reports.generate_circular(c.court, "monthly", dt.date(2026, 11, 2), by=c.president)
    client.force_login(c.president)
    page = reverse("circular-detail", args=[circular.pk])
    assert (
        client.post(page, {"notes": "请民事庭下周清理超期工单。"}, REMOTE_ADDR="10.9.8.7").status_code == 302
    )
    [entry] = changed("reports.circular.changed")
    assert (entry.actor, entry.ip, entry.channel, entry.court) == (c.president, "10.9.8.7", "web", c.court.pk)
    assert entry.subject_id == str(circular.pk)
    assert (
        entry.details["before"]["notes"] == ""
        and entry.details["after"]["notes"] == "请民事庭下周清理超期工单。"
    )
    client.post(page, {"notes": "请民事庭下周清理超期工单。"})  # the same again: nothing changed
    assert len(changed("reports.circular.changed")) == 1


def test_a_transfer_records_the_handler_before_and_after(c):
    order = call(c, "联系不上承办法官", "contact_judge", SubKind.REPEAT_CONTACT)
    other = StaffFactory(court=c.court, department=order.department, role="judge", username="judge2")
    head = c.head[order.department.kind]
    with changes.acting(head, "10.0.0.5", "web"):
        handling.transfer(order, actor=head, handler=other, reason="换承办人")
    entries = [e for e in changed("workorders.workorder.changed") if "handler" in e.details["after"]]
    assert entries[-1].details["before"]["handler"] == c.judge.pk
    assert entries[-1].details["after"]["handler"] == other.pk
    assert entries[-1].ip == "10.0.0.5"


def test_writes_outside_a_request_are_the_systems(c):
    order = call(c, "联系不上承办法官", "contact_judge", SubKind.REPEAT_CONTACT)
    order.summary = "系统改写"
    order.save()
    entry = changed("workorders.workorder.changed")[-1]
    assert (entry.channel, entry.actor, entry.ip) == ("system", None, None)


def test_a_delete_keeps_what_was_there_and_numbers_stay_masked(court):
    judge = StaffFactory(court=court, role="judge", mobile="13912345678", full_name="将离职法官")
    judge.mobile = "13800001111"
    judge.save()
    [entry] = changed("courts.staff.changed")
    assert entry.details == {"before": {"mobile": "139****5678"}, "after": {"mobile": "138****1111"}}
    judge.delete()
    [gone] = changed("courts.staff.deleted")
    assert (
        gone.details["before"]["full_name"] == "将离职法官"
        and gone.details["before"]["mobile"] == "138****1111"
    )
    assert gone.details["before"]["password"] == "（不记录）"


def test_the_admin_records_its_own_changes_once(client, court):
    department = DepartmentFactory(court=court, name="立案庭", kind="filing", phone="010-1234")
    admin = StaffFactory(court=court, role="administrator")
    client.force_login(admin)
    page = reverse("admin:courts_department_change", args=[department.pk])
    form = {"name": "立案庭", "court": court.pk, "kind": "filing", "phone": "010-5678"}
    assert client.post(page, form).status_code == 302
    assert len(changed("config.changed")) == 1 and changed("courts.department.changed") == []


def test_a_sync_records_what_the_trial_system_changed_case_by_case(client, court):
    _client, token = clients.create_client(name="审判流程系统", court=court, scopes=["cases:sync"])
    case = {"number": "(2026)京0105民初900号", "court_code": "京0105", "stage": "filed",
            "parties": [{"name": "张三", "role": "plaintiff", "phone": "13911112222"}]}  # fmt: skip
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "content_type": "application/json"}
    for stage, phone in (("filed", "13911112222"), ("filed", "13911112222"), ("in_trial", "13933334444")):
        body = [dict(case, stage=stage, parties=[dict(case["parties"][0], phone=phone)])]
        assert client.post("/api/v1/sync/cases", body, **headers).status_code == 200
    [case_change] = changed("cases.case.changed")  # the unchanged second sync recorded nothing
    assert case_change.details == {"before": {"stage": "filed"}, "after": {"stage": "in_trial"}}
    assert (case_change.channel, case_change.court) == ("api", court.pk)
    [party_change] = changed("cases.party.changed")
    assert party_change.details == {"before": {"phone": "139****2222"}, "after": {"phone": "139****4444"}}
