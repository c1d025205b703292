"""Answering a court's WeChat followers: every message is kept, audited and answered by passive reply.

The commands are the SMS channel's (``sms.commands``) and go through the same shared answers
(``sms.answers``: the case query with its lockouts, an addition to an order, a rating). A follower has
no phone number: the orders keep a stand-in derived from their OpenID (``caller_id``), and the answer
goes back in the HTTP response, never through the SMS outbox. WeChat retries a message it got no answer
to within 5 seconds, up to three times, with the same MsgId: the message is taken once and every retry
gets the answer given the first time.
"""

import base64
import datetime as dt
import hashlib
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from court12368.core import audit
from court12368.core.text import clean
from court12368.hotline.services import file_request
from court12368.notifications.models import SmsEvent
from court12368.notifications.templating import render
from court12368.sms import answers, commands
from court12368.wechat.models import WechatAccount, WechatMessage
from court12368.wechat.wire import BadMessage
from court12368.workorders import queries as order_queries
from court12368.workorders.lifecycle.caller_texts import WECHAT_CALLER

Outcome = WechatMessage.Outcome
# Beyond this many messages an hour from one follower nothing is answered (like the SMS channel's limit).
HOURLY_LIMIT = 10
# Events worth an answer or a record; the rest (LOCATION every few seconds, VIEW of a menu link...) are
# neither, so they leave no personal data behind.
KEPT_EVENTS = ("subscribe", "unsubscribe", "CLICK")
# A hello is not a matter for an agent: it gets the list of commands.
GREETINGS = frozenset({"你好", "您好", "在吗", "在么", "在不在", "有人吗", "hi", "hello", "嗨", "哈喽", "喂"})
# "进度 123456": how a matter filed here is going (a follower cannot be texted or phoned the result).
PROGRESS = re.compile(r"^(?:进度|JD)\s*[:：]?\s*(?P<code>\d{6})$", re.I)


@dataclass(frozen=True)
class Incoming:
    """One message as the official-account server sent it (after decryption in safe mode)."""

    account: str  # ToUserName: the account's own id (gh_…), the sender of our reply
    openid: str  # FromUserName
    created: str
    msg_type: str
    content: str = ""
    msg_id: str = ""
    event: str = ""

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> "Incoming":
        needed = ("ToUserName", "FromUserName", "CreateTime", "MsgType")
        missing = [name for name in needed if not fields.get(name)]
        if missing:
            raise BadMessage(f"missing {', '.join(missing)}")
        if len(fields["FromUserName"]) > 64 or not fields["CreateTime"].isdigit():
            raise BadMessage("not a follower's message")
        return cls(
            account=fields["ToUserName"],
            openid=fields["FromUserName"],
            created=fields["CreateTime"],
            msg_type=fields["MsgType"],
            content=fields.get("Content", ""),
            msg_id=fields.get("MsgId", "")[:64],
            event=fields.get("Event", "")[:32],
        )

    @property
    def dedupe_key(self) -> str:
        # The protocol: a message by its MsgId, an event (which has none) by FromUserName + CreateTime.
        return f"msg:{self.msg_id}" if self.msg_id else f"event:{self.openid}:{self.created}:{self.event}"


def account_for(app_id: str) -> WechatAccount | None:
    return WechatAccount.objects.filter(app_id=app_id, active=True).select_related("court").first()


def caller_id(openid: str) -> str:
    """The follower as an order's caller: "wx" and 18 characters of a hash of the OpenID. Stable, so the
    short-code commands find the orders filed from the same follower, and never a phone number."""
    digest = base64.b32encode(hashlib.sha256(openid.encode()).digest()).decode().lower()
    return f"{WECHAT_CALLER}{digest[:18]}"


def same_caller(stored: str, identity: str) -> bool:
    return bool(identity) and stored == identity


def receive(
    account: WechatAccount, incoming: Incoming, *, now: dt.datetime | None = None, ip: str | None = None
) -> WechatMessage | None:
    """Take one message and answer it, once; a retry gets the stored answer. None for an event that is
    neither answered nor kept."""
    if incoming.msg_type == "event" and incoming.event not in KEPT_EVENTS:
        return None
    taken = _taken(account, incoming)
    if taken is not None:
        return taken
    try:
        with transaction.atomic():
            return _take(account, incoming, now=now or timezone.now(), ip=ip)
    except IntegrityError:
        # A retry that arrived while the first try was still answering: the first one's answer stands.
        taken = _taken(account, incoming)
        if taken is None:
            raise
        return taken


def _taken(account, incoming) -> WechatMessage | None:
    return WechatMessage.objects.filter(court=account.court, dedupe_key=incoming.dedupe_key).first()


def _take(account: WechatAccount, incoming: Incoming, *, now, ip) -> WechatMessage:
    court = account.court
    # Claimed first: a concurrent retry waits on this row (the unique constraint) and then finds it.
    message = WechatMessage.objects.create(
        court=court,
        dedupe_key=incoming.dedupe_key,
        received_at=now,
        openid=incoming.openid,
        caller=caller_id(incoming.openid),
        msg_type=incoming.msg_type[:20],
        text=clean(incoming.content)[:2000],
        outcome=Outcome.HELP,
    )
    recent = WechatMessage.objects.filter(openid=incoming.openid, received_at__gt=now - dt.timedelta(hours=1))
    # Answers to the public are in Chinese, whatever language this thread served last.
    with translation.override(settings.LANGUAGE_CODE):
        if recent.exclude(pk=message.pk).count() >= HOURLY_LIMIT:
            outcome, reply, order = Outcome.RATE_LIMITED, "", None
        elif incoming.msg_type == "event":
            outcome, reply, order = *_event(incoming.event, court), None
        elif incoming.msg_type != "text":
            outcome, reply, order = Outcome.NOT_TEXT, only_text_reply(), None
        else:
            command = commands.parse(message.text)
            message.command = command.name
            if command.name == commands.QUERY:
                message.text = re.sub(r"\d", "*", commands.normalize(message.text))  # no password kept
            outcome, reply, order = _act(command, message, court=court, now=now, ip=ip)
    message.outcome, message.reply, message.order = outcome, reply, order
    message.save(update_fields=["text", "command", "outcome", "reply", "order"])
    audit.record(
        "wechat_received",
        channel="wechat",
        subject=message,
        caller=message.caller,
        ip=ip,
        msg_type=message.msg_type,
        command=message.command,
        outcome=outcome,
    )
    return message


def _event(event: str, court) -> tuple[str, str]:
    if event == "subscribe":
        return Outcome.WELCOME, welcome_reply(court)
    if event == "unsubscribe":
        return Outcome.UNFOLLOWED, ""  # nobody left to answer
    return Outcome.HELP, help_reply(court)  # a menu button


def _act(command: commands.Command, message: WechatMessage, *, court, now, ip):
    """(outcome, reply, order) for a text message."""
    sender = answers.Sender(
        channel="wechat",
        identity=message.caller,
        court=court,
        ip=ip,
        same_caller=same_caller,
        rating_note=_("rated on WeChat"),
        unknown_code=_("no matter with short code %(code)s was filed from this WeChat account."),
    )
    progress = PROGRESS.match(commands.normalize(message.text))
    if progress:
        return _progress(progress["code"], sender)
    shared = answers.answer(command, sender, now=now)
    if shared is not None:
        return shared.outcome, _worded(court, shared), shared.order
    if command.name == commands.UNSUBSCRIBE:
        return Outcome.UNSUBSCRIBE_INFO, unsubscribe_reply(), None
    if command.name == commands.HELP or _greeting(command.text):
        return Outcome.HELP, help_reply(court), None
    order = file_request(
        court=court,
        kind=None,
        content=message.text,
        name="",
        caller=message.caller,
        channel="wechat",
        now=now,
    )
    reply = _(
        "Received: your message is matter %(number)s (short code %(code)s). Our agents handle it in "
        "working hours. To add to it send “回复 %(code)s” and your words; to see how it goes send "
        "“进度 %(code)s”."
    ) % {"number": order.number, "code": order.short_code}
    return Outcome.MADE_ORDER, reply, order


def _worded(court, shared: answers.Answer) -> str:
    """The SMS channel's texts, without the SMS signature (the account shows whose it is); the two that
    speak of SMS get WeChat's own words."""
    if shared.event == SmsEvent.HELP:
        return help_reply(court)
    if shared.event == SmsEvent.RECEIVED:
        return _("Received: your message was added to matter %(number)s and its handler told.") % {
            "number": shared.order.number
        }
    return render(court, shared.event, **shared.values, signature="")


def _progress(code: str, sender: answers.Sender):
    order = order_queries.by_short_code(code, sender.identity, same_caller=sender.same_caller)
    if order is None:
        reason = str(sender.unknown_code) % {"code": code}
        return Outcome.QUERY_FAILED, _("Not found: %(reason)s") % {"reason": reason}, None
    view = order_queries.public_view(order)
    audit.record("request_viewed", channel="wechat", subject=order, caller=sender.identity, ip=sender.ip)
    reply = _("Matter %(number)s: %(status)s.") % {"number": view["number"], "status": view["status_label"]}
    if view.get("result"):
        reply += _(" Result: %(result)s") % {"result": view["result"]}
        if view["can_rate"]:
            invite = _(" Rate it: send “评价 %(code)s 1” (satisfied), 2 (basically) or 3 (not).")
            reply += invite % {"code": code}
    return Outcome.ORDER_STATUS, reply, order


def _greeting(text: str) -> bool:
    """A hello, or nothing but punctuation and emoji (a WeChat sticker sent as text)."""
    words = re.sub(r"[\s\W_]+", "", text).lower()
    return not words or words in GREETINGS


def help_reply(court) -> str:
    return _(
        "Send “查询 + litigation service password” (e.g. 查询 2026010501) for your case; “回复 short code "
        "your words” to add to a matter; “进度 short code” to see how it goes; “评价 short code 1/2/3” to "
        "rate its handling (1 satisfied, 2 basically, 3 not). Anything else you write goes to our agents. "
        "Hotline: %(hotline)s."
    ) % {"hotline": court.hotline}


def welcome_reply(court) -> str:
    return _("Welcome to the 12368 litigation service of %(court)s. ") % {"court": court.name} + help_reply(
        court
    )


def only_text_reply() -> str:
    return _("Sorry, only text messages are read here. Write your question in words, or send 帮助.")


def unsubscribe_reply() -> str:
    # Unsubscribing a phone number from here would let anyone silence someone else's SMS: the number
    # itself must send TD.
    return _(
        "This account writes to you only when you write to it: there is nothing to unsubscribe here. "
        "To stop the court's SMS, text TD from that phone; to leave this account, unfollow it."
    )
