"""The TOTP second factor: enrolling with an authenticator app, the code at every sign-in afterwards, a
code used once only, and the roles that must enrol."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from court12368.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def code_for(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time += offset * device.step
    return f"{totp.token():06d}"


@pytest.fixture
def enrolled(client, make_staff):
    leader = make_staff(role="leader", username="leader1")
    client.force_login(leader)
    page = client.get(reverse("second-factor-setup"))
    assert page.status_code == 200 and "<svg" in page.content.decode()  # the QR code to scan
    device = TOTPDevice.objects.get(user=leader)
    assert page.context["secret"] and not device.confirmed
    assert client.post(reverse("second-factor-setup"), {"code": "000000"}).status_code == 400
    slowed = client.post(reverse("second-factor-setup"), {"code": code_for(device)})
    assert slowed.status_code == 400  # right, but too soon after a wrong one
    device.refresh_from_db()
    device.throttle_reset()  # as if the throttle's second had passed
    confirmed = client.post(reverse("second-factor-setup"), {"code": code_for(device)})
    assert confirmed["Location"] == reverse("home")
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    return leader, device


def test_after_enrolling_every_sign_in_asks_for_the_code(client, enrolled):
    leader, device = enrolled
    client.force_login(leader)  # the password step
    response = client.get("/orders/")
    assert (
        response.status_code == 302
        and response["Location"] == f"{reverse('second-factor-verify')}?next=/orders/"
    )
    wrong = client.post(reverse("second-factor-verify"), {"code": "123456", "next": "/orders/"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    assert client.get("/orders/").status_code == 302  # still nothing but the code page
    device.refresh_from_db()
    device.throttle_reset()
    right = client.post(reverse("second-factor-verify"), {"code": code_for(device, 1), "next": "/orders/"})
    assert right["Location"] == "/orders/" and client.get("/orders/").status_code == 200
    actions = set(AuditEntry.objects.filter(actor=leader).values_list("action", flat=True))
    assert {
        "staff.second_factor_enrolled",
        "staff.second_factor_failed",
        "staff.second_factor_verified",
    } <= actions


def test_a_code_opens_one_sign_in_only(client, enrolled):
    leader, device = enrolled
    used = code_for(device, 1)  # the next step: the current one was spent on enrolling
    client.force_login(leader)
    assert client.post(reverse("second-factor-verify"), {"code": used})["Location"] == reverse("home")
    client.logout()
    client.force_login(leader)
    assert client.post(reverse("second-factor-verify"), {"code": used}).status_code == 400  # replayed


def test_an_outside_next_is_not_followed(client, enrolled):
    leader, device = enrolled
    client.force_login(leader)
    response = client.post(
        reverse("second-factor-verify"), {"code": code_for(device, 1), "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("home")


def test_roles_that_must_enrol_are_sent_to_enrol_and_others_are_not(client, make_staff, settings):
    settings.SECOND_FACTOR_ROLES = ["administrator"]
    client.force_login(make_staff(role="administrator", username="cfg"))
    assert client.get("/orders/")["Location"] == reverse("second-factor-setup")
    client.force_login(make_staff(role="agent", username="agent9"))
    assert client.get("/orders/").status_code == 200


# ---- issue 20, item 1: the second factor could be skipped with the password alone ------------------
def _attackers_device_code(client) -> str:
    """What an attacker holding only the password would do: open enrolment and read the key shown."""
    device = TOTPDevice.objects.filter(confirmed=False).order_by("-pk").first()
    return code_for(device) if device else "000000"


def test_second_factor_skip_a_password_only_session_cannot_enrol_its_own_authenticator(client, enrolled):
    leader, device = enrolled
    client.force_login(leader)  # the password step only
    page = client.get(reverse("second-factor-setup"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("second-factor-verify"))
    posted = client.post(reverse("second-factor-setup"), {"code": _attackers_device_code(client)})
    assert posted.status_code == 302 and posted["Location"].startswith(reverse("second-factor-verify"))
    # The victim's authenticator is still the only one, and the session is still only half signed in.
    assert list(TOTPDevice.objects.filter(user=leader).values_list("pk", "confirmed")) == [(device.pk, True)]
    assert client.get("/orders/")["Location"].startswith(reverse("second-factor-verify"))
    assert AuditEntry.objects.filter(actor=leader, action="staff.second_factor_change_refused").exists()


def test_second_factor_skip_a_password_only_session_cannot_remove_the_authenticator(client, make_staff):
    judge = make_staff(role="judge", username="judge-2fa")
    device = TOTPDevice.objects.create(user=judge, name="authenticator", confirmed=True)
    client.force_login(judge)
    response = client.post(reverse("second-factor-setup"), {"action": "remove"})
    assert response["Location"].startswith(reverse("second-factor-verify"))
    assert TOTPDevice.objects.filter(pk=device.pk, confirmed=True).exists()


def test_second_factor_skip_a_verified_session_may_replace_or_remove_its_own(client, make_staff):
    judge = make_staff(role="judge", username="judge-own")
    old = TOTPDevice.objects.create(user=judge, name="authenticator", confirmed=True)
    client.force_login(judge)
    assert client.post(reverse("second-factor-verify"), {"code": code_for(old)})["Location"] == reverse(
        "home"
    )
    assert client.get(reverse("second-factor-setup")).status_code == 200  # a new phone: allowed now
    new = TOTPDevice.objects.get(user=judge, confirmed=False)
    assert client.post(reverse("second-factor-setup"), {"code": code_for(new)})["Location"] == reverse("home")
    assert list(TOTPDevice.objects.filter(user=judge).values_list("pk", flat=True)) == [new.pk]
    assert client.post(reverse("second-factor-setup"), {"action": "remove"})["Location"] == reverse("home")
    assert not TOTPDevice.objects.filter(user=judge).exists()
    assert AuditEntry.objects.filter(actor=judge, action="staff.second_factor_removed").exists()


def test_second_factor_skip_a_session_signed_in_before_enrolment_is_asked_for_the_code(client, make_staff):
    from django.test import Client

    judge = make_staff(role="judge", username="judge-early")
    client.force_login(judge)  # signed in while nothing was enrolled
    assert client.get("/orders/").status_code == 200
    other = Client()
    other.force_login(judge)
    other.get(reverse("second-factor-setup"))
    device = TOTPDevice.objects.get(user=judge)
    assert other.post(reverse("second-factor-setup"), {"code": code_for(device)})["Location"] == reverse(
        "home"
    )
    response = client.get("/orders/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("second-factor-verify"))


def test_second_factor_skip_a_lost_phone_is_reset_by_the_courts_administrator_and_audited(client, court):
    from court12368.courts.models import Role
    from court12368.demo.factories import CourtFactory, StaffFactory

    administrator = StaffFactory(court=court, role=Role.ADMINISTRATOR, username="cfg-2fa")
    judge = StaffFactory(court=court, role=Role.JUDGE, username="judge-lost")
    elsewhere = StaffFactory(court=CourtFactory(code="京0108"), role=Role.JUDGE, username="judge-far")
    for owner in (judge, elsewhere):
        TOTPDevice.objects.create(user=owner, name="authenticator", confirmed=True)
    client.force_login(administrator)
    action = {"action": "reset_second_factor", "_selected_action": [judge.pk, elsewhere.pk]}
    response = client.post(reverse("admin:courts_staff_changelist"), action, REMOTE_ADDR="10.3.3.3")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=judge).exists()
    assert TOTPDevice.objects.filter(user=elsewhere).exists()  # another court's account is out of reach
    entry = AuditEntry.objects.get(action="staff.second_factor_reset")
    assert (entry.actor, entry.subject_id, entry.ip) == (administrator, str(judge.pk), "10.3.3.3")


def test_second_factor_skip_a_key_read_by_another_session_is_never_handed_to_the_owner(client, make_staff):
    """Someone with the password opens enrolment first and notes the key; the owner enrols later."""
    from django.test import Client

    judge = make_staff(role="judge", username="judge-planted")
    thief = Client()
    thief.force_login(judge)
    planted = thief.get(reverse("second-factor-setup")).context["secret"]
    client.force_login(judge)
    owners = client.get(reverse("second-factor-setup")).context["secret"]
    assert owners != planted
    device = TOTPDevice.objects.get(user=judge, confirmed=False)
    assert client.post(reverse("second-factor-setup"), {"code": code_for(device)})["Location"] == reverse(
        "home"
    )
    assert list(TOTPDevice.objects.filter(user=judge).values_list("pk", flat=True)) == [device.pk]
