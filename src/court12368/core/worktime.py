"""Arithmetic over a court's working time. Pure: no database, no clock; see ``courts.calendars``
for building a :class:`WorkCalendar` from a court's configuration.

Working time is the court's service hours (with the lunch break taken out) on working days. A day is
a working day when it is not a per-court closure and either a make-up working day (调休) or a
weekday that is not a statutory holiday.

Conventions, chosen so that results are predictable for callers and handlers:
- "N working hours" counts only working time; a result that lands exactly at a break or the end of
  the day stays there (17:30), rather than jumping to the next morning.
- "N working days" ends at closing time of the N-th working day after the start day (the start
  day itself is not counted, as in 民事诉讼法 art. 85): "2 working days" from Monday 10:00 is
  Wednesday's close of service.
- Statutory periods (:meth:`WorkCalendar.period_end`) follow 民事诉讼法 art. 85 and 民法典 art. 202:
  the start day is not counted; months and years end on the corresponding day, or the month's last
  day when there is none; a period ending on a rest day ends on the next working day.
- Years without holiday data fall back to weekends only; :meth:`covers` tells whether a result
  depends on such a year, so callers can flag it.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

ONE_DAY = dt.timedelta(days=1)
ZERO = dt.timedelta(0)
# No legitimate deadline looks further ahead than this; a loop that would is a configuration error.
MAX_SEARCH_DAYS = 3 * 366


class CalendarError(ValueError):
    pass


@dataclass(frozen=True)
class Hours:
    opens: dt.time
    closes: dt.time
    lunch_starts: dt.time | None = None
    lunch_ends: dt.time | None = None

    def periods(self) -> tuple[tuple[dt.time, dt.time], ...]:
        if self.lunch_starts and self.lunch_ends:
            return ((self.opens, self.lunch_starts), (self.lunch_ends, self.closes))
        return ((self.opens, self.closes),)


@dataclass(frozen=True)
class WorkCalendar:
    hours: Hours
    holidays: frozenset[dt.date] = frozenset()
    makeup_days: frozenset[dt.date] = frozenset()
    closures: frozenset[dt.date] = frozenset()
    known_years: frozenset[int] = frozenset()
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))

    # ---- days -------------------------------------------------------------------------------
    def is_rest_day(self, day: dt.date) -> bool:
        """A statutory rest day: a holiday, or a weekend day that is not a make-up working day."""
        if day in self.makeup_days:
            return False
        return day in self.holidays or day.weekday() >= 5

    def is_working_day(self, day: dt.date) -> bool:
        return day not in self.closures and not self.is_rest_day(day)

    def next_working_day(self, day: dt.date, *, include_today: bool = False) -> dt.date:
        candidate = day if include_today else day + ONE_DAY
        for _ in range(MAX_SEARCH_DAYS):
            if self.is_working_day(candidate):
                return candidate
            candidate += ONE_DAY
        raise CalendarError(f"no working day within {MAX_SEARCH_DAYS} days of {day}")

    def covers(self, start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> bool:
        """True when every year from start to end has holiday data (the result is reliable)."""
        return all(year in self.known_years for year in range(_day(start).year, _day(end).year + 1))

    # ---- instants ---------------------------------------------------------------------------
    def periods_on(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_working_day(day):
            return []
        return [(self._at(day, a), self._at(day, b)) for a, b in self.hours.periods()]

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.tz)

    def _periods_from(self, instant: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Working periods that end after ``instant``, clipped to start no earlier than it."""
        instant = self.local(instant)
        day = instant.date()
        for _ in range(MAX_SEARCH_DAYS):
            for start, end in self.periods_on(day):
                if end > instant:
                    yield max(start, instant), end
            day += ONE_DAY
        raise CalendarError(f"no working time within {MAX_SEARCH_DAYS} days of {instant}")

    def local(self, instant: dt.datetime) -> dt.datetime:
        if instant.tzinfo is None:
            raise CalendarError("naive datetimes are ambiguous; give an aware one")
        return instant.astimezone(self.tz)

    def is_working_time(self, instant: dt.datetime) -> bool:
        instant = self.local(instant)
        return any(start <= instant <= end for start, end in self.periods_on(instant.date()))

    def next_opening(self, instant: dt.datetime) -> dt.datetime:
        """``instant`` if the line is open then, else when it next opens (voicemail is heard then)."""
        instant = self.local(instant)
        if self.is_working_time(instant) and not any(
            instant == end for _, end in self.periods_on(instant.date())
        ):
            return instant
        for start, end in self._periods_from(instant):
            if start < end:
                return start
        raise CalendarError("unreachable")  # pragma: no cover

    def add_working_time(self, start: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        if amount < ZERO:
            raise CalendarError("cannot add a negative amount of working time")
        remaining = amount
        if remaining == ZERO:
            return self.next_opening(start) if not self.is_working_time(start) else self.local(start)
        for period_start, period_end in self._periods_from(start):
            available = period_end - period_start
            if remaining <= available:
                return period_start + remaining
            remaining -= available
        raise CalendarError("unreachable")  # pragma: no cover

    def subtract_working_time(self, end: dt.datetime, amount: dt.timedelta) -> dt.datetime:
        """The instant from which ``amount`` of working time runs until ``end``."""
        if amount < ZERO:
            raise CalendarError("cannot subtract a negative amount of working time")
        end = self.local(end)
        remaining = amount
        day = end.date()
        for _ in range(MAX_SEARCH_DAYS):
            for start, stop in reversed(self.periods_on(day)):
                if start >= end:
                    continue
                stop = min(stop, end)
                if remaining <= stop - start:
                    return stop - remaining
                remaining -= stop - start
            day -= ONE_DAY
        raise CalendarError(f"no working time within {MAX_SEARCH_DAYS} days before {end}")

    def add_working_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        return self.add_working_time(start, dt.timedelta(hours=hours))

    def closing_time(self, day: dt.date) -> dt.datetime:
        return self._at(day, self.hours.closes)

    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """Close of service on the ``days``-th working day after the start day."""
        if days < 0:
            raise CalendarError("cannot add a negative number of working days")
        day = self.local(start).date()
        if days == 0:
            return self.closing_time(self.next_working_day(day, include_today=True))
        for _ in range(days):
            day = self.next_working_day(day)
        return self.closing_time(day)

    def add_calendar_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """Close of service on the last day of a period of ``days`` days (art. 85 rules)."""
        return self.closing_time(self.period_end(self.local(start).date(), days=days))

    def elapsed_working_time(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        if end < start:
            return -self.elapsed_working_time(end, start)
        total = ZERO
        for period_start, period_end in self._periods_from(start):
            if period_start >= end:
                break
            total += min(period_end, end) - period_start
        return total

    # ---- statutory periods -----------------------------------------------------------------
    def period_end(self, start: dt.date, *, days: int = 0, months: int = 0, years: int = 0) -> dt.date:
        """Last day of a statutory period starting on ``start`` (not counted).

        Only statutory rest days move the end; a court's own closures do not change the law.
        """
        if min(days, months, years) < 0:
            raise CalendarError("periods are not negative")
        end = add_months(start, months + 12 * years) + dt.timedelta(days=days)
        while self.is_rest_day(end):
            end += ONE_DAY
        return end


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or the last day of that month (民法典 art. 202)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, _calendar.monthrange(year, month)[1]))


def _day(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def build_calendar(
    hours: Hours,
    days: Iterable[tuple[dt.date, str]],
    *,
    known_years: Iterable[int],
    closures: Iterable[dt.date] = (),
    tz: ZoneInfo | None = None,
) -> WorkCalendar:
    """A calendar from (date, kind) rows, kind being ``"holiday"`` or ``"workday"`` (make-up day)."""
    holidays, makeup = set(), set()
    for day, kind in days:
        (holidays if kind == "holiday" else makeup).add(day)
    return WorkCalendar(
        hours=hours,
        holidays=frozenset(holidays),
        makeup_days=frozenset(makeup),
        closures=frozenset(closures),
        known_years=frozenset(known_years),
        **({"tz": tz} if tz else {}),
    )
