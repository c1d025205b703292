"""Where SMS leave the platform: one interface, three gateways.

``console`` (the embedded default) logs that a message went out with the number masked and its event,
length and parts, never its text (texts carry case numbers, names and hearing times); when a spool file
is configured (the stand-in for a gateway) it appends the full message there, a file only its owner may
read. ``kannel`` uses Kannel's HTTP ``sendsms`` with a ``dlr-url`` for delivery reports; ``smpp``
submits directly to an SMSC that speaks SMPP 3.4.

A transport raises :class:`SendError`. ``retry`` is True only when the gateway surely did not take
the message (connection refused, gateway busy); when the outcome is unknown it is False, because
sending again could reach the person twice.
"""

import contextlib
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import httpx
from django.conf import settings

from court12368.core.privacy import mask_phone
from court12368.notifications import segments

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutgoingSms:
    id: int
    phone: str
    body: str
    sender: str = ""
    dlr_url: str = ""
    event: str = ""  # what the message is about (the template's event), for logs that omit the text


@dataclass(frozen=True)
class Receipt:
    gateway_message_id: str = ""


class SendError(Exception):
    def __init__(self, message: str, *, retry: bool):
        super().__init__(message)
        self.retry = retry


class Transport(Protocol):
    name: str

    def send(self, sms: OutgoingSms) -> Receipt: ...


class ConsoleTransport:
    name = "console"

    def __init__(self, spool: str | Path | None = None):
        self.spool = Path(spool) if spool else None

    def send(self, sms: OutgoingSms) -> Receipt:
        log.info(
            "SMS %s to %s: %s, %d characters in %d parts (text not logged)",
            sms.id, mask_phone(sms.phone), sms.event or "-", len(sms.body), segments.count(sms.body),
        )  # fmt: skip
        if self.spool:
            self.spool.parent.mkdir(parents=True, exist_ok=True)
            line = json.dumps({"id": sms.id, "to": sms.phone, "from": sms.sender, "text": sms.body})
            fd = os.open(self.spool, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(fd, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        return Receipt(gateway_message_id=f"console-{uuid.uuid4().hex[:12]}")


class KannelTransport:
    """Kannel's smsbox ``/cgi-bin/sendsms``. Kannel splits long texts into concatenated UCS-2 parts."""

    name = "kannel"
    # 1 delivered, 2 not delivered, 8 accepted by the SMSC, 16 rejected by the SMSC.
    DLR_MASK = 1 | 2 | 8 | 16

    def __init__(self, url: str, username: str, password: str, timeout: float = 10.0):
        self.url, self.username, self.password = url, username, password
        self.timeout = httpx.Timeout(timeout, connect=5.0)

    def send(self, sms: OutgoingSms) -> Receipt:
        params = {
            "username": self.username,
            "password": self.password,
            "to": sms.phone,
            "text": sms.body,
            "charset": "UTF-8",
            "coding": "0" if segments.is_gsm7(sms.body) else "2",
            "max-messages": "10",
        }
        if sms.sender:
            params["from"] = sms.sender
        if sms.dlr_url:
            params["dlr-mask"] = str(self.DLR_MASK)
            params["dlr-url"] = sms.dlr_url
        try:
            response = httpx.get(self.url, params=params, timeout=self.timeout)
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise SendError(f"Kannel unreachable: {error}", retry=True) from error
        except httpx.HTTPError as error:
            raise SendError(f"no answer from Kannel, outcome unknown: {error}", retry=False) from error
        answer = response.text.strip()[:200]
        if response.status_code in (200, 202) and answer[:2] in ("0:", "3:"):
            return Receipt(gateway_message_id=response.headers.get("X-Kannel-Message-ID", ""))
        # 503: the queue is full or the service is down; nothing was accepted.
        raise SendError(
            f"Kannel refused ({response.status_code}): {answer}", retry=response.status_code == 503
        )


class SmppTransport:
    """A short SMPP 3.4 session per message: bind as transmitter, submit every part, unbind."""

    name = "smpp"

    def __init__(self, host: str, port: int, system_id: str, password: str, source_addr: str = ""):
        self.host, self.port = host, port
        self.system_id, self.password, self.source_addr = system_id, password, source_addr

    def send(self, sms: OutgoingSms) -> Receipt:
        import smpplib.client
        import smpplib.consts
        import smpplib.exceptions
        import smpplib.gsm

        parts, coding, esm_class = smpplib.gsm.make_parts(sms.body)
        client = smpplib.client.Client(self.host, self.port, timeout=10, allow_unknown_opt_params=True)
        submitted = 0
        ids = []
        try:
            client.connect()
            client.bind_transmitter(system_id=self.system_id, password=self.password)
            for part in parts:
                client.send_message(
                    source_addr_ton=smpplib.consts.SMPP_TON_ALNUM if not self.source_addr.isdigit() else 0,
                    source_addr=sms.sender or self.source_addr,
                    dest_addr_ton=smpplib.consts.SMPP_TON_INTL,
                    destination_addr=f"86{sms.phone}",
                    short_message=part,
                    data_coding=coding,
                    esm_class=esm_class,
                    registered_delivery=True,
                )
                submitted += 1
                response = client.read_pdu()
                if response.status != 0:
                    raise SendError(f"SMSC refused part {submitted}: status {response.status}", retry=False)
                ids.append(response.message_id.decode() if isinstance(response.message_id, bytes) else "")
        except (OSError, smpplib.exceptions.ConnectionError, smpplib.exceptions.PDUError) as error:
            # Before the first submit nothing can have reached the phone; after it, it may have.
            raise SendError(f"SMPP: {error}", retry=submitted == 0) from error
        finally:
            with contextlib.suppress(Exception):  # a failed unbind changes nothing for the message
                client.unbind()
            client.disconnect()
        return Receipt(gateway_message_id=",".join(ids)[:100])


def configured() -> Transport:
    """The transport named by ``SMS_TRANSPORT`` (see settings)."""
    name = settings.SMS_TRANSPORT
    if name == "kannel":
        return KannelTransport(
            settings.KANNEL_SENDSMS_URL, settings.KANNEL_USERNAME, settings.KANNEL_PASSWORD
        )
    if name == "smpp":
        return SmppTransport(
            settings.SMPP_HOST,
            settings.SMPP_PORT,
            settings.SMPP_SYSTEM_ID,
            settings.SMPP_PASSWORD,
            settings.SMPP_SOURCE_ADDR,
        )
    return ConsoleTransport(settings.SMS_SPOOL_FILE or None)
