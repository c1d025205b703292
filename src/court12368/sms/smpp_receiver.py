"""The SMPP receiver session (``court12368 smpp-receiver``): delivery receipts and incoming SMS.

With the ``smpp`` transport the SMSC reports delivery, and passes on SMS from the public, as
``deliver_sm`` PDUs on a session bound as receiver. This loop holds that session open, reconnects
with a growing pause when it drops, and hands each PDU to the same code the Kannel endpoints use:
receipts to the outbox (``notifications.smpp_receipts``), anything else to ``inbound.receive``. The
one session carries both, so it lives here in the channel, which may call the outbox but not the
other way round.
"""

import logging
import threading
import uuid

from django.db import close_old_connections
from django.utils import translation

from court12368.notifications.smpp_receipts import parse_receipt, record_receipt
from court12368.sms import inbound

log = logging.getLogger(__name__)

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


def handle_deliver_sm(pdu) -> str:
    """One deliver_sm: a receipt updates the outbox; anything else is an incoming SMS."""
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
