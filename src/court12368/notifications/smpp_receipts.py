"""SMPP delivery receipts for the outbox: which sent SMS a receipt is about, and what it says of it.

The SMS channel's receiver session (``court12368 smpp-receiver``) hands every receipt it gets here.
"""

import re

from django.db.models import Q

from court12368.notifications import services
from court12368.notifications.models import Notification

# SMPP 3.4 appendix B: the receipt text. Its stat maps onto Kannel's report types used by the outbox.
_RECEIPT = re.compile(r"id:(?P<id>\S+).*?stat:(?P<stat>[A-Z]+)", re.S | re.I)
REPORT_TYPES = {
    "DELIVRD": 1,
    "UNDELIV": 2,
    "EXPIRED": 2,
    "DELETED": 2,
    "REJECTD": 16,
    "ACCEPTD": 8,
    "ENROUTE": 4,
}


def parse_receipt(text: str) -> tuple[str, int] | None:
    match = _RECEIPT.search(text)
    if not match:
        return None
    return match["id"], REPORT_TYPES.get(match["stat"].upper(), 4)


def record_receipt(message_id: str, report_type: int) -> bool:
    """Find the SMS whose (possibly comma-joined, one per part) SMPP ids include ``message_id``."""
    found = (
        Notification.objects.filter(transport="smpp")
        .filter(
            Q(gateway_message_id=message_id)
            | Q(gateway_message_id__startswith=f"{message_id},")
            | Q(gateway_message_id__endswith=f",{message_id}")
            | Q(gateway_message_id__contains=f",{message_id},")
        )
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return bool(found) and services.record_delivery_report(found, report_type)
