"""Reads about courts and the calendar."""

import datetime

from django.utils import timezone

from court12368.courts.models import (
    Court,
    Department,
    DepartmentKind,
    DutyShift,
    HalfDay,
    HolidayYear,
    Role,
    Staff,
)

# Who may take a turn as duty judge (洛阳中院一号通办服务工作规范第七条): any judge of the court, a
# division head (值班庭长) included; each keeps their own role.
JUDGE_ROLES = (Role.DUTY_JUDGE, Role.JUDGE, Role.DEPARTMENT_HEAD)
NOON = datetime.time(12, 0)


def missing_holiday_years(today: datetime.date | None = None) -> list[int]:
    """This year and next, where the State Council's arrangement has not been entered yet.

    Deadlines in such a year count only the statutory holidays computed from the rules (a provisional
    table, without make-up days), so administrators are warned well before the year starts.
    """
    today = today or timezone.localdate()
    wanted = {today.year, today.year + 1}
    entered = HolidayYear.objects.filter(year__in=wanted, provisional=False)
    present = set(entered.values_list("year", flat=True))
    return sorted(wanted - present)


def courts_under(court_id: int) -> set[int]:
    """The court and every court below it (a high court's province, an intermediate court's district)."""
    found, frontier = {court_id}, {court_id}
    while frontier:
        frontier = set(Court.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


# ---- who holds which duty: the staff look-ups routing, dispatch and the deadline sweep share ----------
def department_heads(department: Department | None) -> list[Staff]:
    """The department's active heads, the longest-serving account first (the route's first taker)."""
    if department is None:
        return []
    return list(
        Staff.objects.filter(department=department, role=Role.DEPARTMENT_HEAD, is_active=True).order_by("pk")
    )


def court_leaders(court: Court) -> list[Staff]:
    return list(Staff.objects.filter(court=court, role=Role.LEADER, is_active=True).order_by("pk"))


def court_judges(court: Court):
    """The court's active judges, by name (a queryset: callers narrow it further)."""
    return Staff.objects.filter(court=court, role=Role.JUDGE, is_active=True).order_by("full_name", "pk")


def leaders_in_charge(department: Department | None, court: Court) -> list[Staff]:
    """The department's leader in charge, or, when none is set, every leader of the court."""
    if department is not None and department.leader_in_charge_id:
        return [department.leader_in_charge]
    return court_leaders(court)


def half_of(at: datetime.datetime) -> str:
    """The half-day an instant falls in, in the court's local time (morning before 12:00)."""
    return HalfDay.MORNING if timezone.localtime(at).time() < NOON else HalfDay.AFTERNOON


def rostered_judge(court: Court, at: datetime.datetime | None = None) -> Staff | None:
    """The active judge the roster puts on duty at ``at`` (now): a half-day's shift before the whole day's."""
    at = at or timezone.now()
    half = half_of(at)
    shifts = DutyShift.objects.filter(
        court=court,
        date=timezone.localtime(at).date(),
        half__in=(half, HalfDay.WHOLE_DAY),
        judge__court=court,
        judge__is_active=True,
    ).select_related("judge__department")
    by_half = {shift.half: shift.judge for shift in shifts}
    return by_half.get(half) or by_half.get(HalfDay.WHOLE_DAY)


def service_centre_heads(court: Court) -> list[Staff]:
    """The heads of the court's litigation service centre, which arranges the duty judges (art. 7)."""
    return department_heads(department_of_kind(court, DepartmentKind.LITIGATION_SERVICE))


def duty_judge(court: Court, at: datetime.datetime | None = None) -> Staff | None:
    """Who takes hard questions at ``at`` (now): the rostered judge; with a gap in the roster, the head of
    the litigation service centre, who arranges the roster; with neither, the fixed duty-judge account."""
    judge = rostered_judge(court, at)
    if judge is not None:
        return judge
    heads = service_centre_heads(court)
    if heads:
        return heads[0]
    return Staff.objects.filter(court=court, role=Role.DUTY_JUDGE, is_active=True).order_by("pk").first()


def contact_person(department: Department | None) -> Staff | None:
    """The department's designated contact person (art. 5(6)) while active and of its court, else None."""
    if department is None or not department.contact_person_id:
        return None
    person = department.contact_person
    return person if person.is_active and person.court_id == department.court_id else None


def department_of_kind(court: Court, kind: str) -> Department | None:
    return Department.objects.filter(court=court, kind=kind).order_by("pk").first()
