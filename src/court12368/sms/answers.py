"""Answering a texted command whatever channel it came by (SMS, and WeChat through the same commands):
the case query, a message added to an order by its short code, a rating of the handling.

Each goes through the services every channel shares (``cases.services.verify_identity``/``show_case``
with their lockouts and audit, ``intake.add_caller_message``, ``closing.rate_by_requester``), under the
channel's own name. The channel says who the sender is and how an order's caller is matched to them; it
delivers the answer its own way (the SMS outbox, a WeChat passive reply) and words its own help.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from court12368.cases.services import VerificationFailed, show_case, verify_identity
from court12368.notifications.models import SmsEvent
from court12368.notifications.phones import same_mobile
from court12368.sms import commands
from court12368.sms.models import InboundSms
from court12368.workorders import queries as order_queries
from court12368.workorders.lifecycle import NotAllowed, closing, intake

Outcome = InboundSms.Outcome
SCORES = {1: "satisfied", 2: "basically", 3: "unsatisfied"}


@dataclass(frozen=True)
class Sender:
    """Who sent a command, as their channel knows them."""

    channel: str  # "sms", "wechat": the channel named in the audit log and counted by the lockouts
    identity: str  # the mobile number, or the channel's stand-in for it (what an order keeps as its caller)
    court: object = None
    ip: str | None = None
    # Whether an order's stored caller is this sender: the six-digit short code alone proves nothing.
    same_caller: Callable[[str, str], bool] = same_mobile
    rating_note: str = gettext_lazy("rated by SMS")
    unknown_code: str = gettext_lazy("no matter with short code %(code)s was registered from this number.")


@dataclass
class Answer:
    """What came of a command: the outcome recorded, and the text event (with its values) that answers."""

    outcome: str
    event: str = ""
    values: dict = field(default_factory=dict)
    order: object = None


def answer(command: commands.Command, sender: Sender, *, now: dt.datetime) -> Answer | None:
    """The case query, an addition or a rating; None for the commands each channel answers its own way
    (help, unsubscribe, free text)."""
    if command.name == commands.QUERY:
        return query(command.password, sender)
    if command.name == commands.ADD:
        return add(command, sender, now=now)
    if command.name == commands.RATE:
        return rate(command, sender, now=now)
    return None


def query(password: str, sender: Sender) -> Answer:
    try:
        verified = verify_identity(
            channel=sender.channel,
            password=password,
            court=sender.court,
            caller_number=sender.identity,
            ip=sender.ip,
        )
    except VerificationFailed as failure:
        return Answer(Outcome.QUERY_FAILED, SmsEvent.QUERY_FAILED, {"reason": str(failure.message)})
    view = show_case(
        verified.case, audience="public", channel=sender.channel, caller_number=sender.identity, ip=sender.ip
    )
    return Answer(Outcome.CASE_STATUS, SmsEvent.CASE_STATUS, short_status(view))


def short_status(view: dict) -> dict:
    """The three things a party asks first: the stage, the next hearing, the judge."""
    hearing = view.get("next_hearing")
    next_hearing = ""
    if hearing:
        at = dt.datetime.fromisoformat(hearing["at"])
        place = "".join(filter(None, [hearing.get("place"), hearing.get("courtroom")]))
        next_hearing = _("Next hearing: %(when)s, %(place)s. ") % {
            "when": f"{at:%m月%d日%H:%M}",
            "place": place,
        }
    stage = view["stage"] + (f"（{view['progress']}）" if view.get("progress") else "")
    return {
        "case_number": view["number"],
        "stage": stage,
        "next_hearing": next_hearing,
        "judge": view.get("judge") or _("not yet assigned"),
    }


def _not_found(code: str, sender: Sender) -> Answer:
    reason = str(sender.unknown_code) % {"code": code}
    return Answer(Outcome.QUERY_FAILED, SmsEvent.QUERY_FAILED, {"reason": reason})


def add(command: commands.Command, sender: Sender, *, now) -> Answer:
    order = order_queries.by_short_code(command.code, sender.identity, same_caller=sender.same_caller)
    if order is None:
        return _not_found(command.code, sender)
    try:
        intake.add_caller_message(order, text=command.text, channel=sender.channel, now=now)
    except NotAllowed as refused:
        return Answer(Outcome.QUERY_FAILED, SmsEvent.QUERY_FAILED, {"reason": str(refused)}, order=order)
    return Answer(Outcome.ORDER_MESSAGE, SmsEvent.RECEIVED, order=order)


def rate(command: commands.Command, sender: Sender, *, now) -> Answer:
    if command.code:
        order = order_queries.by_short_code(command.code, sender.identity, same_caller=sender.same_caller)
        if order is None:
            return _not_found(command.code, sender)
    else:
        waiting = order_queries.awaiting_rating(sender.identity, now=now, same_caller=sender.same_caller)
        if len(waiting) != 1:
            return Answer(Outcome.HELP, SmsEvent.HELP)
        order = waiting[0]
    # The same call as the portal's and the API's rating: the callback, and its request_rated audit entry.
    try:
        closing.rate_by_requester(
            order,
            satisfaction=SCORES[command.score],
            note=str(sender.rating_note),
            channel=sender.channel,
            ip=sender.ip,
            now=now,
            caller=sender.identity,
        )
    except NotAllowed:  # not waiting for a rating, or another rating came first
        reason = _("matter %(number)s is not waiting for a rating.") % {"number": order.number}
        return Answer(Outcome.QUERY_FAILED, SmsEvent.QUERY_FAILED, {"reason": reason}, order=order)
    values = {"order_number": order.number, "short_code": order.short_code}
    return Answer(Outcome.RATED, SmsEvent.RATED, values, order=order)
