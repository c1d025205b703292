"""Issue 20 finding 8, audit gaps: API clients made, changed and revoked, a staff password set by an
administrator, attachment downloads, booking cancellations, and the address on order views and circular
downloads. Each entry names who, what, the address and the court, never a secret."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from court12368.api import services as clients
from court12368.api.models import ApiClient
from court12368.appointments import services as appointments
from court12368.core.models import AuditEntry
from court12368.demo.factories import DepartmentFactory

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.7"
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def only(action: str) -> AuditEntry:
    return AuditEntry.objects.get(action=action)


def test_api_clients_created_changed_and_revoked_in_the_admin_are_audited(client, world):
    c, people, _objects = world
    admin = people["admin"]
    client.force_login(admin)
    data = {"name": "微信小程序", "court": c.court.pk, "scopes": ["requests"], "is_active": "on"}
    added = client.post(reverse("admin:api_apiclient_add"), data, REMOTE_ADDR=ADDRESS)
    assert added.status_code == 302, added.content.decode()[:2000]
    made = ApiClient.objects.get()
    created = only("api_client.created")
    assert (created.actor, created.ip, created.court, created.channel) == (
        admin,
        ADDRESS,
        c.court.pk,
        "admin",
    )
    assert created.details["scopes"] == ["requests"]
    assert made.token_digest not in str(created.details) and "token" not in str(created.details)

    url = reverse("admin:api_apiclient_change", args=[made.pk])
    changed = client.post(url, {**data, "scopes": ["requests", "appointments"]}, REMOTE_ADDR=ADDRESS)
    assert changed.status_code == 302, changed.content.decode()[:2000]
    entry = only("config.changed")
    assert (entry.actor, entry.ip, entry.court, entry.subject_id) == (
        admin,
        ADDRESS,
        c.court.pk,
        str(made.pk),
    )
    assert entry.details["before"]["scopes"] == ["requests"]
    assert entry.details["after"]["scopes"] == ["requests", "appointments"]

    action = {"action": "revoke", "_selected_action": [made.pk]}
    client.post(reverse("admin:api_apiclient_changelist"), action, REMOTE_ADDR=ADDRESS)
    made.refresh_from_db()
    revoked = only("api_client.revoked")
    assert not made.is_active
    assert (revoked.actor, revoked.ip, revoked.court) == (admin, ADDRESS, c.court.pk)


def test_api_clients_made_and_revoked_outside_the_admin_are_audited(world):
    c, _people, _objects = world
    made, token = clients.create_client(name="审判流程系统", court=c.court, scopes=["cases:sync"])
    clients.revoke(made)
    for action in ("api_client.created", "api_client.revoked"):
        entry = only(action)
        assert entry.court == c.court.pk and entry.channel == "system"
        assert token not in str(entry.details) and made.token_digest not in str(entry.details)


def test_an_administrators_password_reset_of_a_staff_member_is_audited(client, world):
    c, people, _objects = world
    client.force_login(people["admin"])
    judge = people["judge_b"]
    url = reverse("admin:auth_user_password_change", args=[judge.pk])
    secret = "Hx7-reset-Pass-2026"
    response = client.post(
        url, {"password1": secret, "password2": secret, "usable_password": "true"}, REMOTE_ADDR=ADDRESS
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    judge.refresh_from_db()
    assert judge.check_password(secret)
    entry = only("staff.password_reset")
    assert (entry.actor, entry.ip, entry.court, entry.subject_id) == (
        people["admin"], ADDRESS, c.court.pk, str(judge.pk),
    )  # fmt: skip
    assert entry.details["username"] == judge.username
    assert secret not in str(entry.details) and judge.password not in str(entry.details)
    mismatch = client.post(url, {"password1": secret, "password2": "other"}, REMOTE_ADDR=ADDRESS)
    assert (
        mismatch.status_code == 200 and AuditEntry.objects.filter(action="staff.password_reset").count() == 1
    )


def test_attachment_downloads_are_audited(client, world):
    c, people, objects = world
    client.force_login(people["agent"])
    url = reverse("order-attachment", args=[objects["number"], objects["pk"]["order-attachment"]])
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    entry = only("attachment_downloaded")
    assert (entry.actor, entry.ip, entry.court) == (people["agent"], ADDRESS, c.court.pk)
    assert entry.details == {"attachment": objects["pk"]["order-attachment"], "name": "evidence.txt"}
    client.force_login(people["outsider"])
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 404
    assert AuditEntry.objects.filter(action="attachment_downloaded").count() == 1  # refused: not a download


def test_order_views_and_circular_downloads_record_the_address(client, world):
    c, people, objects = world
    client.force_login(people["leader"])
    client.get(reverse("order-detail", args=[objects["number"]]), REMOTE_ADDR=ADDRESS)
    url = reverse("circular-download", args=[objects["pk"]["circular-download"], "pdf"])
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    for action in ("view_order", "reports.circular_downloaded"):
        entry = only(action)
        assert (entry.actor, entry.ip, entry.court) == (people["leader"], ADDRESS, c.court.pk), action


@pytest.fixture
def booking(court):
    filing = DepartmentFactory(court=court, name="立案庭", kind="filing")
    with time_machine.travel(NOW, tick=False):
        [slot] = appointments.publish_slots(
            court=court, department=filing, service="filing", days=[dt.date(2026, 11, 24)], times=[dt.time(9)]
        )
        yield appointments.book(slot, name="刘先生", phone="13600002222", matter="立案")


def test_booking_cancellations_on_the_portal_are_audited_with_the_court_and_address(client, court, booking):
    with time_machine.travel(NOW, tick=False):
        wrong = {"code": booking.code, "phone": "13600009999"}
        assert client.post("/portal/appointments/cancel/", wrong, REMOTE_ADDR=ADDRESS).status_code == 400
        right = {"code": booking.code, "phone": "13600002222"}
        assert client.post("/portal/appointments/cancel/", right, REMOTE_ADDR=ADDRESS).status_code == 200
    failed, cancelled = only("appointment_cancel_failed"), only("appointment_cancelled")
    for entry in (failed, cancelled):
        assert (entry.ip, entry.court, entry.channel) == (ADDRESS, court.pk, "web")
    assert cancelled.subject_id == str(booking.pk) and cancelled.caller == "136****2222"


def test_booking_cancellations_through_the_api_are_audited_with_the_client(client, court, booking):
    _made, token = clients.create_client(name="微信小程序", court=court, scopes=["appointments"])
    url = f"/api/v1/appointments/{booking.code}/cancel"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "REMOTE_ADDR": ADDRESS}
    with time_machine.travel(NOW, tick=False):
        response = client.post(url, {"phone": "13600002222"}, content_type="application/json", **headers)
    assert response.status_code == 200
    entry = only("appointment_cancelled")
    assert (entry.ip, entry.court, entry.channel) == (ADDRESS, court.pk, "app")
    assert entry.details["client"] == "微信小程序"
