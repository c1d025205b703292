"""Three months of the demo courts' hotline, up to yesterday: calls and their orders, as a leader would see
them on the dashboard, the KPIs, the hotspots, the ledger and the circulars.

Everything goes through the services the console and the order page use (``log_call``, the handling and
closing steps of ``workorders.lifecycle``), each at its own time, in the order the times fall: before
each step the deadline clock is replayed up to it (calls.replay_the_clock), so warnings, overdue lights,
urges and circulars happen when they fell due, and a reply that comes late comes after them. Only the
call queue's rows (a statistic the voice line writes) and the calls answered on the spot (nine in ten;
``insert_on_the_spot`` writes the rows ``log_call`` would, which a test compares) are inserted in bulk.

Deterministic choices (a seeded ``random.Random``); the dates are relative to today, so the demo never
ages. Calls come in working hours, heaviest mid-morning; after hours and on rest days callers leave
voicemails, which the line dispatches the next working morning.
"""

import contextlib
import datetime as dt
import heapq
import itertools
import random
from collections.abc import Callable

from django.utils import timezone

from court12368.cases.models import Case
from court12368.courts.calendars import calendar_for
from court12368.courts.models import Court, DepartmentKind, Role, Staff
from court12368.courts.queries import department_heads
from court12368.demo.calls import TZ, replay_the_clock
from court12368.demo.traffic_mix import (
    BY_HAND,
    CALLBACK_NOTES,
    CALLS_PER_DAY,
    HOUR_WEIGHTS,
    LATE,
    MIX,
    REPLIES,
    RISING,
    SURNAMES,
    VOICEMAILS_AFTER_HOURS,
    VOICEMAILS_PER_REST_DAY,
)
from court12368.hotline.models import Call, QueuedCall
from court12368.hotline.services import log_call
from court12368.workorders.lifecycle import closing, handling
from court12368.workorders.lifecycle.transitions import NotAllowed
from court12368.workorders.models import OrderEntry, OrderKind, OrderState, Satisfaction, SubKind, WorkOrder

DAYS = 92  # three months back from yesterday


class Court12368:
    """One court's line over the period: who works it, what it has, and its working hours."""

    def __init__(self, court: Court, rng: random.Random):
        self.court, self.rng = court, rng
        self.calendar = calendar_for(court)
        hours = court.service_hours
        self.opens, self.closes = hours.opens, hours.closes
        staff = Staff.objects.filter(court=court, is_active=True).select_related("department")
        self.agents = sorted((s for s in staff if s.role == Role.AGENT), key=lambda s: s.username)
        self.duty_judges = [s for s in staff if s.role == Role.DUTY_JUDGE]
        self.departments = {d.kind: d for d in court.departments.order_by("pk")}
        self.heads = {kind: department_heads(d) for kind, d in self.departments.items()}
        self.cases = list(Case.objects.filter(court=court).select_related("judge").order_by("pk"))
        self.judged = [c for c in self.cases if c.judge_id]
        self.callers = [self._caller() for _ in range(300)]

    def _caller(self) -> tuple[str, str]:
        rng = self.rng
        number = f"1{rng.choice('3589')}{rng.randrange(1, 10)}{rng.randrange(10**8):08d}"
        return f"{rng.choice(SURNAMES)}{rng.choice(('先生', '女士'))}", number

    def agent(self) -> Staff:  # the named login takes the larger share
        return self.agents[0] if self.rng.random() < 0.4 else self.rng.choice(self.agents)

    def working(self, day: dt.date) -> bool:
        return self.calendar.is_working_day(day)

    def at_work(self, when: dt.datetime) -> dt.datetime:
        """``when``, or the next moment the court's staff are at work after it (the same time of day
        spread over the morning)."""
        local = when.astimezone(TZ)
        opens = dt.datetime.combine(local.date(), self.opens, tzinfo=TZ)
        closes = dt.datetime.combine(local.date(), self.closes, tzinfo=TZ)
        if self.working(local.date()) and opens <= local < closes:
            return local
        day = local.date() if local < opens else local.date() + dt.timedelta(days=1)
        while not self.working(day):
            day += dt.timedelta(days=1)
        start = dt.datetime.combine(day, self.opens, tzinfo=TZ)
        return start + dt.timedelta(minutes=self.rng.randrange(5, 150))


class Traffic:
    """The period's events in time order: each is a call or a step of an order, and may plan more."""

    def __init__(self, until: dt.datetime, progress: Callable[[float], None] | None = None):
        self.until = until
        self.queue: list = []
        self.seq = itertools.count()
        self.progress = progress
        self.planned = self.done = 0
        self.queued: list[QueuedCall] = []
        self.spot: list[dict] = []  # the calls answered on the spot, inserted in bulk

    def at(self, when: dt.datetime, action: Callable[[], None], *, call: bool = False) -> None:
        if when < self.until:
            heapq.heappush(self.queue, (when, next(self.seq), action))
            self.planned += call

    def run(self, rng: random.Random) -> None:
        insert_on_the_spot(self.spot, rng, self.queued)
        while self.queue:
            when, _n, action = heapq.heappop(self.queue)
            replay_the_clock(when)
            with contextlib.suppress(NotAllowed):  # the order moved on meanwhile (a repeat call, say)
                action(when)
            if getattr(action, "is_call", False):
                self.done += 1
                if self.progress and self.done % 50 == 0:
                    self.progress(self.done / max(self.planned, 1))
        QueuedCall.objects.bulk_create(self.queued, batch_size=500)


def plan_court(traffic: Traffic, line: Court12368, per_day: float, first: dt.date, last: dt.date) -> None:
    rng = line.rng
    weights = [w for *_rest, w in MIX]
    day = first
    while day <= last:
        rising = (last - day).days < 28
        if line.working(day):
            count = max(0, round(rng.gauss(per_day, per_day * 0.15)))
            for _ in range(count):
                minute = _minute_of_day(rng, line)
                when = dt.datetime.combine(day, dt.time(), tzinfo=TZ) + dt.timedelta(
                    minutes=minute, seconds=rng.randrange(60)
                )
                what = rng.choices(MIX, weights=weights)[0]
                if rising and what[2] == RISING and rng.random() < 0.5:
                    _plan_call(traffic, line, when, what)  # one more: the rise
                _plan_call(traffic, line, when, what)
            evening = _count(rng, per_day * VOICEMAILS_AFTER_HOURS)
        else:
            evening = _count(rng, per_day * VOICEMAILS_PER_REST_DAY)
        for _ in range(evening):
            hour = rng.choice([7, 18, 19, 20, 21, 12 if not line.working(day) else 20])
            when = dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), tzinfo=TZ)
            forwarded = [m for m in MIX if m[0] == "forward" and m[2] != SubKind.HARD_QUESTION]
            _plan_call(
                traffic, line, when, rng.choices(forwarded, weights=[m[-1] for m in forwarded])[0], True
            )
        day += dt.timedelta(days=1)


def _count(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (rng.random() < mean - whole)


def _minute_of_day(rng: random.Random, line: Court12368) -> int:
    opens = line.opens.hour * 60 + line.opens.minute
    closes = line.closes.hour * 60 + line.closes.minute
    while True:
        hour = rng.choices(list(HOUR_WEIGHTS), weights=list(HOUR_WEIGHTS.values()))[0]
        minute = hour * 60 + rng.randrange(60)
        if opens <= minute < closes:
            return minute


def _plan_call(traffic: Traffic, line: Court12368, when: dt.datetime, what, voicemail: bool = False) -> None:
    rng = line.rng
    how, kind, sub_kind, contents, answers, _weight = what
    needs_judge = sub_kind in (SubKind.REPEAT_CONTACT, SubKind.CONDUCT) or kind == OrderKind.CONTACT_JUDGE
    pool = line.judged if needs_judge and line.judged else line.cases
    case = rng.choice(pool) if pool and (needs_judge or rng.random() < 0.6) else None
    if kind == OrderKind.CASE_QUERY and case is None and pool:
        case = rng.choice(pool)
    cause = case.cause if case else "民间借贷纠纷"
    content = rng.choice(contents).format(cause=cause)
    if case is not None and "{cause}" not in content and rng.random() < 0.5:
        content = f"{cause}：{content}"
    answer = rng.choice(answers) if how == "spot" else ""
    # A third of the callers ring again another day: the console shows their history.
    caller = rng.choice(line.callers) if rng.random() < 0.3 else line._caller()
    agent = None if voicemail else line.agent()
    wait = rng.choices([3, 8, 15, 40, 90], weights=[45, 30, 15, 7, 3])[0] + rng.randrange(5)
    if answer:
        if when < traffic.until:
            traffic.spot.append(
                dict(
                    court=line.court,
                    agent=agent,
                    content=content,
                    kind=kind,
                    answer=answer,
                    caller_name=caller[0],
                    caller_number=caller[1],
                    case=case,
                    rang_at=when - dt.timedelta(seconds=wait),
                    now=when,
                )
            )
        return

    def call(now: dt.datetime) -> None:
        logged = log_call(
            court=line.court,
            agent=agent,
            content=content,
            kind=kind,
            sub_kind=sub_kind,
            answer=answer,
            caller_name=caller[0],
            caller_number=caller[1],
            channel="voicemail" if voicemail else "phone",
            case=case,
            dispatch=not answer and not voicemail,
            rang_at=now - dt.timedelta(seconds=wait),
            now=now,
        )
        if not voicemail:
            traffic.queued.append(
                QueuedCall(
                    court=line.court,
                    caller_number=caller[1],
                    entered_at=now - dt.timedelta(seconds=wait),
                    answered_at=now,
                    agent=agent,
                    call=logged,
                )
            )
            if rng.random() < 0.04:  # one who hung up waiting
                traffic.queued.append(
                    QueuedCall(
                        court=line.court,
                        caller_number=line._caller()[1],
                        entered_at=now - dt.timedelta(seconds=90),
                        abandoned_at=now - dt.timedelta(seconds=rng.randrange(20, 80)),
                    )
                )
        order = logged.work_order
        if order.state == OrderState.OPEN:  # no rule fits, or a voicemail: the line dispatches it
            delay = dt.timedelta(
                minutes=rng.randrange(5, 80) if rng.random() < 0.9 else rng.randrange(150, 400)
            )
            traffic.at(line.at_work(now + delay), lambda t: _dispatch_by_hand(traffic, line, order, t))
        elif order.state == OrderState.DISPATCHED:
            _plan_handling(traffic, line, order, now)

    call.is_call = True
    traffic.at(when, call, call=True)


def insert_on_the_spot(rows: list[dict], rng: random.Random, queued: list[QueuedCall]) -> list[Call]:
    """The calls answered on the spot, in bulk: the rows ``log_call`` writes for one (the call, its order
    closed at once, the order's "created" and "answered" entries; tests/demo compare them), with no
    lifecycle, clock or SMS to go through. Thousands of them one by one would slow the first start down."""
    taken = set(WorkOrder.objects.values_list("number", flat=True))
    orders = []
    for row in rows:
        number = ""
        while not number or number in taken:  # the format of intake._new_number, drawn from the seed
            number = f"{timezone.localtime(row['now']):%Y%m%d}{rng.randrange(10**8):08d}"
        taken.add(number)
        orders.append(
            WorkOrder(
                court=row["court"],
                kind=row["kind"],
                summary=row["content"],
                agent=row["agent"],
                caller_phone=row["caller_number"],
                caller_name=row["caller_name"],
                case=row["case"],
                created_at=row["now"],
                on_the_spot=True,
                state=OrderState.CLOSED,
                closed_at=row["now"],
                number=number,
                short_code=f"{rng.randrange(10**6):06d}",
            )
        )
    WorkOrder.objects.bulk_create(orders, batch_size=500)
    entries, calls = [], []
    for row, order in zip(rows, orders, strict=True):
        for action, text in (
            (OrderEntry.Action.CREATED, row["content"]),
            (OrderEntry.Action.ANSWERED, row["answer"]),
        ):
            entries.append(
                OrderEntry(
                    order=order,
                    action=action,
                    actor=row["agent"],
                    at=row["now"],
                    text=text,
                    kind=order.kind,
                    cycle=order.cycle,
                    agent_id=order.agent_id,
                    reached_handler=False,
                )
            )
        calls.append(
            Call(
                court=row["court"],
                agent=row["agent"],
                content=row["content"],
                answer=row["answer"],
                caller_name=row["caller_name"],
                caller_number=row["caller_number"],
                channel="phone",
                case=row["case"],
                rang_at=row["rang_at"],
                answered_at=row["now"],
                work_order=order,
            )
        )
    OrderEntry.objects.bulk_create(entries, batch_size=500)
    Call.objects.bulk_create(calls, batch_size=500)
    for call in calls:
        queued.append(
            QueuedCall(
                court=call.court,
                caller_number=call.caller_number,
                entered_at=call.rang_at,
                answered_at=call.answered_at,
                agent=call.agent,
                call=call,
            )
        )
    return calls


def _dispatch_by_hand(traffic: Traffic, line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    if order.state != OrderState.OPEN:
        return
    agent = order.agent or line.agent()
    try:
        order = handling.dispatch_by_rules(order, actor=agent, now=now)
    except handling.NoRoute:
        handler, department = None, None
        if order.sub_kind == SubKind.HARD_QUESTION and line.duty_judges:
            handler = line.rng.choice(line.duty_judges)
        elif order.case_id and order.case.judge_id and order.kind == OrderKind.CONTACT_JUDGE:
            handler = order.case.judge
        else:
            department = line.departments[BY_HAND[order.kind]]
            heads = line.heads.get(department.kind)
            handler = heads[0] if heads else None
        try:
            order = handling.dispatch(order, handler=handler, department=department, actor=agent, now=now)
        except handling.AboutTheHandler:
            department = line.departments[DepartmentKind.LITIGATION_SERVICE]
            order = handling.dispatch(order, department=department, actor=agent, now=now)
    _plan_handling(traffic, line, order, now)


def _holder(line: Court12368, order: WorkOrder) -> Staff | None:
    if order.handler_id:
        return order.handler
    heads = department_heads(order.department)
    return heads[0] if heads else None


def _plan_handling(traffic: Traffic, line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    """The handler's part of one round: acknowledge, then reply on time, late, very late or never (or
    transfer or return it); a caller left waiting rings again."""
    rng = line.rng
    kind = order.department.kind if order.department_id else DepartmentKind.LITIGATION_SERVICE
    late = LATE.get(kind, 0.10) * (0.5 if order.reopened else 1)
    due = order.reply_due
    roll = rng.random()
    if roll < 0.03 and not order.reopened and order.cycle == 1:
        traffic.at(
            line.at_work(now + dt.timedelta(hours=rng.uniform(1, 20))),
            lambda t: _transfer(traffic, line, order, t),
        )
        return
    if roll < 0.045 and not order.reopened and order.cycle == 1 and order.agent_id:
        traffic.at(
            line.at_work(now + dt.timedelta(hours=rng.uniform(1, 8))),
            lambda t: _return(traffic, line, order, t),
        )
        return
    if roll < 0.045 + late * 0.15:  # never answered: overdue, urged up the ladder, named in the circular
        reply_at = None
    elif roll < 0.045 + late * 0.5:  # very late: after the leader in charge was urged
        reply_at = due + dt.timedelta(days=rng.uniform(3, 8))
    elif roll < 0.045 + late:  # late: after the overdue light and the head's urge
        reply_at = due + dt.timedelta(hours=rng.uniform(3, 40))
    else:  # on time, most well before the deadline
        reply_at = now + (due - now) * rng.uniform(0.1, 0.85)
    ack_at = line.at_work(now + dt.timedelta(minutes=rng.randrange(10, 300)))
    if rng.random() < 0.85 and (reply_at is None or ack_at < reply_at):
        traffic.at(ack_at, lambda t: _acknowledge(line, order, t))
    if reply_at is None:
        reply_at = due + dt.timedelta(days=DAYS * 2)  # beyond the period: it never comes
    elif rng.random() < 0.5 and kind != DepartmentKind.PETITION:
        reply_at = line.at_work(reply_at)
    traffic.at(reply_at, lambda t: _reply(traffic, line, order, t))
    if reply_at > due + dt.timedelta(hours=12) and rng.random() < 0.6:  # the caller rings again
        again = line.at_work(due + dt.timedelta(hours=rng.uniform(4, 30)))
        traffic.at(again, lambda t: _ring_again(line, order, t))


def _acknowledge(line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    if order.state == OrderState.DISPATCHED:
        handling.acknowledge(order, actor=_holder(line, order), now=now)


def _reply(traffic: Traffic, line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    if order.state not in (OrderState.DISPATCHED, OrderState.ACKNOWLEDGED):
        return
    rng = line.rng
    report = "经调查核实，情况已书面报告院领导" if order.written_report_required else ""
    order = handling.reply(
        order, actor=_holder(line, order), text=rng.choice(REPLIES), report=report, now=now
    )
    resolve_at = line.at_work(now + dt.timedelta(minutes=rng.randrange(20, 600)))
    traffic.at(resolve_at, lambda t: _resolve_and_inform(traffic, line, order, t))


def _resolve_and_inform(traffic: Traffic, line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    if order.state != OrderState.REPLIED:
        return
    rng = line.rng
    agent = order.agent or line.agent()
    order = closing.resolve(order, actor=agent, now=now)
    method = "sms" if order.caller_phone and rng.random() < 0.4 else "phone"
    order = closing.inform_caller(
        order, actor=agent, method=method, text="已将办理结果告知来电人", now=now + dt.timedelta(minutes=5)
    )
    if rng.random() < 0.93:  # a few wait for their callback
        callback_at = line.at_work(now + dt.timedelta(hours=rng.uniform(18, 72)))
        traffic.at(callback_at, lambda t: _callback(traffic, line, order, t))


def _callback(traffic: Traffic, line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    if order.state != OrderState.INFORMED:
        return
    rng = line.rng
    weights = [78, 14, 8] if not order.reopened else [60, 40, 0]
    satisfaction = rng.choices(
        [Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.UNSATISFIED], weights=weights
    )[0]
    order = closing.record_callback(
        order,
        actor=order.agent or line.agent(),
        satisfaction=satisfaction,
        note=rng.choice(CALLBACK_NOTES[satisfaction]),
        now=now,
    )
    if order.state == OrderState.DISPATCHED:  # unsatisfied: reopened to the same handler
        _plan_handling(traffic, line, order, now)


def _transfer(traffic: Traffic, line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    if order.state not in (OrderState.DISPATCHED, OrderState.ACKNOWLEDGED):
        return
    others = [
        kind
        for kind in (DepartmentKind.FILING, DepartmentKind.ENFORCEMENT, DepartmentKind.CIVIL)
        if line.departments[kind].pk != order.department_id and line.heads.get(kind)
    ]
    if not others:
        return
    kind = line.rng.choice(others)
    order = handling.transfer(
        order,
        actor=_holder(line, order),
        handler=line.heads[kind][0],
        department=line.departments[kind],
        reason="不属本部门职责，转相关部门办理",
        now=now,
    )
    _plan_handling(traffic, line, order, now)


def _return(traffic: Traffic, line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    if order.state not in (OrderState.DISPATCHED, OrderState.ACKNOWLEDGED):
        return
    order = handling.return_order(
        order, actor=_holder(line, order), reason="派单对象有误，请重新派单", now=now
    )
    later = line.at_work(now + dt.timedelta(minutes=line.rng.randrange(20, 120)))
    traffic.at(later, lambda t: _dispatch_by_hand(traffic, line, order, t))


def _ring_again(line: Court12368, order: WorkOrder, now: dt.datetime) -> None:
    if not order.is_active:
        return
    log_call(
        court=line.court,
        agent=line.agent(),
        content="再次来电催问处理进度",
        kind=order.kind,
        sub_kind=order.sub_kind,
        caller_name=order.caller_name,
        caller_number=order.caller_phone,
        case=order.case,
        about_order=order,
        now=now,
    )


def scale_of(percent: int | None) -> float:
    return max(0, min(percent if percent is not None else 100, 100)) / 100


def load_traffic(
    scale: float = 1.0,
    seed: int = 12368,
    now: dt.datetime | None = None,
    progress: Callable[[float], None] | None = None,
) -> int:
    """Plan and play three months of every demo court's line; returns the calls logged."""
    now = now or timezone.now()
    yesterday = timezone.localtime(now).date() - dt.timedelta(days=1)
    first = yesterday - dt.timedelta(days=DAYS - 1)
    traffic = Traffic(until=now, progress=progress)
    for index, court in enumerate(Court.objects.order_by("pk")):
        slug = _slug_of(court)
        if slug not in CALLS_PER_DAY:
            continue
        line = Court12368(court, random.Random(seed * 100 + index))
        if line.agents:
            plan_court(traffic, line, CALLS_PER_DAY[slug] * scale, first, yesterday)
    traffic.run(random.Random(seed))
    return Call.objects.count()


def _slug_of(court: Court) -> str:
    agent = Staff.objects.filter(court=court, role=Role.AGENT).order_by("pk").first()
    return agent.username.split(".")[0] if agent else ""
