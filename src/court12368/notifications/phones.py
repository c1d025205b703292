"""Mainland mobile numbers: the only numbers an SMS can reach."""

import re

from django.utils.translation import gettext as _

# 11 digits, 1 then 3-9 (every mainland mobile and IoT-free consumer range since 2019).
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_PREFIX = re.compile(r"^(?:\+?86|0086)")


class InvalidPhone(ValueError):
    pass


def normalize_mobile(raw: str) -> str:
    """'+86 138-0013-8000' → '13800138000'; anything that is not a mainland mobile raises InvalidPhone."""
    digits = re.sub(r"[\s\-()（）]", "", raw or "")
    if len(digits) > 11:
        digits = _PREFIX.sub("", digits, count=1)
    if not _MOBILE.match(digits):
        raise InvalidPhone(
            _("%(number)s is not a mainland mobile number; no SMS can be sent to it.")
            % {"number": _mask(digits)}
        )
    return digits


def same_mobile(stored: str, phone: str) -> bool:
    """Whether a number as typed somewhere (an order's caller number) is this mobile."""
    try:
        return normalize_mobile(stored) == normalize_mobile(phone)
    except InvalidPhone:
        return False


def clean_mobile(raw: str) -> str:
    """For forms: the normalised mobile, or a ValidationError with the reason in the user's language."""
    from django.core.exceptions import ValidationError

    try:
        return normalize_mobile(raw)
    except InvalidPhone as error:
        raise ValidationError(str(error)) from error


def is_mobile(raw: str) -> bool:
    try:
        normalize_mobile(raw)
    except InvalidPhone:
        return False
    return True


def _mask(digits: str) -> str:
    from court12368.core.privacy import mask_phone

    return mask_phone(digits) if digits else "''"
