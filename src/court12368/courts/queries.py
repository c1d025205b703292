"""Reads about courts and the calendar."""

import datetime

from django.utils import timezone

from court12368.courts.models import Court, Department, HolidayYear, Role, Staff


def missing_holiday_years(today: datetime.date | None = None) -> list[int]:
    """This year and next, where the holiday table has not been entered yet.

    Deadlines in a year without a table can only be computed from weekends, which is wrong
    around every holiday, so administrators are warned well before the year starts.
    """
    today = today or timezone.localdate()
    wanted = {today.year, today.year + 1}
    present = set(HolidayYear.objects.filter(year__in=wanted).values_list("year", flat=True))
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


def leaders_in_charge(department: Department | None, court: Court) -> list[Staff]:
    """The department's leader in charge, or, when none is set, every leader of the court."""
    if department is not None and department.leader_in_charge_id:
        return [department.leader_in_charge]
    return court_leaders(court)


def duty_judge(court: Court) -> Staff | None:
    return Staff.objects.filter(court=court, role=Role.DUTY_JUDGE, is_active=True).order_by("pk").first()


def department_of_kind(court: Court, kind: str) -> Department | None:
    return Department.objects.filter(court=court, kind=kind).order_by("pk").first()
