"""The SMPP receiver session: an SMSC pushes a delivery receipt and an incoming SMS on one bind."""

import socket
import struct
import threading

import pytest
from smpplib import smpp

from court12368.notifications.models import Notification, SmsSettings
from court12368.sms import smpp_receiver
from court12368.sms.models import InboundSms
from tests.notifications.smsc import RESPONSE, FakeSmsc

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
