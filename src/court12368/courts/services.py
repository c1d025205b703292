"""Every write to courts, staff and the holiday table goes through here."""

import datetime

import chinese_calendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from court12368.core import audit
from court12368.core.hashing import sip_ha1
from court12368.courts.models import (
    CalendarDay,
    Court,
    DayKind,
    Department,
    HolidayYear,
    Role,
    ServiceHours,
    Staff,
)

PACKAGE_SOURCE = f"chinese-calendar {chinese_calendar.__version__}"


def package_years() -> list[int]:
    """The years for which the pinned ``chinese-calendar`` package carries the official arrangement."""
    return sorted({d.year for d in chinese_calendar.holidays})


def package_days(year: int) -> list[tuple[datetime.date, str, str]]:
    days = []
    for table, kind in (
        (chinese_calendar.holidays, DayKind.HOLIDAY),
        (chinese_calendar.workdays, DayKind.MAKEUP_WORKDAY),
    ):
        for date, english in table.items():
            if date.year == year:
                days.append((date, kind, chinese_calendar.Holiday(english).chinese))
    return sorted(days)


@transaction.atomic
def import_holidays_from_package(years: list[int] | None = None, *, replace: bool = False) -> list[int]:
    """Load the package's holiday tables into the database; returns the years written.

    A year an administrator already has is left alone unless ``replace`` is given, so a
    hand-corrected table survives upgrades of the package.
    """
    written = []
    for year in years or package_years():
        existing = HolidayYear.objects.filter(year=year).first()
        if existing and not replace:
            continue
        days = package_days(year)
        if not days:
            continue
        table, _ = HolidayYear.objects.update_or_create(year=year, defaults={"source": PACKAGE_SOURCE})
        table.days.all().delete()
        CalendarDay.objects.bulk_create(
            CalendarDay(table=table, date=date, kind=kind, name=name) for date, kind, name in days
        )
        written.append(year)
    return written


@transaction.atomic
def create_court(
    *, code: str, name: str, level: str, area_code: str, parent: Court | None = None, **fields
) -> Court:
    court = Court(code=code, name=name, level=level, area_code=area_code, parent=parent, **fields)
    court.full_clean()
    court.save()
    return court


@transaction.atomic
def set_service_hours(
    court: Court,
    *,
    opens: datetime.time,
    closes: datetime.time,
    lunch_starts: datetime.time | None = None,
    lunch_ends: datetime.time | None = None,
) -> ServiceHours:
    hours = ServiceHours.objects.filter(court=court).first() or ServiceHours(court=court)
    hours.opens, hours.closes = opens, closes
    hours.lunch_starts, hours.lunch_ends = lunch_starts, lunch_ends
    hours.full_clean()
    hours.save()
    return hours


@transaction.atomic
def create_department(court: Court, *, name: str, kind: str, phone: str = "") -> Department:
    department = Department(court=court, name=name, kind=kind, phone=phone)
    department.full_clean()
    department.save()
    return department


@transaction.atomic
def create_staff(
    *,
    username: str,
    role: str,
    court: Court | None,
    password: str | None = None,
    password_hash: str | None = None,
    department: Department | None = None,
    **fields,
) -> Staff:
    """Create a staff account from a password, or from a ready hash (bulk imports, demo data:
    hashing is deliberately slow, so a shared demo password is hashed once)."""
    if (password is None) == (password_hash is None):
        raise ValueError("give exactly one of password and password_hash")
    staff = Staff(username=username, role=role, court=court, department=department, **fields)
    # Only administrators reach the configuration screens (Django admin), each confined there to the
    # courts they configure (core/admin_scope.py); only one without a court is a superuser.
    staff.take_rights_from_role()
    if password is not None:
        staff.set_password(password)
    else:
        staff.password = password_hash
    staff.full_clean()
    staff.save()
    return staff


@transaction.atomic
def set_leader_in_charge(department: Department, leader: Staff | None) -> Department:
    """The court leader (分管院领导) who receives the department's escalations."""
    if leader is not None and (leader.court_id != department.court_id or leader.role != Role.LEADER):
        raise ValidationError({"leader_in_charge": _("Choose a leader of the same court.")})
    department.leader_in_charge = leader
    department.save(update_fields=["leader_in_charge"])
    return department


def set_sip_password(staff: Staff, password: str, *, by=None) -> None:
    """Let this person's softphone register with the voice line under their login (ivr/sip/registrar.py);
    an empty password withdraws it. Only the digest's HA1 is kept."""
    staff.sip_ha1 = sip_ha1(staff.username, settings.IVR_SIP_REALM, password) if password else ""
    Staff.objects.filter(pk=staff.pk).update(sip_ha1=staff.sip_ha1)
    action = "staff.sip_password_set" if password else "staff.sip_password_removed"
    audit.record(action, channel="web", actor=by, subject=staff)
