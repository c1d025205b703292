"""The order with its handler: dispatch (by the rules or by hand), acknowledge, reply, transfer, return.
Each write goes lock → check (transitions.py) → change → reschedule → timeline → notify, in one
transaction."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from court12368.core import audit
from court12368.courts.models import Department, Role, Staff
from court12368.knowledge.services import record_correction
from court12368.workorders import confidential, messages
from court12368.workorders.lifecycle import caller_texts, petitions
from court12368.workorders.lifecycle.policy import clock_for
from court12368.workorders.lifecycle.timeline import add_entry, handler_and_heads, lock_order, tell
from court12368.workorders.lifecycle.transitions import NotAllowed, require, require_reason
from court12368.workorders.models import (
    Attachment,
    Light,
    OrderEntry,
    OrderState,
    RoutingRule,
    SubKind,
    WorkOrder,
)
from court12368.workorders.rules import Route, find_route


class AboutTheHandler(NotAllowed):
    """The chosen handler is the one the complaint is about (the judge in charge of its case)."""


class NoRoute(NotAllowed):
    """No routing rule matches, or its target has nobody: the agent chooses the handler."""

    def __init__(self, number: str = ""):
        super().__init__(_("No routing rule applies to this order; choose the handler."), action="dispatch")
        self.number = number


class WrittenReportMissing(NotAllowed):
    """The order needs a written report (义乌法院工单办理办法 art. 4(5) filing complaints, 4(7) abusive
    calls) and the reply came without one."""

    def __init__(self):
        super().__init__(
            _("This order needs a written report: write it or attach it, then send the reply."),
            action="reply",
        )


@transaction.atomic
def dispatch(
    order: WorkOrder,
    *,
    handler: Staff | None = None,
    department: Department | None = None,
    actor: Staff | None = None,
    route: Route | None = None,
    now: dt.datetime | None = None,
    tell_caller: bool = True,
) -> WorkOrder:
    """派单: send an order waiting for dispatch to a handler and/or department (or where ``route`` says).
    ``tell_caller=False`` where the caller is told otherwise (a booking's own confirmation SMS)."""
    order = lock_order(order)
    require(order, "dispatch")
    return hand_over(
        order,
        handler=handler,
        department=department,
        actor=actor,
        route=route,
        now=now,
        tell_caller=tell_caller,
    )


@transaction.atomic
def confirm_type(
    order: WorkOrder,
    *,
    kind: str,
    sub_kind: str,
    actor: Staff,
    suggested: tuple[str, str] = ("", ""),
    text: str = "",
    now: dt.datetime | None = None,
) -> tuple[WorkOrder, bool]:
    """The agent's type for an order waiting for dispatch whose type a machine suggested (a voicemail's
    transcript, ivr/transcripts.py): the type is set, the agent's choice is kept beside the suggestion for
    the classifier to learn from, and the order goes where the court's rules send that type. Returns the
    order and whether it was dispatched; without a rule it stays for the agent to dispatch by hand."""
    order = lock_order(order)
    require(order, "dispatch")
    before = f"{order.kind}/{order.sub_kind}"
    order.kind, order.sub_kind = kind, sub_kind
    order.hard = sub_kind == SubKind.HARD_QUESTION
    order.save(update_fields=["kind", "sub_kind", "hard"])
    petitions.open_track(order, now=now)  # a petition's clocks start with its type, as at registration
    if suggested[0]:
        record_correction(
            text=text or order.summary,
            suggested_type=suggested[0],
            suggested_sub_kind=suggested[1],
            chosen_type=kind,
            chosen_sub_kind=sub_kind,
            by=actor,
        )
    audit.record(
        "order.type_confirmed", channel="console", actor=actor, subject=order,
        before=before, after=f"{kind}/{sub_kind}", suggested="/".join(suggested),
    )  # fmt: skip
    try:
        with transaction.atomic():  # no rule: the type stays confirmed, the dispatch is the agent's
            return dispatch_by_rules(order, actor=actor, now=now), True
    except NoRoute:
        return order, False


def dispatch_by_rules(
    order: WorkOrder, *, actor: Staff | None = None, now: dt.datetime | None = None
) -> WorkOrder:
    """Dispatch where the court's routing rules send it; NoRoute when none applies or nobody holds it."""
    route = find_route(order.court, order.kind, order.sub_kind, order.case)
    route = confidential.route_around_subjects(order, route)
    if route is None:
        raise NoRoute(order.number)
    return dispatch(order, route=route, actor=actor, now=now)


def hand_over(
    order: WorkOrder,
    *,
    handler: Staff | None,
    department: Department | None,
    actor: Staff | None,
    route: Route | None = None,
    action: str = OrderEntry.Action.DISPATCHED,
    reason: str = "",
    now: dt.datetime | None = None,
    tell_caller: bool = True,
) -> WorkOrder:
    """Hand the locked ``order`` over: the reply clock starts afresh and the handler, the department's
    heads and anyone the route names are told (SMS + in-app), and the caller is told which department
    has it. Dispatch, transfer and a reopening callback all end here."""
    now = now or timezone.now()
    if route is not None:
        handler, department = route.handler, route.department
        order.routing_rule, order.routed_by = route.rule, route.rule.name
        order.written_report_required = route.rule.written_report_required
    elif not order.written_report_required:
        order.written_report_required = _report_required_by_rules(order)
    if handler is None and department is None:
        raise NotAllowed(_("Choose a handler or a department."), action="dispatch")
    subject = confidential.subject_taking(order, handler, department)
    if subject is not None:  # never to the judge complained about
        raise AboutTheHandler(
            _("This complaint is about %(name)s, so it cannot be handed to them. Choose another handler.")
            % {"name": subject},
            action="dispatch",
        )
    department = department or (handler.department if handler else None)
    # The caller hears once per department: a re-dispatch to the department that has it (after a return,
    # a transfer within it, a reopening) tells them nothing new; a first or a new department does.
    new_place = order.dispatched_at is None or getattr(department, "pk", None) != order.department_id
    clock = clock_for(order.court)
    if order.agent_id is None and actor is not None and actor.role == Role.AGENT:
        order.agent = actor  # a request from the portal or SMS: whoever dispatches it follows it up
    order.handler = handler
    order.department = department
    order.state = OrderState.DISPATCHED
    order.dispatched_at = now
    order.acknowledged_at = None
    order.cycle += 1
    order.reply_due = clock.reply_due(now, kind=order.kind)
    order.light = Light.GREEN
    order.overdue_since = None
    order.escalation_level = 0
    basis = clock.basis(now, order.reply_due, "reply")
    order.deadline_basis = {**order.deadline_basis, "reply": basis}
    order.deadline_reliable = basis["reliable"]
    clock.reschedule(order)
    order.save()
    target = handler or order.department
    note = ""
    if tell_caller and new_place and caller_texts.wants_telling(order):
        mobile = caller_texts.caller_mobile(order)
        if mobile:
            caller_texts.tell_forwarded(order, mobile)
        else:
            note = caller_texts.not_texted_note(order)
    text = f"→ {target}" + (f"：{reason}" if reason else "") + note
    add_entry(order, action, actor=actor, now=now, text=text)
    heads = route.heads if route is not None and route.department == order.department else None
    people = handler_and_heads(order, heads=heads)
    people += [p for p in (route.also_notify if route else []) if p not in people]
    tell(
        people,
        event="dispatch",
        body=messages.dispatched(order),
        key=f"order:{order.pk}:{order.cycle}:dispatch",
    )
    return order


def _report_required_by_rules(order: WorkOrder) -> bool:
    """A hand dispatch keeps the written report the court's rule for the order asks for (a filing
    complaint dispatched by hand still needs one)."""
    rules = RoutingRule.objects.filter(court_id=order.court_id, is_active=True).order_by("priority", "pk")
    return next(
        (rule.written_report_required for rule in rules if rule.matches(order.kind, order.sub_kind)), False
    )


@transaction.atomic
def acknowledge(order: WorkOrder, *, actor: Staff, now: dt.datetime | None = None) -> WorkOrder:
    """签收: the handler has seen it. The reply clock keeps running."""
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "acknowledge")
    order.state = OrderState.ACKNOWLEDGED
    order.acknowledged_at = now
    order.save(update_fields=["state", "acknowledged_at"])
    add_entry(order, OrderEntry.Action.ACKNOWLEDGED, actor=actor, now=now)
    return order


@transaction.atomic
def reply(
    order: WorkOrder,
    *,
    actor: Staff | None = None,
    text: str = "",
    attachments=(),
    report: str = "",
    report_files=(),
    now: dt.datetime | None = None,
) -> WorkOrder:
    """反馈: the handler's feedback (text, files): the clock stops; a late reply stays on record as
    overdue. An order that needs a written report is refused without one (``report`` text or
    ``report_files``), before anything is written; the report goes on the reply's timeline entry."""
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "reply")
    report = (report or "").strip()
    if order.written_report_required and not report and not report_files:
        raise WrittenReportMissing()
    order.state = OrderState.REPLIED
    order.replied_at = now
    order.was_overdue = order.was_overdue or order.overdue_since is not None or now > order.reply_due
    clock_for(order.court).reschedule(order)
    order.save()
    label = _("Written report")
    if report:
        text = f"{text}\n【{label}】{report}" if text else f"【{label}】{report}"
    entry = add_entry(order, OrderEntry.Action.REPLIED, actor=actor, now=now, text=text)
    for upload in attachments:
        Attachment.objects.create(entry=entry, file=upload, name=getattr(upload, "name", "")[:200])
    for upload in report_files:  # named as the report on the timeline
        name = f"{label}-{getattr(upload, 'name', '')}"[:200]
        Attachment.objects.create(entry=entry, file=upload, name=name)
    if order.agent_id:
        tell(
            [order.agent],
            event="replied",
            body=messages.replied(order),
            key=f"order:{order.pk}:{order.cycle}:reply",
            sms=False,
        )
    return order


@transaction.atomic
def transfer(
    order: WorkOrder,
    *,
    actor: Staff,
    handler: Staff | None = None,
    department: Department | None = None,
    reason: str,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """转办: the order belongs elsewhere; the new handler gets a fresh reply clock."""
    require_reason("transfer", reason)
    order = lock_order(order)
    require(order, "transfer")
    return hand_over(
        order,
        handler=handler,
        department=department,
        actor=actor,
        action=OrderEntry.Action.TRANSFERRED,
        reason=reason,
        now=now,
    )


@transaction.atomic
def return_order(order: WorkOrder, *, actor: Staff, reason: str, now: dt.datetime | None = None) -> WorkOrder:
    """退回: not for this handler; back to the agent, whose dispatch deadline starts again."""
    require_reason("return", reason)
    now = now or timezone.now()
    order = lock_order(order)
    require(order, "return")
    clock = clock_for(order.court)
    order.state = OrderState.OPEN
    order.handler = None
    order.light = Light.GREEN
    order.overdue_since = None
    order.dispatch_due = clock.dispatch_due(now)
    clock.reschedule(order)
    order.save()
    add_entry(order, OrderEntry.Action.RETURNED, actor=actor, now=now, text=reason)
    if order.agent_id:
        tell(
            [order.agent],
            event="returned",
            body=messages.returned(order, reason),
            key=f"order:{order.pk}:{order.cycle}:returned",
        )
    return order
