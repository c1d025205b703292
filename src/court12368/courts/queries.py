"""Reads about courts and the calendar."""

import datetime

from django.utils import timezone

from court12368.courts.models import Court, HolidayYear


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
