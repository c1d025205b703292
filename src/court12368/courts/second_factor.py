"""The TOTP second factor for staff sign-in (MLPS 2.0 level 3: two kinds of authentication for
administrators), on django-otp. Any staff member may enrol; the roles in `settings.SECOND_FACTOR_ROLES`
must. Once enrolled, every sign-in asks for the six-digit code; django-otp slows repeated wrong codes.
"""

import segno
from django.conf import settings
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


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: made once, kept until confirmed, so a reload shows the same key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=4)


@transaction.atomic
def confirm(request, device: TOTPDevice, code: str) -> bool:
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(code.strip()):
        _audit(request, "staff.second_factor_failed")
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()  # a new phone replaces the old
    device.confirmed = True
    device.save()
    otp_login(request, device)
    _audit(request, "staff.second_factor_enrolled")
    return True


@transaction.atomic
def verify(request, code: str) -> bool:
    for device in devices_for_user(request.user, confirmed=True, for_verify=True):
        if device.verify_token(code.strip()):
            otp_login(request, device)
            _audit(request, "staff.second_factor_verified")
            return True
    _audit(request, "staff.second_factor_failed")
    return False


def _audit(request, action: str) -> None:
    audit.record(action, channel="web", actor=request.user, ip=audit.client_ip(request))
