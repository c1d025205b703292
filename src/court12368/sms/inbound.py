"""Answering incoming SMS: every message is kept, audited and answered through the outbox."""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from court12368.core import audit
from court12368.core.text import clean
from court12368.hotline.services import log_call
from court12368.notifications.models import SmsEvent, SmsSettings
from court12368.notifications.phones import InvalidPhone, normalize_mobile
from court12368.notifications.services import notify_phone, opt_out
from court12368.notifications.templating import render
from court12368.sms import answers, commands
from court12368.sms.answers import Answer
from court12368.sms.models import InboundSms

log = logging.getLogger(__name__)

# Beyond this many messages an hour from one number nothing is answered (no reply loops, no floods).
INBOUND_HOURLY_LIMIT = 10
Outcome = InboundSms.Outcome


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
        answer = Answer(Outcome.RATE_LIMITED)
    elif not mobile:
        answer = Answer(Outcome.FOR_AGENT)
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


def _act(command: commands.Command, *, phone: str, court, now, ip) -> Answer:
    sender = answers.Sender(channel="sms", identity=phone, court=court, ip=ip)
    shared = answers.answer(command, sender, now=now)  # the query, an addition, a rating
    if shared is not None:
        return shared
    if command.name == commands.UNSUBSCRIBE:
        opt_out(phone, source="sms")
        return Answer(Outcome.UNSUBSCRIBED, SmsEvent.UNSUBSCRIBED)
    if command.name == commands.HELP:
        return Answer(Outcome.HELP, SmsEvent.HELP)
    return Answer(Outcome.FOR_AGENT, SmsEvent.RECEIVED)


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
