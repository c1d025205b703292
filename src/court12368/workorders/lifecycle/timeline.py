"""What every write of the lifecycle shares: the row lock, the timeline entry, the clock's event row, and
who holds an order (to be told of it)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from court12368.core import rollup_days
from court12368.courts import queries as duties
from court12368.courts.models import Staff
from court12368.notifications.services import notify_staff
from court12368.workorders import confidential
from court12368.workorders.models import DeadlineEvent, OrderEntry, WorkOrder


def lock_order(order: WorkOrder) -> WorkOrder:
    """The order re-read under a row lock, with its court and its case's judge joined for reading (the
    confidentiality checks ask who a complaint is about).

    Only the order row is locked: PostgreSQL refuses FOR UPDATE across a nullable join (the case), and
    locking the court row would serialise every order of a court.
    """
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("court", "case__judge")
        .get(pk=order.pk)
    )


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
    entry = OrderEntry.objects.create(
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
    rollup_days.written(order.court_id, at)  # a back-dated step drops its day's KPI rollup
    return entry


def record_event(order: WorkOrder, step: str, *, due_at, now, target: str = "", notified=()) -> bool:
    """Write the clock's event row; False if this (order, cycle, step) has already happened."""
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
    rollup_days.written(order.court_id, now)
    return True


def handler_and_heads(order: WorkOrder, *, heads: list[Staff] | None = None) -> list[Staff]:
    """Whoever holds the order: its handler and its department's heads, less anyone it complains about.
    ``heads``: the department's heads when the caller has just read them (a route has)."""
    people = [order.handler] if order.handler else []
    heads = duties.department_heads(order.department) if heads is None else heads
    return confidential.without_subjects(order, people + [h for h in heads if h not in people])


def tell(people, *, event: str, body: str, key: str, sms: bool = True) -> None:
    """Each person once, in-app and (unless ``sms`` is off) by SMS, through the outbox."""
    for person in people:
        notify_staff(person, event=event, body=body, key=key, sms=sms)
