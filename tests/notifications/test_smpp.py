"""The SMPP transport against a small SMSC speaking SMPP 3.4 on a loopback socket; receipt texts."""

import socket

import pytest

from court12368.notifications.smpp_receipts import parse_receipt
from court12368.notifications.transports import OutgoingSms, SendError, SmppTransport
from tests.notifications.smsc import FakeSmsc


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
    assert parse_receipt(text) == expected
