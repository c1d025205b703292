"""The SMPP transport against a small SMSC speaking SMPP 3.4 on a loopback socket."""

import socket
import struct
import threading

import pytest
from smpplib import smpp

from court12368.notifications.transports import OutgoingSms, SendError, SmppTransport

BIND_TRANSMITTER, SUBMIT_SM, UNBIND = 0x00000002, 0x00000004, 0x00000006
RESPONSE = 0x80000000


class FakeSmsc(threading.Thread):
    """Accepts one session: answers bind, submit_sm (with message ids) and unbind; records submits."""

    def __init__(self, refuse_password: str = ""):
        super().__init__(daemon=True)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.submits, self.binds = [], []
        self.refuse_password = refuse_password

    def run(self):
        conn, _addr = self.server.accept()
        with conn:
            while True:
                header = self._read(conn, 16)
                if not header:
                    return
                length, command, _status, sequence = struct.unpack(">IIII", header)
                body = self._read(conn, length - 16)
                if command == BIND_TRANSMITTER:
                    self.binds.append(body)
                    refused = self.refuse_password and self.refuse_password.encode() in body
                    self._reply(conn, command, sequence, b"smsc\0", status=0x0E if refused else 0)
                elif command == SUBMIT_SM:
                    self.submits.append(smpp.parse_pdu(header + body, sequence=sequence))
                    self._reply(conn, command, sequence, f"msg-{len(self.submits)}\0".encode())
                elif command == UNBIND:
                    self._reply(conn, command, sequence, b"")
                    return

    @staticmethod
    def _read(conn, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                return b""
            data += chunk
        return data

    @staticmethod
    def _reply(conn, command: int, sequence: int, body: bytes, status: int = 0) -> None:
        conn.sendall(struct.pack(">IIII", 16 + len(body), command | RESPONSE, status, sequence) + body)


def joined_text(submits) -> str:
    """The submitted parts put back together: strip each part's 6-byte concatenation header."""
    payload = b""
    for pdu in submits:
        message = pdu.short_message
        payload += message[6:] if pdu.esm_class & 0x40 else message
    return payload.decode("utf-16-be")


def test_a_long_chinese_sms_goes_as_concatenated_ucs2_parts_with_the_smscs_ids():
    smsc = FakeSmsc()
    smsc.start()
    body = "【朝阳区人民法院】" + "您反映的事项已办理完毕，承办法官已与您电话联系。" * 4
    transport = SmppTransport("127.0.0.1", smsc.port, system_id="court", password="pw", source_addr="12368")
    receipt = transport.send(OutgoingSms(id=1, phone="13800138000", body=body, sender="12368"))
    smsc.join(5)
    assert receipt.gateway_message_id == "msg-1,msg-2"
    assert [p.destination_addr for p in smsc.submits] == [b"8613800138000"] * 2
    assert {p.data_coding for p in smsc.submits} == {8}  # UCS-2
    assert joined_text(smsc.submits) == body


def test_a_refused_bind_is_a_failure_that_may_be_retried():
    smsc = FakeSmsc(refuse_password="wrong")
    smsc.start()
    transport = SmppTransport("127.0.0.1", smsc.port, system_id="court", password="wrong")
    with pytest.raises(SendError) as error:
        transport.send(OutgoingSms(id=1, phone="13800138000", body="测试"))
    assert error.value.retry and not smsc.submits


def test_no_smsc_listening_is_retried_later():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SendError) as error:
        SmppTransport("127.0.0.1", port, system_id="c", password="p").send(
            OutgoingSms(id=1, phone="13800138000", body="测试")
        )
    assert error.value.retry


# ---- the receiver session: receipts and incoming SMS --------------------------------------------
BIND_RECEIVER, DELIVER_SM = 0x00000001, 0x00000005


class PushingSmsc(threading.Thread):
    """Takes a receiver bind, pushes ``pdus`` (deliver_sm) and collects the ESME's answers."""

    def __init__(self, pdus):
        super().__init__(daemon=True)
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.pdus, self.answers = pdus, []
        self.done = threading.Event()

    def run(self):
        conn, _addr = self.server.accept()
        with conn:
            header = FakeSmsc._read(conn, 16)
            _length, command, _status, sequence = struct.unpack(">IIII", header)
            FakeSmsc._read(conn, _length - 16)
            assert command == BIND_RECEIVER
            FakeSmsc._reply(conn, command, sequence, b"smsc\0")
            for pdu in self.pdus:
                conn.sendall(pdu.generate())
                while True:  # skip enquire_links until the answer to this PDU
                    header = FakeSmsc._read(conn, 16)
                    length, command, status, sequence = struct.unpack(">IIII", header)
                    FakeSmsc._read(conn, length - 16)
                    if command == DELIVER_SM | RESPONSE:
                        self.answers.append(status)
                        break
                    FakeSmsc._reply(conn, command, sequence, b"")
            self.done.set()
            conn.recv(1)  # hold the session until the receiver goes


def deliver_sm(sequence, **fields):
    return smpp.make_pdu("deliver_sm", sequence=sequence, **fields)


@pytest.mark.django_db(transaction=True)
def test_the_receiver_marks_receipts_delivered_and_answers_incoming_sms(court):
    from court12368.notifications import smpp_receiver
    from court12368.notifications.models import InboundSms, Notification, SmsSettings

    SmsSettings.objects.create(court=court, inbound_number="12368")
    sent = Notification.objects.create(
        idempotency_key="k",
        channel="sms",
        phone="13800138000",
        event="result",
        body="x",
        status="sent",
        transport="smpp",
        gateway_message_id="msg-7,msg-8",
    )
    receipt = (
        "id:msg-8 sub:001 dlvrd:001 submit date:2611231000 done date:2611231001 stat:DELIVRD err:000 text:"
    )
    smsc = PushingSmsc(
        [
            deliver_sm(
                1,
                source_addr="8613800138000",
                destination_addr="12368",
                esm_class=0x04,
                short_message=receipt.encode(),
            ),
            deliver_sm(
                2,
                source_addr="8613800138000",
                destination_addr="12368",
                esm_class=0,
                data_coding=8,
                short_message="帮助".encode("utf-16-be"),
            ),
        ]
    )
    smsc.start()
    stop = threading.Event()
    receiver = threading.Thread(
        target=smpp_receiver.run,
        args=(stop,),
        kwargs={"host": "127.0.0.1", "port": smsc.port, "system_id": "court", "password": "pw"},
    )
    receiver.start()
    assert smsc.done.wait(15)
    stop.set()
    receiver.join(15)

    assert smsc.answers == [0, 0]
    sent.refresh_from_db()
    assert sent.status == "delivered"
    message = InboundSms.objects.get()
    assert (message.phone, message.text, message.outcome, message.court) == (
        "13800138000",
        "帮助",
        "help",
        court,
    )
    assert Notification.objects.filter(phone="13800138000", event="help").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "id:abc123 sub:001 dlvrd:001 submit date:2611231000 done date:2611231001 stat:DELIVRD err:000",
            ("abc123", 1),
        ),
        ("id:9 sub:001 dlvrd:000 stat:UNDELIV err:001", ("9", 2)),
        ("id:9 stat:REJECTD", ("9", 16)),
        ("no receipt here", None),
    ],
)
def test_receipt_texts(text, expected):
    from court12368.notifications.smpp_receiver import parse_receipt

    assert parse_receipt(text) == expected
