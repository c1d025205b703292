"""Our signatures, safe-mode encryption and XML against the fake platform's own implementation."""

import base64

import pytest

from court12368.wechat import crypto, wire
from tests.wechat.conftest import AES_KEY, APP_ID, TOKEN
from tests.wechat.fake_wechat import sha1_signature, wechat_decrypt, wechat_encrypt


def test_signatures_agree_with_the_platforms():
    assert crypto.signature(TOKEN, "1409304348", "xxxxxx") == sha1_signature("xxxxxx", TOKEN, "1409304348")
    assert crypto.signed(sha1_signature(TOKEN, "1", "2").upper(), TOKEN, "1", "2")
    assert not crypto.signed(sha1_signature(TOKEN, "1", "2"), TOKEN, "1", "3")
    assert not crypto.signed("", TOKEN, "1", "2")


def test_encryption_is_the_platforms_in_both_directions():
    message = "<xml><Content><![CDATA[查询 2026010501]]></Content></xml>"
    ours = crypto.encrypt(message, encoding_aes_key=AES_KEY, app_id=APP_ID)
    assert len(base64.b64decode(ours)) % 32 == 0  # padded to the protocol's 32-byte block
    assert wechat_decrypt(ours, AES_KEY) == (message, APP_ID)
    theirs = wechat_encrypt(message, AES_KEY, APP_ID)
    assert crypto.decrypt(theirs, encoding_aes_key=AES_KEY) == (message, APP_ID)


def test_a_full_block_of_padding_when_the_plaintext_fills_its_blocks():
    # 16 random + 4 length + message + 18-byte AppID = 64 bytes: a whole 32-byte block of padding follows.
    message = "x" * 26
    encrypted = crypto.encrypt(message, encoding_aes_key=AES_KEY, app_id=APP_ID, prefix=b"\0" * 16)
    assert len(base64.b64decode(encrypted)) == 96
    assert crypto.decrypt(encrypted, encoding_aes_key=AES_KEY) == (message, APP_ID)


@pytest.mark.parametrize("key", ["short", AES_KEY + "A", "!" * 43])
def test_a_malformed_encoding_aes_key_is_refused(key):
    with pytest.raises(crypto.CryptoError):
        crypto.encrypt("<xml/>", encoding_aes_key=key, app_id=APP_ID)


@pytest.mark.parametrize("encrypted", ["", "not base64!", base64.b64encode(b"x" * 15).decode()])
def test_garbage_does_not_decrypt(encrypted):
    with pytest.raises(crypto.CryptoError):
        crypto.decrypt(encrypted, encoding_aes_key=AES_KEY)


def test_parse_keeps_the_direct_children_with_cdata_and_refuses_entities():
    fields = wire.parse(
        b"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>12</CreateTime>"
        b"<ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo><Content>a &amp; b</Content></xml>"
    )
    assert fields == {"ToUserName": "gh_1", "CreateTime": "12", "ScanCodeInfo": "", "Content": "a & b"}
    with pytest.raises(wire.BadMessage):
        wire.parse(b'<!DOCTYPE x [<!ENTITY e "boom">]><xml><Content>&e;</Content></xml>')


def test_a_reply_holds_any_text_and_is_cut_to_the_limit():
    xml = wire.text_reply(to_user="o1", from_user="gh_1", content="危险]]>文本", now=1)
    assert wire.parse(xml.encode())["Content"] == "危险]]>文本"
    long = wire.parse(wire.text_reply(to_user="o1", from_user="gh_1", content="案" * 1000).encode())
    assert len(long["Content"].encode()) <= wire.MAX_REPLY_BYTES and long["Content"].endswith("…")
