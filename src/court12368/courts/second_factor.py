"""The TOTP second factor for staff sign-in (MLPS 2.0 level 3: two kinds of authentication for
administrators), on django-otp. Any staff member may enrol; the roles in `settings.SECOND_FACTOR_ROLES`
must. Once enrolled, every sign-in asks for the six-digit code; django-otp slows repeated wrong codes.

Whoever holds only the password must not be able to replace the factor: enrolling again and removing the
authenticator need a session that has entered the current code. A lost phone is an administrator's
audited reset (`reset`), not something the half-signed-in session can do.
"""

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from court12368.core import audit

DEVICE_NAME = "authenticator"


def required_for(user) -> bool:
    return user.role in settings.SECOND_FACTOR_ROLES


def enrolled(user) -> bool:
    return user_has_device(user, confirmed=True)


def may_change(request) -> bool:
    """A first enrolment needs the password only; replacing or removing a device needs its code too."""
    return request.user.is_verified() or not enrolled(request.user)


PENDING = "second_factor_pending_device"


def pending_device(request) -> TOTPDevice:
    """The device being enrolled in this session: kept until confirmed, so a reload shows the same key.
    It belongs to the session, never reused by another: a key read by someone else's session (say, one
    signed in with a stolen password before the owner enrolled) is thrown away, not handed to the owner."""
    require_change(request)
    device = TOTPDevice.objects.filter(
        user=request.user, confirmed=False, pk=request.session.get(PENDING, 0)
    ).first()
    if device is None:
        TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=request.user, name=DEVICE_NAME, confirmed=False)
        request.session[PENDING] = device.pk
    return device


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


@transaction.atomic
def confirm(request, device: TOTPDevice, code: str) -> bool:
    require_change(request)
    pending = TOTPDevice.objects.select_for_update().filter(user=request.user, confirmed=False)
    device = pending.filter(pk=device.pk).first()
    if device is None or not device.verify_token(code.strip()):  # None: another session began enrolling
        _audit(request, "staff.second_factor_failed")
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()  # replaces every other
    device.confirmed = True
    device.save()
    request.session.pop(PENDING, None)
    otp_login(request, device)
    _audit(request, "staff.second_factor_enrolled")
    return True


@transaction.atomic
def remove(request) -> None:
    """The staff member turns the second factor off (only where their role does not require it)."""
    require_change(request)
    if required_for(request.user):
        raise PermissionDenied("this role must keep the second factor")
    TOTPDevice.objects.filter(user=request.user).delete()
    _audit(request, "staff.second_factor_removed")


@transaction.atomic
def reset(staff, *, by, ip: str | None) -> int:
    """An administrator clears a staff member's authenticator (a lost phone): the next sign-in enrols
    again. The caller has checked that ``by`` may configure ``staff``'s court."""
    removed, _detail = TOTPDevice.objects.filter(user=staff).delete()
    audit.record(
        "staff.second_factor_reset", channel="admin", actor=by, subject=staff, ip=ip, devices=removed
    )
    return removed


@transaction.atomic
def verify(request, code: str) -> bool:
    for device in devices_for_user(request.user, confirmed=True, for_verify=True):
        if device.verify_token(code.strip()):
            otp_login(request, device)
            _audit(request, "staff.second_factor_verified")
            return True
    _audit(request, "staff.second_factor_failed")
    return False


def require_change(request) -> None:
    """Refuses (and audits) a change of the factor by a session that has not entered the code."""
    if not may_change(request):
        _audit(request, "staff.second_factor_change_refused")
        raise PermissionDenied("enter the current code before changing the second factor")


def _audit(request, action: str) -> None:
    audit.record(action, channel="web", actor=request.user, ip=audit.client_ip(request))
