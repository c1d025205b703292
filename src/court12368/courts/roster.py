"""The duty judges' roster (洛阳中院一号通办服务工作规范第七条: the line's supervising department arranges
the duty judges): the grid of a week or a month, its gaps, and the one write."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.core import audit
from court12368.courts.calendars import calendar_for
from court12368.courts.models import Court, DutyShift, HalfDay, Staff
from court12368.courts.queries import JUDGE_ROLES, half_of

GAP_HORIZON_DAYS = 7  # how far ahead a gap in the roster is warned about


def eligible_judges(court: Court):
    """Who can take a turn: the court's active judges (a judge keeps their own role)."""
    return (
        Staff.objects.filter(court=court, role__in=JUDGE_ROLES, is_active=True)
        .select_related("department")
        .order_by("department__name", "full_name", "pk")
    )


@dataclass
class RosterDay:
    date: datetime.date
    working: bool
    morning: Staff | None = None
    afternoon: Staff | None = None

    @property
    def editable(self) -> bool:
        return self.date >= timezone.localdate()  # the past is the record of who was on duty


def roster(court: Court, start: datetime.date, days: int, shifts=None) -> list[RosterDay]:
    """Each day from ``start``: whether the court works then, and its morning's and afternoon's judge
    (a whole-day shift fills both; a half-day's shift wins over it). Inactive judges leave a gap.
    ``shifts``: the court's shifts of those days when the caller has read them (``shifts_of``)."""
    end = start + datetime.timedelta(days=days - 1)
    calendar = calendar_for(court)
    grid = {
        start + datetime.timedelta(n): RosterDay(
            start + datetime.timedelta(n), calendar.is_working_day(start + datetime.timedelta(n))
        )
        for n in range(days)
    }
    if shifts is None:
        shifts = shifts_of([court], start, end).get(court.pk, [])
    for shift in sorted(shifts, key=lambda s: s.half != HalfDay.WHOLE_DAY):  # whole days first
        day = grid[shift.date]
        if shift.half in (HalfDay.WHOLE_DAY, HalfDay.MORNING):
            day.morning = shift.judge
        if shift.half in (HalfDay.WHOLE_DAY, HalfDay.AFTERNOON):
            day.afternoon = shift.judge
    return list(grid.values())


def shifts_of(courts, start: datetime.date, end: datetime.date) -> dict[int, list[DutyShift]]:
    """The shifts from ``start`` to ``end`` of active judges of their own court, by court: one query."""
    found: dict[int, list[DutyShift]] = {}
    shifts = DutyShift.objects.filter(
        court__in=courts, date__range=(start, end), judge__is_active=True
    ).select_related("judge__department")
    for shift in shifts:
        if shift.judge.court_id == shift.court_id:
            found.setdefault(shift.court_id, []).append(shift)
    return found


@dataclass(frozen=True)
class Gap:
    date: datetime.date
    half: str = ""  # "" for the whole day

    def __str__(self) -> str:
        text = f"{self.date:%Y-%m-%d}"
        return f"{text} {HalfDay(self.half).label}" if self.half else text


def gaps(
    court: Court, now: datetime.datetime | None = None, days: int = GAP_HORIZON_DAYS, shifts=None
) -> list[Gap]:
    """The working days (and half-days) of the next ``days`` with no judge on the roster; a hard question
    then goes to the centre's head. A half-day already over is no gap."""
    now = now or timezone.now()
    today, half_now = timezone.localtime(now).date(), half_of(now)
    found = []
    for day in roster(court, today, days, shifts):
        if not day.working:
            continue
        morning_missing = day.morning is None and not (day.date == today and half_now == HalfDay.AFTERNOON)
        if morning_missing and day.afternoon is None:
            found.append(Gap(day.date))
        elif morning_missing:
            found.append(Gap(day.date, HalfDay.MORNING))
        elif day.afternoon is None:
            found.append(Gap(day.date, HalfDay.AFTERNOON))
    return found


def gaps_by_court(courts, now: datetime.datetime | None = None) -> list[tuple[Court, list[Gap]]]:
    """The courts among ``courts`` whose roster has gaps in the coming week, with those gaps."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    active = list(courts.filter(is_active=True).order_by("code"))
    # One query for every court's week: this runs on each page an administrator of a province opens.
    shifts = shifts_of(active, today, today + datetime.timedelta(days=GAP_HORIZON_DAYS - 1))
    found = []
    for court in active:
        court_gaps = gaps(court, now, shifts=shifts.get(court.pk, []))
        if court_gaps:
            found.append((court, court_gaps))
    return found


def _who(judge: Staff | None) -> str | None:
    return f"{judge} (#{judge.pk})" if judge is not None else None


@transaction.atomic
def save_roster(
    court: Court,
    plan: dict[datetime.date, tuple[Staff | None, Staff | None]],
    *,
    by: Staff,
    ip: str | None = None,
) -> int:
    """Set each planned day's morning and afternoon judge (None: nobody); returns the days changed.

    The same judge for both halves is one whole-day shift. Only changed days are rewritten (a shift's
    note survives), each audited with before and after. The past cannot be rewritten."""
    if not plan:
        return 0
    allowed = {judge.pk for judge in eligible_judges(court)}
    today = timezone.localdate()
    current = {day.date: day for day in roster(court, min(plan), (max(plan) - min(plan)).days + 1)}
    changed = 0
    for date, (morning, afternoon) in sorted(plan.items()):
        day = current[date]
        if (morning, afternoon) == (day.morning, day.afternoon):
            continue
        if date < today:
            raise ValidationError(_("The roster of a past day cannot be changed."))
        for judge in (morning, afternoon):
            if judge is not None and judge.pk not in allowed:
                raise ValidationError(_("%(name)s is not an active judge of this court.") % {"name": judge})
        DutyShift.objects.filter(court=court, date=date).delete()
        if morning is not None and morning == afternoon:
            DutyShift.objects.create(court=court, date=date, half=HalfDay.WHOLE_DAY, judge=morning)
        else:
            for half, judge in ((HalfDay.MORNING, morning), (HalfDay.AFTERNOON, afternoon)):
                if judge is not None:
                    DutyShift.objects.create(court=court, date=date, half=half, judge=judge)
        audit.record(
            "duty_roster.changed", channel="web", actor=by, subject=court, ip=ip, date=date.isoformat(),
            before={"am": _who(day.morning), "pm": _who(day.afternoon)},
            after={"am": _who(morning), "pm": _who(afternoon)},
        )  # fmt: skip
        changed += 1
    return changed
