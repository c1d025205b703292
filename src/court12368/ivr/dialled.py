"""The court a call reaches from the number the caller dialled (issue 25, item 1, in part).

A provincial platform answers many courts' numbers on one line: the carrier or the SBC puts the dialled
number (the DID) in the SIP request address, and each court's numbers are configured as its public numbers
(系统配置 → 法院, shown on the portal). The number is compared in its national form: digits only, the
international prefix (+86, 0086) and the trunk prefixes a carrier adds (COURT12368_SIP_TRUNK_PREFIXES)
taken off, the area code's leading 0 restored. A local number without its area code (7 or 8 digits) matches
when exactly one court has it; a short service number such as 12368 alone says no court.
"""

import re

from django.conf import settings

from court12368.courts.models import PublicNumber

LOCAL_DIGITS = 7  # the shortest local number matched without its area code


def national(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    for prefix in sorted(settings.IVR_TRUNK_PREFIXES, key=len, reverse=True):
        if prefix and digits.startswith(prefix) and len(digits) - len(prefix) >= LOCAL_DIGITS:
            digits = digits[len(prefix) :]
            break
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) >= 11:
        digits = digits[2:]
    else:
        return digits
    return digits if digits.startswith("1") and len(digits) == 11 else "0" + digits.lstrip("0")


def court_for_number(dialled: str):
    """The active court whose public number was dialled, or None when none, or more than one, has it."""
    called = national(dialled)
    if len(called) < LOCAL_DIGITS:
        return None
    numbers = PublicNumber.objects.filter(court__is_active=True).select_related("court")
    exact = {n.court for n in numbers if national(n.number) == called}
    if not exact and not called.startswith("0"):  # dialled locally, without the area code
        exact = {n.court for n in numbers if national(n.number).endswith(called)}
    return exact.pop() if len(exact) == 1 else None
