"""The SMPP receiver session (``court12368 smpp-receiver``): delivery receipts and incoming SMS.

With the ``smpp`` transport the SMSC reports delivery, and passes on SMS from the public, as
``deliver_sm`` PDUs on a session bound as receiver. This loop holds that session open, reconnects
with a growing pause when it drops, and hands each PDU to the same code the Kannel endpoints use.
"""

import logging
import re
import threading
import uuid

from django.db import close_old_connections
from django.db.models import Q
from django.utils import translation

from court12368.notifications import services
from court12368.notifications.models import Notification

log = logging.getLogger(__name__)

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
DELIVERY_RECEIPT = 0x04  # esm_class message type
UDHI = 0x40
UCS2 = 8


def _text(value) -> str:
    return value.decode("ascii", "replace") if isinstance(value, bytes) else str(value or "")


def decode_message(pdu) -> str:
    payload = pdu.short_message or b""
    if pdu.esm_class & UDHI and payload:
        payload = payload[payload[0] + 1 :]  # drop the user data header
    if pdu.data_coding == UCS2:
        return payload.decode("utf-16-be", "replace")
    return payload.decode("latin-1")


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


def handle_deliver_sm(pdu) -> str:
    """One deliver_sm: a receipt updates the outbox; anything else is an incoming SMS."""
    from court12368.notifications import inbound

    text = decode_message(pdu)
    if pdu.esm_class & DELIVERY_RECEIPT:
        receipt = parse_receipt(text)
        if receipt is None:
            log.warning("SMPP receipt without an id: %r", text[:80])
            return "unreadable receipt"
        return "receipt" if record_receipt(*receipt) else "receipt for an unknown message"
    with translation.override("zh-hans"):
        inbound.receive(
            gateway_id=f"smpp:{uuid.uuid4()}",
            phone=_text(pdu.source_addr),  # 86… is read as a mainland mobile
            to_number=_text(pdu.destination_addr)[:21],
            text=text,
        )
    return "incoming"


def run(stop: threading.Event, *, host: str, port: int, system_id: str, password: str) -> None:
    import smpplib.client
    import smpplib.exceptions

    pause = 1.0
    while not stop.is_set():
        client = smpplib.client.Client(host, port, timeout=5, allow_unknown_opt_params=True)

        def on_pdu(pdu, **_kwargs):
            close_old_connections()
            try:
                handle_deliver_sm(pdu)
            except Exception:  # one bad PDU must not drop the session; the SMSC gets an error status
                log.exception("could not handle a deliver_sm")
                return 0x08  # ESME_RSYSERR: the SMSC keeps it and retries
            return 0

        client.set_message_received_handler(on_pdu)
        try:
            client.connect()
            client.bind_receiver(system_id=system_id, password=password)
            log.info("SMPP receiver bound to %s:%s", host, port)
            pause = 1.0
            while not stop.is_set():
                client.read_once()  # a 5 s silence sends enquire_link, keeping the session alive
        except (
            TimeoutError,
            OSError,
            smpplib.exceptions.ConnectionError,
            smpplib.exceptions.PDUError,
        ) as error:
            log.warning("SMPP receiver: %s; reconnecting in %.0f s", error, pause)
        finally:
            try:
                client.disconnect()
            except Exception:  # noqa: BLE001 - already gone
                log.debug("SMPP disconnect failed", exc_info=True)
        stop.wait(pause)
        pause = min(pause * 2, 60.0)
