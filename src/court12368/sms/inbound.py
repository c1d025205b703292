"""Answering incoming SMS: every message is kept, audited and answered through the outbox."""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from court12368.cases.services import VerificationFailed, show_case, verify_identity
from court12368.core import audit
from court12368.core.text import clean
from court12368.hotline.services import log_call
from court12368.notifications.models import SmsEvent, SmsSettings
from court12368.notifications.phones import InvalidPhone, normalize_mobile
from court12368.notifications.services import notify_phone, opt_out
from court12368.notifications.templating import render
from court12368.sms import commands
from court12368.sms.models import InboundSms
from court12368.workorders import queries as order_queries
from court12368.workorders.lifecycle import NotAllowed, closing, intake

log = logging.getLogger(__name__)

# Beyond this many messages an hour from one number nothing is answered (no reply loops, no floods).
INBOUND_HOURLY_LIMIT = 10
Outcome = InboundSms.Outcome


@dataclass
class _Answer:
    outcome: str
    event: str = ""
    values: dict = field(default_factory=dict)
    order: object = None


def court_for(to_number: str):
    found = (
        SmsSettings.objects.filter(inbound_number=to_number).select_related("court").first()
        if to_number
        else None
    )
    return found.court if found else None


@transaction.atomic
def receive(
    *,
    gateway_id: str,
    phone: str,
    to_number: str,
    text: str,
    now: dt.datetime | None = None,
    ip: str | None = None,
) -> InboundSms:
    """Record one incoming SMS, act on its command and queue the answer. Safe to call twice with one id."""
    now = now or timezone.now()
    text = clean(text)  # what a stranger typed: no hidden direction marks or controls in what agents read
    existing = InboundSms.objects.filter(gateway_id=gateway_id).first()
    if existing:
        return existing  # the gateway retried a message we already took
    court = court_for(to_number)
    try:
        phone = normalize_mobile(phone)
        mobile = True
    except InvalidPhone:
        mobile = False  # e.g. an operator's service number: kept for an agent, never answered
    command = commands.parse(text)
    recent = InboundSms.objects.filter(phone=phone, received_at__gt=now - dt.timedelta(hours=1)).count()
    if recent >= INBOUND_HOURLY_LIMIT:
        answer = _Answer(Outcome.RATE_LIMITED)
    elif not mobile:
        answer = _Answer(Outcome.FOR_AGENT)
    else:
        # Answers to the public are in Chinese, whatever language this thread served last (a web worker
        # keeps the language of its previous request).
        with translation.override(settings.LANGUAGE_CODE):
            answer = _act(command, phone=phone, court=court, now=now, ip=ip)
    message = InboundSms.objects.create(
        gateway_id=gateway_id,
        received_at=now,
        phone=phone,
        to_number=to_number,
        court=court,
        text=text[:2000],
        command=command.name,
        outcome=answer.outcome,
        order=answer.order,
    )
    audit.record(
        "sms_received",
        channel="sms",
        subject=message,
        caller=phone,
        ip=ip,
        command=command.name,
        outcome=answer.outcome,
    )
    if answer.event:
        notify_phone(
            phone,
            event=answer.event,
            body=render(court, answer.event, **answer.values),
            key=f"inbound:{message.pk}",
            court=court,
            urgent=True,
        )
    return message


def _act(command: commands.Command, *, phone: str, court, now, ip) -> _Answer:
    if command.name == commands.QUERY:
        return _query(command.password, phone=phone, court=court, ip=ip)
    if command.name == commands.ADD:
        return _add(command, phone=phone, now=now)
    if command.name == commands.RATE:
        return _rate(command, phone=phone, now=now, ip=ip)
    if command.name == commands.UNSUBSCRIBE:
        opt_out(phone, source="sms")
        return _Answer(Outcome.UNSUBSCRIBED, SmsEvent.UNSUBSCRIBED)
    if command.name == commands.HELP:
        return _Answer(Outcome.HELP, SmsEvent.HELP)
    return _Answer(Outcome.FOR_AGENT, SmsEvent.RECEIVED)


def _query(password: str, *, phone: str, court, ip) -> _Answer:
    try:
        verified = verify_identity(channel="sms", password=password, court=court, caller_number=phone, ip=ip)
    except VerificationFailed as failure:
        return _Answer(Outcome.QUERY_FAILED, SmsEvent.QUERY_FAILED, {"reason": str(failure.message)})
    view = show_case(verified.case, audience="public", channel="sms", caller_number=phone, ip=ip)
    return _Answer(Outcome.CASE_STATUS, SmsEvent.CASE_STATUS, short_status(view))


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


def _not_found(code: str) -> _Answer:
    reason = _("no matter with short code %(code)s was registered from this number.") % {"code": code}
    return _Answer(Outcome.QUERY_FAILED, SmsEvent.QUERY_FAILED, {"reason": reason})


def _add(command: commands.Command, *, phone: str, now) -> _Answer:
    order = order_queries.by_short_code(command.code, phone)
    if order is None:
        return _not_found(command.code)
    try:
        intake.add_caller_message(order, text=command.text, channel="sms", now=now)
    except NotAllowed as refused:
        return _Answer(Outcome.QUERY_FAILED, SmsEvent.QUERY_FAILED, {"reason": str(refused)}, order=order)
    return _Answer(Outcome.ORDER_MESSAGE, SmsEvent.RECEIVED, order=order)


SCORES = {1: "satisfied", 2: "basically", 3: "unsatisfied"}


def _rate(command: commands.Command, *, phone: str, now, ip) -> _Answer:
    if command.code:
        order = order_queries.by_short_code(command.code, phone)
        if order is None:
            return _not_found(command.code)
    else:
        waiting = order_queries.awaiting_rating(phone, now=now)
        if len(waiting) != 1:
            return _Answer(Outcome.HELP, SmsEvent.HELP)
        order = waiting[0]
    # The same call as the portal's and the API's rating: the callback, and its request_rated audit entry.
    try:
        closing.rate_by_requester(
            order,
            satisfaction=SCORES[command.score],
            note=_("rated by SMS"),
            channel="sms",
            ip=ip,
            now=now,
            caller=phone,
        )
    except NotAllowed:  # not waiting for a rating, or another rating came first
        reason = _("matter %(number)s is not waiting for a rating.") % {"number": order.number}
        return _Answer(Outcome.QUERY_FAILED, SmsEvent.QUERY_FAILED, {"reason": reason}, order=order)
    values = {"order_number": order.number, "short_code": order.short_code}
    return _Answer(Outcome.RATED, SmsEvent.RATED, values, order=order)


@transaction.atomic
def make_order(message: InboundSms, *, agent, kind: str, content: str = "") -> InboundSms:
    """An agent turns a free-text SMS into a work order (routed like a call on the SMS channel)."""
    message = InboundSms.objects.select_for_update().get(pk=message.pk)
    if message.outcome != Outcome.FOR_AGENT:
        raise ValueError(_("This message has already been handled."))
    call = log_call(
        court=message.court or agent.court,
        agent=agent,
        content=content.strip() or message.text,
        kind=kind,
        caller_number=message.phone,
        channel="sms",
    )
    message.outcome, message.order = Outcome.MADE_ORDER, call.work_order
    message.handled_by, message.handled_at = agent, timezone.now()
    message.save(update_fields=["outcome", "order", "handled_by", "handled_at"])
    return message


@transaction.atomic
def dismiss(message: InboundSms, *, agent) -> InboundSms:
    updated = InboundSms.objects.filter(pk=message.pk, outcome=Outcome.FOR_AGENT).update(
        outcome=Outcome.DISMISSED, handled_by=agent, handled_at=timezone.now()
    )
    if not updated:
        raise ValueError(_("This message has already been handled."))
    message.refresh_from_db()
    return message
