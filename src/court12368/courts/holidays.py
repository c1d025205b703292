"""Every write to the national holiday tables after the package's import (courts/services.py): a year
computed from the holiday rules (provisional), a year entered from the State Council's notice (which
replaces it), and a court administrator's request for a year.

A table that changes is announced with ``signals.holiday_years_changed``: the rooms above (work orders)
recompute the deadlines that reach into it and log each change. courts may not import them (layers).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from court12368.core import audit
from court12368.courts import calendars, holiday_rules, signals
from court12368.courts.holiday_notice import HOLIDAY, WORKDAY, names_for
from court12368.courts.models import CalendarDay, Court, DayKind, HolidayRequest, HolidayYear, Staff

RULES_SOURCE = "《全国年节及纪念日放假办法》推算"
KINDS = {HOLIDAY: DayKind.HOLIDAY, WORKDAY: DayKind.MAKEUP_WORKDAY}


@dataclass(frozen=True)
class Entered:
    table: HolidayYear
    added: list[str]  # "2027-02-11 holiday", ...
    removed: list[str]
    was_provisional: bool
    recomputed: int  # deadlines and periods the rooms above changed

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.was_provisional)


def announce(years: list[int], actor=None) -> int:
    """Tell the rooms above; each receiver returns how many deadlines or periods it changed."""
    calendars.clear_cache()  # bulk writes send no post_save: drop this process's calendars at once
    responses = signals.holiday_years_changed.send(sender=HolidayYear, years=years, actor=actor)
    return sum(result for _receiver, result in responses if isinstance(result, int))


def store_provisional_years(years: list[int] | None = None) -> list[int]:
    """Store the statutory holidays of each year that has no table yet, as computed from the holiday
    rules (provisional, no make-up days); returns the years stored. Idempotent: a year already there,
    computed or entered, is left alone, and a second sweeper racing for the same year loses quietly."""
    wanted = [year for year in years or calendars.coming_years() if holiday_rules.governs(year)]
    present = set(HolidayYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    stored = []
    for year in wanted:
        if year in present:
            continue
        try:
            with transaction.atomic():
                table = HolidayYear.objects.create(year=year, provisional=True, source=RULES_SOURCE)
                CalendarDay.objects.bulk_create(
                    CalendarDay(table=table, date=day, kind=DayKind.HOLIDAY, name=name)
                    for day, name in holiday_rules.statutory_holidays(year)
                )
                audit.record("holidays.computed", channel="system", subject=table, year=year)
                announce([year])
        except IntegrityError:
            continue
        stored.append(year)
    return stored


def provide_coming_years() -> int:
    """The sweep: the years a deadline started today can reach have a table, computed if need be."""
    return len(store_provisional_years())


def table_of(year: int) -> tuple[dict[dt.date, str], dict[dt.date, str], bool | None]:
    """The year as it stands: kinds ("holiday"/"workday") and names by date, and whether it is
    provisional (None: not stored; its statutory holidays as the rules give them)."""
    table = HolidayYear.objects.filter(year=year).first()
    if table is None:
        statutory = holiday_rules.statutory_holidays(year) if holiday_rules.governs(year) else ()
        return {day: HOLIDAY for day, _n in statutory}, dict(statutory), None
    rows = table.days.values_list("date", "kind", "name")
    kinds = {day: (HOLIDAY if kind == DayKind.HOLIDAY else WORKDAY) for day, kind, _n in rows}
    return kinds, {day: name for day, _k, name in rows}, table.provisional


@transaction.atomic
def enter_year(
    year: int,
    kinds: dict[dt.date, str],
    *,
    names: dict[dt.date, str] | None = None,
    source: str = "",
    notes: str = "",
    actor: Staff | None = None,
    ip: str | None = None,
) -> Entered:
    """Enter ``year`` as a whole from the State Council's arrangement: ``kinds`` gives each rest day
    ("holiday") and make-up working day ("workday"). It replaces what was there, computed or entered,
    in one transaction with the recomputation of what depends on it, and is audited with what changed."""
    if any(day.year != year for day in kinds):
        raise ValueError("every day must lie in the year entered")
    names = names if names is not None else names_for(year, kinds)
    table = HolidayYear.objects.select_for_update().filter(year=year).first()
    was_provisional = table is None or table.provisional
    if table is None:
        table = HolidayYear(year=year)
    before = {f"{day} {kind}" for day, kind in table.days.values_list("date", "kind")} if table.pk else set()
    after = {f"{day} {KINDS[kind]}" for day, kind in kinds.items()}
    table.provisional = False
    table.source = source[:100] or _("State Council notice")
    table.notes = notes
    table.save()
    _replace_days(table, {day: (KINDS[kind], names.get(day, "")[:64]) for day, kind in kinds.items()})
    added, removed = sorted(after - before), sorted(before - after)
    done = HolidayRequest.objects.filter(year=year, done_at__isnull=True).update(done_at=timezone.now())
    audit.record(
        "holidays.entered", channel="admin", actor=actor, subject=table, ip=ip, year=year,
        was_provisional=was_provisional, added=added, removed=removed, requests_done=done,
    )  # fmt: skip
    recomputed = announce([year], actor=actor) if (added or removed or was_provisional) else 0
    return Entered(table, added, removed, was_provisional, recomputed)


def _replace_days(table: HolidayYear, wanted: dict[dt.date, tuple[str, str]]) -> None:
    """Only the days that change are written, so the audit log's row-by-row record (core/changes.py)
    shows what the notice changed rather than the whole year deleted and written again."""
    for row in table.days.all():
        if row.date not in wanted:
            row.delete()
        elif (row.kind, row.name) != wanted[row.date]:
            row.kind, row.name = wanted[row.date]
            row.save(update_fields=["kind", "name"])
    present = set(table.days.values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(table=table, date=day, kind=kind, name=name)
        for day, (kind, name) in sorted(wanted.items())
        if day not in present
    )


@transaction.atomic
def request_year(
    *, court: Court, year: int, note: str = "", requested_by: Staff | None = None
) -> HolidayRequest:
    """A court administrator asks the platform administrators to enter (or correct) a year."""
    request = HolidayRequest(court=court, year=year, note=note, requested_by=requested_by)
    request.full_clean()
    request.save()
    audit.record("holidays.requested", channel="admin", actor=requested_by, subject=court, year=year)
    return request


def open_requests(year: int | None = None):
    rows = HolidayRequest.objects.filter(done_at__isnull=True).select_related("court", "requested_by")
    return rows.filter(year=year) if year else rows
