"""The callback against the fake platform: URL check, safe mode, retries, and refusals that write nothing."""

import json

import pytest
from django.test import Client

from court12368.core.models import AuditEntry
from court12368.wechat.models import WechatMessage
from court12368.workorders.models import WorkOrder
from tests.wechat.conftest import AES_KEY, APP_ID, OPENID, TOKEN
from tests.wechat.fake_wechat import FakeWechat, wechat_encrypt, xml_of

pytestmark = pytest.mark.django_db


def nothing_written():
    return (
        not WechatMessage.objects.exists()
        and not WorkOrder.objects.exists()
        and not AuditEntry.objects.filter(channel="wechat").exists()
    )


def refusal(reply) -> str:
    return json.loads(reply.body)["code"]


def test_the_consoles_url_check_is_echoed_only_with_the_right_token(wechat):
    ok = wechat.verify_url("1234567890abc")
    assert ok.status_code == 200 and ok.content == b"1234567890abc"
    assert ok["Content-Type"].startswith("text/plain")
    bad = wechat.verify_url("1234567890abc", token="someoneelse")
    assert bad.status_code == 403 and b"1234567890abc" not in bad.content
    assert json.loads(bad.content)["code"] == "bad_signature"
    unknown = FakeWechat(Client(), app_id="wx0000000000000000", token=TOKEN).verify_url()
    assert unknown.status_code == 404


def test_safe_mode_round_trip(safe_wechat):
    reply = safe_wechat.say(OPENID, "帮助")
    assert reply.status == 200
    assert b"<Encrypt>" in reply.body and "查询" not in reply.body.decode()  # nothing readable on the wire
    assert "查询" in reply.content and reply.fields["ToUserName"] == OPENID  # checked and decrypted
    assert WechatMessage.objects.get().outcome == "help"


def test_a_retry_with_the_same_msgid_is_handled_once_and_answered_the_same(wechat):
    message = wechat.text(OPENID, "我想反映执行案件一直没有进展的问题")
    replies = wechat.send(message, retries=2)  # the first try and WeChat's two retries
    assert [r.status for r in replies] == [200, 200, 200]
    assert len({r.content for r in replies}) == 1 and WorkOrder.objects.get().number in replies[0].content
    assert WechatMessage.objects.count() == 1
    assert AuditEntry.objects.filter(action="wechat_received").count() == 1


def test_a_retry_in_safe_mode_is_handled_once_too(safe_wechat):
    replies = safe_wechat.send(safe_wechat.text(OPENID, "法官电话一直打不通，请帮忙联系"), retries=3)
    assert WorkOrder.objects.count() == 1 and WechatMessage.objects.count() == 1
    assert len({r.content for r in replies}) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"<xml><ToUserName>gh_1</ToUserName><FromUserName>o1",  # cut short
        b"not xml at all",
        b"<html><body>hi</body></html>",  # another root
        b'<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        b"<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
        b"<MsgType>text</MsgType><Content>&b;</Content><MsgId>1</MsgId></xml>",  # entities: refused
        b'<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml><Content>x</Content></xml>',
        b"<xml><ToUserName>gh_1</ToUserName><MsgType>text</MsgType></xml>",  # no sender
        b"<xml>" + b"<Content>" + b"x" * 40_000 + b"</Content></xml>",  # far beyond any message
    ],
)
def test_bad_bodies_are_refused_and_nothing_is_written(wechat, body):
    response = wechat.client.post(
        f"{wechat.url}?{'&'.join(f'{k}={v}' for k, v in wechat.signed_query().items())}",
        body,
        content_type="text/xml",
    )
    assert response.status_code in (400, 413)
    assert json.loads(response.content)["code"] in ("bad_message", "too_large")
    assert nothing_written()


def test_a_post_with_a_wrong_signature_is_refused(wechat):
    reply = wechat.post(xml_of(wechat.text(OPENID, "请转人工处理我的事情")), token="forged")
    assert reply.status == 403 and refusal(reply) == "bad_signature"
    assert nothing_written()


def test_safe_mode_refuses_another_accounts_message_a_bad_msg_signature_and_plain_text(safe_wechat):
    message = xml_of(safe_wechat.text(OPENID, "请转人工处理我的事情"))
    other = safe_wechat.post(message, app_id="wx1111111111111111")  # encrypted with our key, other AppID
    assert other.status == 403 and refusal(other) == "wrong_app_id"
    # The URL is signed right, the Encrypt field is not the one signed.
    query = safe_wechat.signed_query(encrypt="something else")
    encrypted = wechat_encrypt(message, AES_KEY, APP_ID)
    forged = safe_wechat.client.post(
        f"{safe_wechat.url}?{'&'.join(f'{k}={v}' for k, v in query.items())}",
        xml_of({"ToUserName": safe_wechat.account, "Encrypt": encrypted}),
        content_type="text/xml",
    )
    assert forged.status_code == 403 and json.loads(forged.content)["code"] == "bad_signature"
    # A plain message to an account in safe mode: its signature would cover only the URL.
    plain = FakeWechat(safe_wechat.client, app_id=APP_ID, token=TOKEN).post(message)
    assert plain.status == 403 and refusal(plain) == "encryption_required"
    assert nothing_written()


def test_an_encrypted_message_under_the_wrong_key_is_refused(safe_wechat):
    wrong = FakeWechat(
        safe_wechat.client, app_id=APP_ID, token=TOKEN, safe_mode=True,
        encoding_aes_key="ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut",
    )  # fmt: skip
    reply = wrong.post(xml_of(wrong.text(OPENID, "请转人工")))
    assert reply.status in (400, 403) and refusal(reply) in ("bad_message", "wrong_app_id")
    assert nothing_written()


def test_an_inactive_account_answers_nothing(wechat, plain_account):
    plain_account.active = False
    plain_account.save()
    assert wechat.say(OPENID, "帮助").status == 404
    assert nothing_written()
