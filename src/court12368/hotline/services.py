"""Logging calls. The agent who answers is the first responsible person for what follows."""

import contextlib
import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.core import audit
from court12368.core.validation import clean_for_write
from court12368.hotline import queue
from court12368.hotline.models import Call, QueuedCall
from court12368.knowledge.services import record_correction
from court12368.notifications.models import SmsEvent
from court12368.notifications.phones import normalize_mobile
from court12368.notifications.services import notify_phone
from court12368.notifications.templating import render, settings_for
from court12368.workorders import recordings
from court12368.workorders.lifecycle import handling, intake
from court12368.workorders.models import OrderKind, SubKind, WorkOrder


@transaction.atomic
def log_call(
    *,
    court,
    agent,
    content: str,
    kind: str,
    sub_kind: str = "",
    answer: str = "",
    caller_name: str = "",
    caller_number: str = "",
    channel: str = "phone",
    case=None,
    recording_ref: str = "",
    rang_at: dt.datetime | None = None,
    answered_at: dt.datetime | None = None,
    about_order: WorkOrder | None = None,
    abusive: bool = False,
    urgent: bool = False,
    dispatch: bool = True,
    touches_procedural_rights: bool = False,
    now: dt.datetime | None = None,
) -> Call:
    """Log one call and its work order.

    - ``about_order``: the caller rings again about an order still open → supervision on that order,
      no new order.
    - ``answer`` with nothing to forward → an order closed at once, counted as answered on the spot.
    - otherwise a new order, dispatched by the court's routing rules when one fits (an abusive call
      goes to the leaders, an urgent one up the chain of command at once).
    """
    now = now or timezone.now()
    if abusive:
        kind, sub_kind = OrderKind.OTHER, SubKind.ABUSIVE
    elif urgent:
        kind, sub_kind = OrderKind.OTHER, SubKind.URGENT
    call = Call(
        court=court,
        agent=agent,
        content=content,
        answer=answer,
        caller_name=caller_name,
        caller_number=caller_number,
        channel=channel,
        case=case,
        recording_ref=recording_ref,
        rang_at=rang_at or now,
        answered_at=answered_at or now,
        abusive=abusive,
        urgent=urgent,
    )
    if about_order is not None and about_order.is_active:
        call.work_order = intake.record_repeat_call(about_order, now=now)
    else:
        on_the_spot = bool(answer) and not (abusive or urgent) and not dispatch
        # The summary names the recording, never its server path: the order page plays it from the call.
        summary = (
            f"{content}\n录音：{recordings.summary_reference(recording_ref)}" if recording_ref else content
        )
        order = intake.create_work_order(
            court=court,
            kind=kind,
            sub_kind=sub_kind,
            summary=summary,
            agent=agent,
            caller_phone=caller_number,
            caller_name=caller_name,
            case=case,
            on_the_spot=on_the_spot,
            answer=answer,
            touches_procedural_rights=touches_procedural_rights,
            # A caller by phone or voicemail gets the order's number and short code by SMS; the portal
            # texts its own submitters (submit_request), an SMS sender is answered on that channel.
            tell_caller=channel in ("phone", "voicemail"),
            now=now,
        )
        if not on_the_spot and dispatch:
            # No rule fits: the order stays open and the agent picks the handler within the deadline.
            with contextlib.suppress(handling.NoRoute):
                order = handling.dispatch_by_rules(order, actor=agent, now=now)
        call.work_order = order
    clean_for_write(call)
    call.save()
    return call


@transaction.atomic
def log_console_call(
    *, agent, answered: QueuedCall | None = None, suggested: tuple[str, str] = ("", ""), **typed
) -> Call:
    """The console's call, all or nothing: the call and its order (``log_call`` with what the agent
    ``typed``), the caller the agent answered from the call queue linked to it (the wait measured from
    when they joined the queue), and the classifier's suggestion with what the agent chose instead, to
    learn from."""
    if answered is not None:
        typed.update(rang_at=answered.entered_at, answered_at=answered.answered_at)
    call = log_call(court=agent.court, agent=agent, **typed)
    if answered is not None:
        queue.link_call(answered, call)
    suggested_kind, suggested_sub_kind = suggested
    if suggested_kind:
        record_correction(
            text=typed["content"],
            suggested_type=suggested_kind,
            suggested_sub_kind=suggested_sub_kind,
            chosen_type=typed["kind"],
            chosen_sub_kind=typed.get("sub_kind", ""),
            by=agent,
        )
    return call


def send_court_address(agent, number: str, *, now: dt.datetime | None = None):
    """SMS the caller the court's address and how to get there (a service every 12368 line offers).
    Raises InvalidPhone for a landline."""
    court = agent.court
    sms_settings = settings_for(court)
    body = render(court, SmsEvent.COURT_ADDRESS, address=court.address, route=sms_settings.route_guide)
    minute = f"{timezone.localtime(now or timezone.now()):%Y%m%d%H%M}"  # a double click sends once
    return notify_phone(
        number, event=SmsEvent.COURT_ADDRESS, body=body, key=f"address:{court.pk}:{minute}", court=court
    )


# The requests the public may file themselves (portal, app, open API): code → type and sub-kind.
PUBLIC_KIND_LABELS = {
    "consultation": _("Question about procedure"),
    "contact_judge": _("Contact the judge in charge"),
    "complaint": _("Complaint or report"),
    "petition": _("Petition or appeal"),
    "suggestion": _("Suggestion or opinion"),
}
PUBLIC_KINDS = {
    "consultation": (OrderKind.CONSULTATION, ""),
    "contact_judge": (OrderKind.CONTACT_JUDGE, ""),
    "complaint": (OrderKind.COMPLAINT, ""),
    "petition": (OrderKind.PETITION, ""),
    "suggestion": (OrderKind.OTHER, SubKind.SUGGESTION),
}


@transaction.atomic
def submit_request(
    *,
    court,
    kind: str,
    content: str,
    name: str,
    phone: str,
    case_number: str = "",
    channel: str = "web",
    ip: str | None = None,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """A request from the public: a call on the web (or app) channel whose order waits for an agent.

    The submitter chose the type; the classifier proposes the sub-kind routing needs, and an agent
    confirms both when dispatching. The submitter gets the tracking number and short code by SMS.
    Raises InvalidPhone or ValueError (unknown kind) before anything is written.
    """
    phone = normalize_mobile(phone)
    if kind not in PUBLIC_KINDS:
        raise ValueError(f"unknown request kind {kind!r}")
    order = file_request(
        court=court,
        kind=kind,
        content=content,
        name=name,
        caller=phone,
        case_number=case_number,
        channel=channel,
        now=now,
    )
    body = render(court, SmsEvent.REQUEST_RECEIVED, order_number=order.number, short_code=order.short_code)
    notify_phone(
        phone, event=SmsEvent.REQUEST_RECEIVED, body=body, key=f"order:{order.pk}:received", court=court
    )
    audit.record("request_submitted", channel=channel, subject=order, caller=phone, ip=ip, kind=kind)
    return order


@transaction.atomic
def file_request(
    *,
    court,
    kind: str | None,
    content: str,
    name: str,
    caller: str,
    case_number: str = "",
    channel: str,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """A request's call and its order, waiting for an agent; nobody is told (the channel answers the
    submitter its own way). ``kind`` is one of PUBLIC_KINDS, or None when the submitter wrote freely
    (a WeChat message): the classifier then proposes the type too, and the agent confirms it when
    dispatching. ``caller`` is what the order keeps as the caller's number."""
    from court12368.cases.models import Case
    from court12368.cases.numbers import CaseNumberError, parse_case_number
    from court12368.knowledge import classifier

    guess = classifier.current().suggest(content)
    order_kind, sub_kind = PUBLIC_KINDS[kind] if kind else (guess.type, "")
    if (guess.type, guess.sub_kind) == (OrderKind.OTHER, SubKind.URGENT) and guess.method.startswith("rule:"):
        # A threat of self-harm or violence takes the urgent route whatever type the form was sent as.
        order_kind, sub_kind = OrderKind.OTHER, SubKind.URGENT
    elif not sub_kind:
        sub_kind = guess.sub_kind if guess.type == order_kind else ""
    case = None
    if case_number:
        with contextlib.suppress(CaseNumberError):
            case = Case.objects.filter(number=parse_case_number(case_number).normalized, court=court).first()
        if case is None:
            content = f"{content}\n（来信人提供的案号：{case_number}）"
    call = log_call(
        court=court,
        agent=None,
        content=content,
        kind=order_kind,
        sub_kind=sub_kind,
        caller_name=name,
        caller_number=caller,
        channel=channel,
        case=case,
        dispatch=False,
        now=now,
    )
    return call.work_order
