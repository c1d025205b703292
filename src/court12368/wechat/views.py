"""The official account's callback (微信公众平台《接入指南》《消息加解密说明》): the URL check and the
messages.

Refusals are JSON in the platform's error shape, and nothing is written before every check has passed:
the URL signature, the body's size and form, in safe mode the message signature, the decryption and
the AppID inside. The work is in ``services``; this view only reads and writes the protocol.
"""

import secrets
import time

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from court12368.core import audit
from court12368.core.errors import error_response
from court12368.wechat import crypto, services, wire
from court12368.wechat.models import WechatAccount


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request, app_id: str):
    account = services.account_for(app_id)
    if account is None:
        return error_response(404, _("No active WeChat account has this AppID."), code="unknown_account")
    query = request.GET
    timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
    if not crypto.signed(query.get("signature", ""), account.token, timestamp, nonce):
        return error_response(403, _("The signature does not match the token."), code="bad_signature")
    if request.method == "GET":  # the console's URL check: echo its echostr back
        return HttpResponse(query.get("echostr", ""), content_type="text/plain; charset=utf-8")
    try:
        incoming, encrypted = _read(request, account)
    except Refused as refused:
        return error_response(refused.status, refused.message, code=refused.code)
    message = services.receive(account, incoming, ip=audit.client_ip(request))
    if message is None or not message.reply:
        return HttpResponse(wire.NO_REPLY, content_type="text/plain; charset=utf-8")
    reply = wire.text_reply(to_user=incoming.openid, from_user=incoming.account, content=message.reply)
    if encrypted:
        reply = _encrypt(reply, account)
    return HttpResponse(reply, content_type="application/xml; charset=utf-8")


def _read(request, account: WechatAccount) -> tuple[services.Incoming, bool]:
    """The message in the body, decrypted in safe mode; Refused on anything else."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > wire.MAX_BODY or len(request.body) > wire.MAX_BODY:
        raise Refused(413, "too_large", _("The message is too large."))
    query = request.GET
    encrypted = query.get("encrypt_type", "") == "aes"
    try:
        fields = wire.parse(request.body)
        if encrypted:
            fields = _decrypted(fields, account, query)
        elif account.mode == WechatAccount.Mode.SAFE:
            # In plain mode the signature covers only the URL: anyone who saw one could send anything.
            raise Refused(403, "encryption_required", _("This account accepts encrypted messages only."))
        return services.Incoming.from_fields(fields), encrypted
    except (wire.BadMessage, crypto.CryptoError) as error:
        why = _("The message could not be read: %(why)s") % {"why": error}
        raise Refused(400, "bad_message", why) from error


def _decrypted(fields: dict, account: WechatAccount, query) -> dict:
    if not account.encoding_aes_key:
        raise Refused(403, "no_key", _("No EncodingAESKey is configured for this account."))
    encrypted = fields.get("Encrypt", "")
    if not encrypted:
        raise wire.BadMessage("no Encrypt field")
    parts = (account.token, query.get("timestamp", ""), query.get("nonce", ""), encrypted)
    if not crypto.signed(query.get("msg_signature", ""), *parts):
        raise Refused(403, "bad_signature", _("The message signature does not match the token."))
    message, app_id = crypto.decrypt(encrypted, encoding_aes_key=account.encoding_aes_key)
    if app_id != account.app_id:
        raise Refused(403, "wrong_app_id", _("The message belongs to another account."))
    return wire.parse(message.encode())


def _encrypt(reply: str, account: WechatAccount) -> str:
    encrypted = crypto.encrypt(reply, encoding_aes_key=account.encoding_aes_key, app_id=account.app_id)
    timestamp, nonce = str(int(time.time())), secrets.token_hex(8)
    signature = crypto.signature(account.token, timestamp, nonce, encrypted)
    return wire.encrypted_reply(encrypted=encrypted, signature=signature, timestamp=timestamp, nonce=nonce)
