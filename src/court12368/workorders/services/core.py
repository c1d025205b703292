"""Every write to work orders and deadline policies. Each function is atomic and keeps the clock
(``next_due_at``) right in the same transaction as the change that moves it."""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from court12368.core.validation import clean_for_write
from court12368.courts.models import Court, Department, Role, Staff
from court12368.notifications.services import notify_staff
from court12368.workorders import confidential, deadlines, messages
from court12368.workorders.deadlines import Clock
from court12368.workorders.models import (
    ACTIVE_STATES,
    WAITING_FOR_HANDLER,
    Attachment,
    DeadlineEvent,
    DeadlinePolicy,
    EscalationStep,
    Light,
    OrderEntry,
    OrderState,
    SubKind,
    WorkOrder,
)
from court12368.workorders.presets import DEFAULT_PRESET, PRESETS
from court12368.workorders.rules import Route


# ---- policy ---------------------------------------------------------------------------------
@transaction.atomic
def apply_preset(court: Court, key: str) -> DeadlinePolicy:
    """Set the court's policy to a preset; the version goes up so orders record which rules applied."""
    preset = PRESETS[key]
    policy = DeadlinePolicy.objects.select_for_update().filter(court=court).first()
    fields = {
        "name": preset.name,
        "dispatch_amount": preset.dispatch[0],
        "dispatch_unit": preset.dispatch[1],
        "reply_amount": preset.reply[0],
        "reply_unit": preset.reply[1],
        "warn_before_hours": preset.warn_before_hours,
        "repeat_call_counts_as_overdue": preset.repeat_call_counts_as_overdue,
    }
    if policy is None:
        policy = DeadlinePolicy.objects.create(court=court, **fields)
    else:
        for name, value in fields.items():
            setattr(policy, name, value)
        policy.version += 1
        policy.save()
        policy.steps.all().delete()
    EscalationStep.objects.bulk_create(
        EscalationStep(policy=policy, level=level, target=target, after_amount=amount, after_unit=unit)
        for level, (target, amount, unit) in enumerate(preset.steps, start=1)
    )
    return policy


@transaction.atomic
def save_policy(policy: DeadlinePolicy) -> DeadlinePolicy:
    """Save an administrator's edit; the version goes up when an existing policy changes."""
    if policy.pk:
        policy.version = DeadlinePolicy.objects.select_for_update().get(pk=policy.pk).version + 1
    policy.full_clean()
    policy.save()
    return policy


def policy_for(court: Court) -> DeadlinePolicy:
    policy = DeadlinePolicy.objects.filter(court=court).select_related("court").first()
    return policy or apply_preset(court, DEFAULT_PRESET)


def clock_for(court: Court) -> Clock:
    """The court's deadline clock (kept a minute per process: workorders/deadlines.py)."""
    return deadlines.cached_clock(court.pk) or deadlines.keep_clock(court.pk, Clock(policy_for(court)))


# ---- orders ---------------------------------------------------------------------------------
def lock_order(order: WorkOrder, *related: str) -> WorkOrder:
    """The order re-read under a row lock (its court, and ``related``, joined for reading).

    Only the order row is locked: PostgreSQL refuses FOR UPDATE across a nullable join (the case), and
    locking the court row would serialise every order of a court.
    """
    return (
        WorkOrder.objects.select_for_update(of=("self",)).select_related("court", *related).get(pk=order.pk)
    )


def _new_number(now: dt.datetime) -> str:
    return f"{timezone.localtime(now):%Y%m%d}{secrets.randbelow(10**8):08d}"


@transaction.atomic
def create_work_order(
    *,
    court: Court,
    kind: str,
    summary: str,
    agent: Staff | None = None,
    caller_phone: str = "",
    caller_name: str = "",
    sub_kind: str = "",
    case=None,
    on_the_spot: bool = False,
    answer: str = "",
    touches_procedural_rights: bool = False,
    now: dt.datetime | None = None,
) -> WorkOrder:
    """Every call becomes an order (每电必登). Answered on the spot, it is closed at once; otherwise it
    waits for dispatch with the dispatch deadline running."""
    now = now or timezone.now()
    order = WorkOrder(
        court=court,
        kind=kind,
        sub_kind=sub_kind,
        summary=summary,
        agent=agent,
        caller_phone=caller_phone,
        caller_name=caller_name,
        case=case,
        hard=sub_kind == SubKind.HARD_QUESTION,
        touches_procedural_rights=touches_procedural_rights,
        created_at=now,
    )
    if on_the_spot:
        order.on_the_spot = True
        order.state = OrderState.CLOSED
        order.closed_at = now
    else:
        clock = clock_for(court)
        order.dispatch_due = clock.dispatch_due(now)
        order.deadline_basis = {"dispatch": clock.basis(now, order.dispatch_due, "dispatch")}
        order.deadline_reliable = order.deadline_basis["dispatch"]["reliable"]
        clock.reschedule(order)
    clean_for_write(order, exclude=("number",))
    for _attempt in range(5):
        order.number = _new_number(now)
        order.short_code = f"{secrets.randbelow(10**6):06d}"
        try:
            with transaction.atomic():
                order.save()
            break
        except IntegrityError:
            order.pk = None
    else:
        raise RuntimeError("could not allocate a work-order number")
    add_entry(order, OrderEntry.Action.CREATED, actor=agent, now=now, text=summary)
    if on_the_spot:
        add_entry(order, OrderEntry.Action.ANSWERED, actor=agent, now=now, text=answer)
    return order


# The deadline a step is measured against: dispatching against the dispatch deadline, the handler's
# reply and resolution against the reply deadline of the current cycle.
_DUE_FOR = {
    OrderEntry.Action.DISPATCHED: "dispatch_due",
    OrderEntry.Action.REPLIED: "reply_due",
    OrderEntry.Action.RESOLVED: "reply_due",
}


def add_entry(order: WorkOrder, action: str, *, actor=None, now=None, text: str = "") -> OrderEntry:
    """One line of the timeline, with the SLA outcome of the step as it stands now."""
    at = now or timezone.now()
    due = getattr(order, _DUE_FOR[action]) if action in _DUE_FOR else None
    return OrderEntry.objects.create(
        order=order,
        action=action,
        actor=actor,
        at=at,
        text=text,
        kind=order.kind,
        cycle=order.cycle,
        department_id=order.department_id,
        handler_id=order.handler_id,
        agent_id=order.agent_id,
        due_at=due,
        late_seconds=max(0, int((at - due).total_seconds())) if due else None,
        reached_handler=order.replied_at is not None,
        satisfaction=order.satisfaction if action == OrderEntry.Action.CALLBACK else "",
    )


@transaction.atomic
def dispatch(
    order: WorkOrder,
    *,
    handler: Staff | None = None,
    department: Department | None = None,
    actor: Staff | None = None,
    route: Route | None = None,
    action: str = OrderEntry.Action.DISPATCHED,
    reason: str = "",
    now: dt.datetime | None = None,
) -> WorkOrder:
    """Send the order to a handler and/or department (or where ``route`` says); the reply clock starts
    afresh and the handler, the department's heads and anyone the route names are told (SMS + in-app)."""
    now = now or timezone.now()
    order = lock_order(order)
    if order.state not in ACTIVE_STATES:
        raise ValueError(f"cannot dispatch an order that is {order.state}")
    if route is not None:
        handler, department = route.handler, route.department
        order.routing_rule, order.routed_by = route.rule, route.rule.name
        order.written_report_required = route.rule.written_report_required
    if handler is None and department is None:
        raise ValueError("dispatch needs a handler or a department")
    confidential.refuse_subject(order, handler, department)  # never to the judge complained about
    clock = clock_for(order.court)
    if order.agent_id is None and actor is not None and actor.role == Role.AGENT:
        order.agent = actor  # a request from the portal or SMS: whoever dispatches it follows it up
    order.handler = handler
    order.department = department or (handler.department if handler else None)
    order.state = OrderState.DISPATCHED
    order.dispatched_at = now
    order.acknowledged_at = None
    order.cycle += 1
    order.reply_due = clock.reply_due(now)
    order.light = Light.GREEN
    order.overdue_since = None
    order.escalation_level = 0
    basis = clock.basis(now, order.reply_due, "reply")
    order.deadline_basis = {**order.deadline_basis, "reply": basis}
    order.deadline_reliable = basis["reliable"]
    clock.reschedule(order)
    order.save()
    target = handler or order.department
    add_entry(order, action, actor=actor, now=now, text=f"→ {target}" + (f"：{reason}" if reason else ""))
    text = messages.dispatched(order)
    key = f"order:{order.pk}:{order.cycle}:dispatch"
    heads = route.heads if route is not None and route.department == order.department else None
    people = handler_and_heads(order, heads=heads)
    people += [p for p in (route.also_notify if route else []) if p not in people]
    for person in people:
        notify_staff(person, event="dispatch", body=text, key=key)
    return order


@transaction.atomic
def reply(
    order: WorkOrder,
    *,
    actor: Staff | None = None,
    text: str = "",
    attachments=(),
    now: dt.datetime | None = None,
) -> WorkOrder:
    """The handler's feedback (text, files): the clock stops; a late reply stays on record as overdue."""
    now = now or timezone.now()
    order = lock_order(order)
    if order.state not in WAITING_FOR_HANDLER:
        raise ValueError(f"cannot reply to an order that is {order.state}")
    order.state = OrderState.REPLIED
    order.replied_at = now
    order.was_overdue = order.was_overdue or order.overdue_since is not None or now > order.reply_due
    clock_for(order.court).reschedule(order)
    order.save()
    entry = add_entry(order, OrderEntry.Action.REPLIED, actor=actor, now=now, text=text)
    for upload in attachments:
        Attachment.objects.create(entry=entry, file=upload, name=getattr(upload, "name", "")[:200])
    if order.agent_id:
        notify_staff(
            order.agent,
            event="replied",
            body=messages.replied(order),
            key=f"order:{order.pk}:{order.cycle}:reply",
            sms=False,
        )
    return order


@transaction.atomic
def close(order: WorkOrder, *, now: dt.datetime | None = None, note: str = "") -> WorkOrder:
    now = now or timezone.now()
    order = lock_order(order)
    order.state = OrderState.CLOSED
    order.closed_at = now
    order.next_due_at, order.next_step = None, ""
    order.save()
    add_entry(order, OrderEntry.Action.CLOSED, now=now, text=note)
    return order


def append_to_summary(order: WorkOrder, text: str) -> None:
    """Add to what the caller said (a voicemail's transcript): the order's content only, no step."""
    WorkOrder.objects.filter(pk=order.pk).update(summary=Concat(F("summary"), Value(text)))


@transaction.atomic
def record_repeat_call(order: WorkOrder, *, now: dt.datetime | None = None) -> WorkOrder:
    """The caller rang again about an order still open: supervision (义乌法院工单办理办法 art. 8).

    The order is marked supervised and the handler and department head are told; under a policy
    that says so, an order waiting for its reply becomes overdue at once.
    """
    now = now or timezone.now()
    order = lock_order(order)
    if not order.is_active:
        return order
    order.repeat_calls += 1
    order.supervised = True
    clock = clock_for(order.court)
    step = f"repeat_call:{order.repeat_calls}"
    record_event(order, step, due_at=None, now=now, notified=[p.pk for p in handler_and_heads(order)])
    add_entry(order, OrderEntry.Action.REPEAT_CALL, now=now)
    if (
        clock.policy.repeat_call_counts_as_overdue
        and order.state in WAITING_FOR_HANDLER
        and order.overdue_since is None
    ):
        order.overdue_since = now
        order.light = Light.RED
        order.was_overdue = True
        record_event(order, "reply", due_at=order.reply_due, now=now, target="repeat_call")
    clock.reschedule(order)
    order.save()
    _tell_handler_and_heads(order, "repeat_call", messages.repeat_call(order), step)
    return order


def record_event(order: WorkOrder, step: str, *, due_at, now, target: str = "", notified=()) -> bool:
    """Write the event row; False if this (order, cycle, step) has already happened."""
    try:
        with transaction.atomic():
            DeadlineEvent.objects.create(
                order=order,
                cycle=order.cycle,
                step=step,
                due_at=due_at,
                happened_at=now,
                target=target,
                notified=list(notified),
                department_id=order.department_id,
                handler_id=order.handler_id,
            )
    except IntegrityError:
        return False
    return True


def _tell_handler_and_heads(order: WorkOrder, event: str, text: str, step_key: str) -> None:
    for person in handler_and_heads(order):
        notify_staff(person, event=event, body=text, key=f"order:{order.pk}:{step_key}")


def handler_and_heads(order: WorkOrder, *, heads: list[Staff] | None = None) -> list[Staff]:
    """``heads``: the department's heads when the caller has just read them (a route has)."""
    people = [order.handler] if order.handler else []
    heads = department_heads(order.department) if heads is None else heads
    return confidential.without_subjects(order, people + [h for h in heads if h not in people])


def department_heads(department: Department | None) -> list[Staff]:
    if department is None:
        return []
    return list(Staff.objects.filter(department=department, role=Role.DEPARTMENT_HEAD, is_active=True))


def leaders_in_charge(order: WorkOrder) -> list[Staff]:
    """The department's leader in charge, or, when none is set, every leader of the court."""
    if order.department and order.department.leader_in_charge_id:
        return [order.department.leader_in_charge]
    return list(Staff.objects.filter(court=order.court, role=Role.LEADER, is_active=True))
