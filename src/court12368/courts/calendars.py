"""A court's working calendar, built from the national holiday table, its hours and closures.

Built calendars are cached per process for a short time (and dropped at once when this process
changes the data), so the sweeper and order intake do not re-read the tables on every call; another
process sees an administrator's edit within ``CACHE_SECONDS``.

A year whose State Council arrangement is not entered yet counts its statutory holidays all the same: as
stored provisionally (courts/holidays.py), or, until that has happened, computed here from the holiday
rules for the years ahead that a deadline can reach. Only entered years make a result reliable
(``WorkCalendar.covers``); :func:`holiday_caveat` says why one is not.
"""

import datetime as dt
import threading
import time
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.core.worktime import Hours, WorkCalendar, build_calendar
from court12368.courts import holiday_rules
from court12368.courts.models import CalendarDay, Court, CourtClosure, HolidayYear, ServiceHours

CACHE_SECONDS = 60
# A court with no hours configured is still computable: the most common 12368 hours.
DEFAULT_HOURS = Hours(dt.time(8, 30), dt.time(17, 30), dt.time(12, 0), dt.time(13, 30))
# The longest period counted here is two years (申请执行期间), and its end may roll into the year after.
YEARS_AHEAD = 3


@dataclass(frozen=True)
class NationalDays:
    days: tuple[tuple[dt.date, str], ...]
    published: frozenset[int]  # years whose State Council arrangement is entered
    provisional: frozenset[int]  # years whose statutory holidays are computed from the rules


_lock = threading.Lock()
_national: tuple[float, NationalDays] | None = None
_courts: dict[int, tuple[float, WorkCalendar]] = {}


def coming_years(today: dt.date | None = None) -> list[int]:
    """This year and the years ahead a deadline or period started today can reach."""
    year = (today or timezone.localdate()).year
    return list(range(year, year + YEARS_AHEAD + 1))


def _load_national() -> NationalDays:
    days = list(CalendarDay.objects.values_list("date", "kind"))
    tables = dict(HolidayYear.objects.values_list("year", "provisional"))
    # Every year under the rules up to the farthest a deadline can reach today, not entered or stored.
    reach = range(holiday_rules.FIRST_RULES_YEAR, coming_years()[-1] + 1)
    computed = [y for y in reach if y not in tables and holiday_rules.governs(y)]
    for year in computed:  # not stored yet (the sweep stores them): the rules, in memory meanwhile
        days += [(day, "holiday") for day, _name in holiday_rules.statutory_holidays(year)]
    return NationalDays(
        days=tuple(days),
        published=frozenset(y for y, provisional in tables.items() if not provisional),
        provisional=frozenset([*(y for y, provisional in tables.items() if provisional), *computed]),
    )


def national_days() -> NationalDays:
    global _national
    with _lock:
        if _national and time.monotonic() - _national[0] < CACHE_SECONDS:
            return _national[1]
    national = _load_national()
    with _lock:
        _national = (time.monotonic(), national)
    return national


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
    national = national_days()
    closures = CourtClosure.objects.filter(court=court).values_list("date", flat=True)
    calendar = build_calendar(
        hours_of(court),
        national.days,
        known_years=national.published,
        closures=closures,
        tz=timezone.get_default_timezone(),
    )
    with _lock:
        _courts[court.pk] = (time.monotonic(), calendar)
    return calendar


def national_calendar() -> WorkCalendar:
    """The State Council's calendar alone, for statutory periods (no court's hours or closures)."""
    national = national_days()
    return build_calendar(
        DEFAULT_HOURS, national.days, known_years=national.published, tz=timezone.get_default_timezone()
    )


def _year(value: dt.date | dt.datetime) -> int:
    return (timezone.localtime(value) if isinstance(value, dt.datetime) else value).year


def holiday_caveat(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> str:
    """Why a result computed from ``start`` to ``end`` may still change ("" when it rests on entered
    years only): a provisional year lacks the State Council's bridging and make-up days, a missing one
    counts weekends alone."""
    return caveat_for_years(range(_year(start), _year(end) + 1))


def caveat_for_years(years) -> str:
    national = national_days()
    provisional = [y for y in years if y in national.provisional]
    missing = [y for y in years if y not in national.published and y not in national.provisional]
    reasons = []
    if provisional:
        reasons.append(
            _(
                "The State Council's holiday arrangement for %(years)s has not been entered: its "
                "statutory holidays are computed from the national holiday rules, without the make-up "
                "working days, and the date may change."
            )
            % {"years": "、".join(str(y) for y in provisional)}
        )
    if missing:
        reasons.append(
            _("There is no holiday table for %(years)s: only weekends are counted as rest days there.")
            % {"years": "、".join(str(y) for y in missing)}
        )
    return " ".join(reasons)


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
