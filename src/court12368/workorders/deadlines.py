"""Deadline arithmetic for work orders: what is due next, and when, under the court's policy."""

import datetime as dt
import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from court12368.core.worktime import WorkCalendar
from court12368.courts.calendars import calendar_for
from court12368.courts.models import Court
from court12368.workorders.models import (
    WAITING_FOR_HANDLER,
    ClockStep,
    DeadlinePolicy,
    EscalationStep,
    Light,
    OrderKind,
    OrderState,
    Unit,
    WorkOrder,
)

# 信访工作条例第二十三条: a petition's reply to the line is the notice of whether it is accepted, owed within
# 15 days; its later clocks are workorders/lifecycle/petitions.py's.
PETITION_REPLY = (15, Unit.CALENDAR_DAYS)


def after(calendar: WorkCalendar, start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if unit == Unit.WORKING_HOURS:
        return calendar.add_working_hours(start, amount)
    if unit == Unit.WORKING_DAYS:
        return calendar.add_working_days(start, amount) if amount else calendar.local(start)
    if unit == Unit.CALENDAR_DAYS:
        return calendar.add_calendar_days(start, amount) if amount else calendar.local(start)
    raise ValueError(f"unknown unit {unit!r}")


class Clock:
    """The policy, its ladder and the court's calendar, loaded once for a batch of orders."""

    def __init__(self, policy: DeadlinePolicy):
        self.policy = policy
        self.calendar = calendar_for(policy.court)
        self.steps: dict[int, EscalationStep] = {s.level: s for s in policy.steps.all()}

    def basis(self, start: dt.datetime, end: dt.datetime, rule: str) -> dict:
        return {
            "policy": self.policy.name,
            "policy_version": self.policy.version,
            "rule": rule,
            "years": sorted({start.year, end.year}),
            "reliable": self.calendar.covers(start, end),
        }

    def dispatch_due(self, created: dt.datetime) -> dt.datetime:
        return after(self.calendar, created, self.policy.dispatch_amount, self.policy.dispatch_unit)

    def reply_due(self, dispatched: dt.datetime, kind: str = "") -> dt.datetime:
        if kind == OrderKind.PETITION:  # the petition regulations' clock, not the hotline's
            return after(self.calendar, dispatched, *PETITION_REPLY)
        return after(self.calendar, dispatched, self.policy.reply_amount, self.policy.reply_unit)

    def warn_at(self, order: WorkOrder) -> dt.datetime | None:
        if not self.policy.warn_before_hours:
            return None
        warn = self.calendar.subtract_working_time(
            order.reply_due, dt.timedelta(hours=self.policy.warn_before_hours)
        )
        return warn if warn > order.dispatched_at else None

    def escalation_due(self, order: WorkOrder, level: int) -> dt.datetime | None:
        step = self.steps.get(level)
        if step is None:
            return None
        return after(self.calendar, order.overdue_since, step.after_amount, step.after_unit)

    def plan(self, order: WorkOrder) -> tuple[dt.datetime | None, str]:
        """The order's next pending deadline and what happens then, from its current state."""
        if order.state == OrderState.OPEN:
            if order.light == Light.RED:  # dispatch already overdue: the agent has been told
                return None, ""
            return order.dispatch_due, ClockStep.DISPATCH
        if order.state not in WAITING_FOR_HANDLER:
            return None, ""
        if order.overdue_since is None:
            warn = self.warn_at(order)
            if order.light == Light.GREEN and warn is not None:
                return warn, ClockStep.WARN
            return order.reply_due, ClockStep.REPLY
        due = self.escalation_due(order, order.escalation_level + 1)
        return (due, ClockStep.ESCALATE) if due else (None, "")

    def reschedule(self, order: WorkOrder) -> None:
        order.next_due_at, order.next_step = self.plan(order)


# A court's clock is kept for a minute per process, as its calendar is (courts/calendars.py): building it
# twice per order (create, dispatch) was a fifth of order intake (docs/benchmarks.md). Dropped at once when
# this process changes a policy, a step or a court, and whenever the court's calendar was rebuilt.
CLOCK_SECONDS = 60
_clocks: dict[int, tuple[float, Clock]] = {}


def cached_clock(court_id: int) -> Clock | None:
    found = _clocks.get(court_id)
    if found is None or time.monotonic() - found[0] >= CLOCK_SECONDS:
        return None
    clock = found[1]
    return clock if calendar_for(clock.policy.court) is clock.calendar else None


def keep_clock(court_id: int, clock: Clock) -> Clock:
    _clocks[court_id] = (time.monotonic(), clock)
    return clock


@receiver([post_save, post_delete], sender=DeadlinePolicy)
@receiver([post_save, post_delete], sender=EscalationStep)
@receiver([post_save, post_delete], sender=Court)
def _policy_changed(**kwargs) -> None:
    _clocks.clear()
