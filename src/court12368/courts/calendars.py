"""A court's working calendar, built from the national holiday table, its hours and closures.

Built calendars are cached per process for a short time (and dropped at once when this process
changes the data), so the sweeper and order intake do not re-read the tables on every call; another
process sees an administrator's edit within ``CACHE_SECONDS``.
"""

import datetime as dt
import threading
import time

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from court12368.core.worktime import Hours, WorkCalendar, build_calendar
from court12368.courts.models import CalendarDay, Court, CourtClosure, HolidayYear, ServiceHours

CACHE_SECONDS = 60
# A court with no hours configured is still computable: the most common 12368 hours.
DEFAULT_HOURS = Hours(dt.time(8, 30), dt.time(17, 30), dt.time(12, 0), dt.time(13, 30))

_lock = threading.Lock()
_national: tuple[float, tuple, frozenset] | None = None
_courts: dict[int, tuple[float, WorkCalendar]] = {}


def _national_days() -> tuple[tuple, frozenset]:
    global _national
    with _lock:
        if _national and time.monotonic() - _national[0] < CACHE_SECONDS:
            return _national[1], _national[2]
    days = tuple(CalendarDay.objects.values_list("date", "kind"))
    years = frozenset(HolidayYear.objects.values_list("year", flat=True))
    with _lock:
        _national = (time.monotonic(), days, years)
    return days, years


def hours_of(court: Court) -> Hours:
    try:
        h = court.service_hours
    except ServiceHours.DoesNotExist:
        return DEFAULT_HOURS
    return Hours(h.opens, h.closes, h.lunch_starts, h.lunch_ends)


def calendar_for(court: Court) -> WorkCalendar:
    with _lock:
        cached = _courts.get(court.pk)
        if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
    days, years = _national_days()
    closures = CourtClosure.objects.filter(court=court).values_list("date", flat=True)
    calendar = build_calendar(
        hours_of(court), days, known_years=years, closures=closures, tz=timezone.get_default_timezone()
    )
    with _lock:
        _courts[court.pk] = (time.monotonic(), calendar)
    return calendar


def national_calendar() -> WorkCalendar:
    """The State Council's calendar alone, for statutory periods (no court's hours or closures)."""
    days, years = _national_days()
    return build_calendar(DEFAULT_HOURS, days, known_years=years, tz=timezone.get_default_timezone())


def clear_cache() -> None:
    global _national
    with _lock:
        _national = None
        _courts.clear()


@receiver([post_save, post_delete], sender=CalendarDay)
@receiver([post_save, post_delete], sender=HolidayYear)
@receiver([post_save, post_delete], sender=ServiceHours)
@receiver([post_save, post_delete], sender=CourtClosure)
def _calendar_changed(**kwargs) -> None:
    clear_cache()
