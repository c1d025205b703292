"""Changes made in 系统配置 are audited with the values before and after; secrets are never written there
and phone numbers are masked."""

import datetime as dt

import pytest
from django.urls import reverse

from court12368.core.models import AuditEntry
from court12368.courts.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_staff):
    client.force_login(make_staff(role="administrator", username="cfg"))
    return client


def post_form(client, url, **changes):
    """Submit an admin change form as shown, with some fields changed."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or name in ("password",):
            continue
        if isinstance(value, dt.datetime):  # the admin's split date and time inputs
            data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.strftime("%H:%M:%S")
            continue
        data[name] = [v.pk if hasattr(v, "pk") else v for v in value] if isinstance(value, list) else value
    data.update(changes)
    return client.post(url, data)


def test_a_change_is_audited_with_before_and_after(admin_client, department):
    url = reverse("admin:courts_department_change", args=[department.pk])
    response = post_form(admin_client, url, name="民事审判第二庭", phone="01065551234")
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="config.changed")
    assert entry.channel == "admin" and entry.subject_id == str(department.pk)
    assert (
        entry.details["before"]["name"] == "民事审判第一庭"
        and entry.details["after"]["name"] == "民事审判第二庭"
    )
    assert entry.details["after"]["phone"] == "010****1234"  # masked, like every number in the log


def test_a_staff_change_never_writes_the_password(admin_client, make_staff):
    judge = make_staff(role="judge", username="judge7")
    url = reverse("admin:courts_staff_change", args=[judge.pk])
    response = post_form(admin_client, url, mobile="13912345678", full_name="王法官")
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="config.changed")
    assert (
        entry.details["after"]["mobile"] == "139****5678" and entry.details["after"]["full_name"] == "王法官"
    )
    assert "pbkdf2" not in str(entry.details) and "md5" not in str(entry.details)


def test_a_deletion_keeps_what_was_deleted(admin_client, court):
    spare = Department.objects.create(court=court, name="司法技术室", kind="other")
    response = admin_client.post(reverse("admin:courts_department_delete", args=[spare.pk]), {"post": "yes"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="config.deleted")
    assert (
        entry.details["before"]["name"] == "司法技术室"
        and not Department.objects.filter(pk=spare.pk).exists()
    )
