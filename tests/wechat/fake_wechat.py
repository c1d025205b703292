"""A local fake of the WeChat official-account platform, written from the published protocol
(《接入指南》, 《接收普通消息》, 《被动回复用户消息》, 《消息加解密说明》) and independently of
court12368.wechat: it signs the callback URL, builds the follower's XML, encrypts it in safe mode,
posts it to our callback with Django's test client, retries with the same MsgId as WeChat does when no
answer comes within 5 seconds, and reads (and in safe mode checks and decrypts) the passive reply."""

import base64
import hashlib
import os
import struct
import time
import xml.etree.ElementTree as ET  # noqa: S405 (our own server's replies, in a test)
from dataclasses import dataclass, field
from itertools import count

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

_ids = count(24_000_000_000_000_000)


def sha1_signature(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()  # noqa: S324 (the protocol's)


def _aes(encoding_aes_key: str) -> Cipher:
    key = base64.b64decode(encoding_aes_key + "=")
    assert len(key) == 32
    return Cipher(algorithms.AES(key), modes.CBC(key[:16]))


def wechat_encrypt(message: str, encoding_aes_key: str, app_id: str) -> str:
    body = message.encode("utf-8")
    plain = os.urandom(16) + struct.pack(">I", len(body)) + body + app_id.encode()
    pad = 32 - len(plain) % 32
    plain += bytes([pad]) * pad
    encryptor = _aes(encoding_aes_key).encryptor()
    return base64.b64encode(encryptor.update(plain) + encryptor.finalize()).decode()


def wechat_decrypt(encrypted: str, encoding_aes_key: str) -> tuple[str, str]:
    decryptor = _aes(encoding_aes_key).decryptor()
    plain = decryptor.update(base64.b64decode(encrypted)) + decryptor.finalize()
    plain = plain[: -plain[-1]]
    (length,) = struct.unpack(">I", plain[16:20])
    return plain[20 : 20 + length].decode(), plain[20 + length :].decode()


def xml_of(fields: dict) -> str:
    def cell(name, value):
        text = str(value) if isinstance(value, int) else f"<![CDATA[{value}]]>"
        return f"<{name}>{text}</{name}>"

    return "<xml>" + "".join(cell(k, v) for k, v in fields.items()) + "</xml>"


def fields_of(xml: bytes | str) -> dict:
    return {child.tag: (child.text or "") for child in ET.fromstring(xml)}  # noqa: S314


@dataclass
class Reply:
    status: int
    body: bytes
    fields: dict = field(default_factory=dict)  # the passive reply, decrypted; empty for "success"

    @property
    def content(self) -> str:
        return self.fields.get("Content", "")


@dataclass
class FakeWechat:
    client: object
    app_id: str
    token: str
    encoding_aes_key: str = ""
    safe_mode: bool = False
    account: str = "gh_0123456789ab"  # the official account's original id, ToUserName

    @property
    def url(self) -> str:
        return f"/wechat/{self.app_id}/"

    def signed_query(self, *, token: str | None = None, encrypt: str | None = None) -> dict:
        token = token or self.token
        timestamp, nonce = str(int(time.time())), str(int.from_bytes(os.urandom(4), "big"))
        query = {"timestamp": timestamp, "nonce": nonce, "signature": sha1_signature(token, timestamp, nonce)}
        if encrypt is not None:
            query |= {
                "openid": "ignored-by-the-server",
                "encrypt_type": "aes",
                "msg_signature": sha1_signature(token, timestamp, nonce, encrypt),
            }
        return query

    def verify_url(self, echostr: str = "4852746918352601", *, token: str | None = None):
        query = {**self.signed_query(token=token), "echostr": echostr}
        return self.client.get(self.url, query)

    # ---- messages --------------------------------------------------------------------------------------
    def text(self, openid: str, content: str, *, msg_id: int | None = None) -> dict:
        return {
            "ToUserName": self.account,
            "FromUserName": openid,
            "CreateTime": int(time.time()),
            "MsgType": "text",
            "Content": content,
            "MsgId": msg_id if msg_id is not None else next(_ids),
        }

    def event(self, openid: str, event: str, **extra) -> dict:
        return {
            "ToUserName": self.account,
            "FromUserName": openid,
            "CreateTime": int(time.time()),
            "MsgType": "event",
            "Event": event,
            **extra,
        }

    def send(self, message: dict, *, retries: int = 0) -> list[Reply]:
        """Post the message, then again ``retries`` times with the same MsgId (fresh signatures), as
        WeChat does when an answer takes longer than 5 seconds."""
        return [self.post(xml_of(message)) for _ in range(1 + retries)]

    def say(self, openid: str, content: str) -> Reply:
        return self.post(xml_of(self.text(openid, content)))

    def post(self, xml: str, *, token: str | None = None, app_id: str | None = None) -> Reply:
        if self.safe_mode:
            encrypted = wechat_encrypt(xml, self.encoding_aes_key, app_id or self.app_id)
            body = xml_of({"ToUserName": self.account, "Encrypt": encrypted})
            query = self.signed_query(token=token, encrypt=encrypted)
        else:
            body, query = xml, self.signed_query(token=token)
        response = self.client.post(
            f"{self.url}?{'&'.join(f'{k}={v}' for k, v in query.items())}", body, content_type="text/xml"
        )
        return self.read(response)

    def read(self, response) -> Reply:
        reply = Reply(response.status_code, response.content)
        if response.status_code != 200 or response.content in (b"success", b""):
            return reply
        outer = fields_of(response.content)
        if self.safe_mode:
            # The platform checks the reply's signature and AppID before it shows the follower anything.
            expected = sha1_signature(self.token, outer["TimeStamp"], outer["Nonce"], outer["Encrypt"])
            assert outer["MsgSignature"] == expected, "reply signature"
            inner, app_id = wechat_decrypt(outer["Encrypt"], self.encoding_aes_key)
            assert app_id == self.app_id, "reply AppID"
            outer = fields_of(inner)
        reply.fields = outer
        return reply
