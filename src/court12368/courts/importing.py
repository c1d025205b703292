"""Import a province's courts, their departments and staff from one spreadsheet (a rollout).

Layout (courts/import_layout.py, with the blank template): an .xlsx with the sheets 法院, 部门 and 人员, or
one .csv whose 类别 column says which of the three each row is; the headers are Chinese.

The whole file is one transaction, written row by row through each model's ``full_clean`` and ``save`` so
that post_save receivers run (a new court's routing rules) and changes are audited (core/changes.py). Any
error rolls everything back; all are reported by sheet, row and column. A row is found by its key (法院代字;
法院代字 and 部门; 工号), an empty cell keeps what is stored, and a row equal to what is stored is not
written: the same file twice changes nothing. New staff get no usable password: an administrator sets it
(系统配置 → 工作人员), so no password ever travels in a spreadsheet. Mobile numbers never appear in a report.
"""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from court12368.core import audit, changes
from court12368.courts.codes import describe_court_code
from court12368.courts.import_layout import (
    CHOICES,
    HEADERS,
    NO_LUNCH,
    ImportFailed,
    Row,
    cell_mobile,
    cell_text,
    cell_time,
    choice_labels,
    choice_names,
    read_rows,
)
from court12368.courts.models import (
    Court,
    Department,
    Role,
    ServiceHours,
    Staff,
)
from court12368.courts.signals import staff_changed

__all__ = ["ImportFailed", "ImportResult", "import_file", "import_rows", "read_rows"]

# Model field -> the column that carries it, to name the column in a validation error.
COURT_COLUMNS = {
    "code": "court",
    "parent": "parent",
    "name": "name",
    "short_name": "short_name",
    "level": "level",
    "region_code": "region_code",
    "area_code": "area_code",
    "address": "address",
}
HOURS = ("opens", "closes", "lunch_starts", "lunch_ends")
HOURS_COLUMNS = {
    **{name: name for name in HOURS},
    NON_FIELD_ERRORS: "opens",  # the hours as a whole (open before close, lunch inside)
}
DEPARTMENT_COLUMNS = {"court": "court", "name": "department", "kind": "kind", "phone": "phone"}
STAFF_COLUMNS = {
    "court": "court",
    "username": "username",
    "full_name": "full_name",
    "role": "role",
    "department": "department",
    "office_phone": "phone",
    "mobile": "mobile",
}
CHUNK = 500
# What a staff row may change; the rights (is_staff, is_superuser) follow the role.
STAFF_FIELDS = ("full_name", "role", "department_id", "office_phone", "mobile", "is_staff", "is_superuser")


@dataclass
class ImportResult:
    courts_created: list[str] = field(default_factory=list)
    courts_updated: list[str] = field(default_factory=list)
    departments_created: int = 0
    departments_updated: int = 0
    # (staff number, full name, court code) of each new account: the logins to hand out.
    staff_created: list[tuple[str, str, str]] = field(default_factory=list)
    staff_updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return _(
            "Courts: %(courts_created)d added, %(courts_updated)d updated; departments: "
            "%(departments_created)d added, %(departments_updated)d updated; staff: %(staff_created)d "
            "added, %(staff_updated)d updated; %(unchanged)d rows unchanged."
        ) % {
            "courts_created": len(self.courts_created),
            "courts_updated": len(self.courts_updated),
            "departments_created": self.departments_created,
            "departments_updated": self.departments_updated,
            "staff_created": len(self.staff_created),
            "staff_updated": len(self.staff_updated),
            "unchanged": self.unchanged,
        }

    def for_the_record(self) -> dict:
        """The audit log's account of the import: keys and counts, never a phone number."""
        return {
            "courts_created": self.courts_created,
            "courts_updated": self.courts_updated,
            "departments_created": self.departments_created,
            "departments_updated": self.departments_updated,
            "staff_created": [username for username, _name, _court in self.staff_created],
            "staff_updated": self.staff_updated,
            "unchanged": self.unchanged,
        }


def import_file(
    source: Path | io.IOBase,
    filename: str,
    *,
    scope: Iterable[int] | None = None,
    actor=None,
    ip: str | None = None,
    channel: str = "system",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Read and import a file; ImportFailed (nothing written) when it is unreadable or any row is wrong."""
    try:
        rows = read_rows(source, filename)
    except ImportFailed as failed:
        _record_refusal(filename, failed.errors, actor=actor, ip=ip, channel=channel)
        raise
    return import_rows(
        rows, filename=filename, scope=scope, actor=actor, ip=ip, channel=channel, progress=progress
    )


def import_rows(
    rows: list[Row],
    *,
    filename: str = "",
    scope: Iterable[int] | None = None,
    actor=None,
    ip: str | None = None,
    channel: str = "system",
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Write the rows in one transaction. ``scope``: the courts the importer configures (None: all); a new
    court counts as theirs when its higher court does."""
    importer = _Importer(rows, scope=scope, progress=progress)
    try:
        # The import's own channel, so its changes are recorded even from 系统配置 (which otherwise
        # records only its forms' changes).
        with transaction.atomic(), changes.acting(actor, ip, "import"):
            result = importer.run()
            if importer.errors:
                raise ImportFailed(importer.errors)
            for court in importer.staff_courts():  # others re-link what names staff (imported cases)
                staff_changed.send(sender=Staff, court=court)
    except ImportFailed as failed:
        _record_refusal(filename, failed.errors, actor=actor, ip=ip, channel=channel)
        raise
    audit.record(
        "courts.imported", channel=channel, actor=actor, ip=ip, file=filename, **result.for_the_record()
    )
    return result


def _record_refusal(filename: str, errors: list[str], *, actor, ip, channel) -> None:
    audit.record(
        "courts.import_refused", channel=channel, actor=actor, ip=ip, file=filename, errors=len(errors)
    )


class _Importer:
    def __init__(self, rows: list[Row], *, scope, progress):
        self.rows = rows
        self.allowed = None if scope is None else set(scope)
        self.progress = progress
        self.errors: list[str] = []
        self.result = ImportResult()
        self.done = 0
        self.courts: dict[str, Court] = {}
        self.failed_courts: set[str] = set()  # codes whose row failed: their departments and staff wait
        self.departments: dict[tuple[int, str], Department] = {}
        self.seen: set[tuple] = set()
        self.changed_staff_courts: dict[int, Court] = {}
        self.names = {column: choice_names(column) for column in CHOICES}
        self.labels = choice_labels()

    # ---- the run -----------------------------------------------------------------------------------
    def run(self) -> ImportResult:
        codes = {cell_text(row.values.get("court")) for row in self.rows}
        codes |= {cell_text(row.values.get("parent")) for row in self.rows}
        self.courts = {court.code: court for court in Court.objects.filter(code__in=codes - {""})}
        usernames = [cell_text(row.values.get("username")) for row in self.rows if row.sheet == "staff"]
        usernames = sorted({username for username in usernames if username})
        self.staff = {}
        for start in range(0, len(usernames), CHUNK):  # SQLite takes a bounded number of parameters
            found = Staff.objects.filter(username__in=usernames[start : start + CHUNK])
            self.staff.update((staff.username, staff) for staff in found)
        handle = {"courts": self._court_row, "departments": self._department_row, "staff": self._staff_row}
        for row in self._in_order():
            handle[row.sheet](row)
            self.done += 1
            if self.progress:
                self.progress(self.done, len(self.rows))
        return self.result

    def _in_order(self) -> list[Row]:
        """Courts from the top down (a higher court before those below it), then departments, then staff."""

        def depth(row: Row) -> int:
            try:
                return ("supreme", "high", "intermediate", "basic").index(
                    describe_court_code(cell_text(row.values.get("court"))).level
                )
            except ValueError:
                return 0  # reported when the row is read

        order = {"courts": 0, "departments": 1, "staff": 2}
        return sorted(
            self.rows,
            key=lambda row: (order[row.sheet], depth(row) if row.sheet == "courts" else 0, row.number),
        )

    def staff_courts(self) -> list[Court]:
        return list(self.changed_staff_courts.values())

    # ---- errors ------------------------------------------------------------------------------------
    def _error(self, row: Row, column: str | None, message) -> None:
        if column:
            text = _("%(where)s, %(column)s: %(message)s") % {
                "where": row.where(),
                "column": HEADERS[column],
                "message": message,
            }
        else:
            text = _("%(where)s: %(message)s") % {"where": row.where(), "message": message}
        self.errors.append(text)

    def _invalid(self, row: Row, error: ValidationError, columns: dict[str, str]) -> None:
        """A model's validation errors, each under the column that carries the field."""
        by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        for name, messages in by_field.items():
            for message in messages:
                self._error(row, columns.get(name), message)

    def _save(self, row: Row, obj, columns: dict[str, str], *, exclude=None) -> bool:
        """Validate and save one row's object in its own savepoint; False (reported) if it fails."""
        try:
            obj.full_clean(exclude=exclude)
            with transaction.atomic():
                obj.save()
        except ValidationError as error:
            self._invalid(row, error, columns)
            return False
        except IntegrityError:  # a race with another writer, or a rule full_clean cannot see
            self._error(row, None, _("The row conflicts with a stored record."))
            return False
        return True

    def _check(self, row: Row, obj, columns: dict[str, str]) -> None:
        """Report what the model finds wrong with an object that is not written anyway."""
        try:
            obj.full_clean()
        except ValidationError as error:
            self._invalid(row, error, columns)

    def _pick(self, row: Row, column: str) -> str | None:
        """The choice a level, kind or role cell names (None, reported, when it names none)."""
        text = cell_text(row.values.get(column))
        if not text:
            return None
        value = self.names[column].get(text.casefold())
        if value is None:
            offered = "、".join(self.labels[column])
            self._error(row, column, _("“%(value)s” is not recognised; use one of: %(choices)s.") % {
                "value": text, "choices": offered
            })  # fmt: skip
        return value

    def _first(self, row: Row, key: tuple) -> bool:
        if key in self.seen:
            self._error(row, None, _("This court, department or staff number appears earlier in the file."))
            return False
        self.seen.add(key)
        return True

    # ---- scope -------------------------------------------------------------------------------------
    def _may_configure(self, court: Court) -> bool:
        return self.allowed is None or court.pk in self.allowed

    def _court_of(self, row: Row) -> Court | None:
        """The court a department or staff row belongs to: stored or imported above, and configurable."""
        code = cell_text(row.values.get("court"))
        if not code:
            self._error(row, "court", _("This cell is required."))
            return None
        if code in self.failed_courts:
            return None  # the court's own row is reported already
        court = self.courts.get(code)
        if court is None:
            self._error(row, "court", _("No court has the code “%(code)s”.") % {"code": code})
        elif not self._may_configure(court):
            self._error(row, "court", _("You do not configure the court “%(code)s”.") % {"code": code})
            court = None
        return court

    # ---- courts ------------------------------------------------------------------------------------
    def _court_row(self, row: Row) -> None:
        code = cell_text(row.values.get("court"))
        if not code:
            self._error(row, "court", _("This cell is required."))
            return
        if not self._first(row, ("court", code)):
            return
        ok = self._write_court(row, code)
        if not ok:
            self.failed_courts.add(code)

    def _write_court(self, row: Row, code: str) -> bool:
        court = self.courts.get(code)
        new = court is None
        if new:
            court = Court(code=code)
        elif not self._may_configure(court):
            self._error(row, "court", _("You do not configure the court “%(code)s”.") % {"code": code})
            return False
        before = {name: getattr(court, name) for name in (*COURT_COLUMNS, "parent_id") if name != "parent"}
        if not self._set_level(row, court) or not self._set_parent(row, court, new):
            return False
        for name in ("name", "short_name", "region_code", "area_code", "address"):
            if value := cell_text(row.values.get(COURT_COLUMNS[name])):
                setattr(court, name, value)
        hours = self._hours(row, court)
        if hours is False:
            self._check(row, court, COURT_COLUMNS)  # the row's other cells too, in one round of fixes
            return False
        changed = new or any(getattr(court, name) != value for name, value in before.items())
        if changed and not self._save(row, court, COURT_COLUMNS):
            return False
        if new:
            self.courts[code] = court
            if self.allowed is not None:  # below a court they configure: theirs too
                self.allowed.add(court.pk)
        hours_changed = hours is not None and self._write_hours(row, court, hours)
        if hours_changed is None:
            return False
        if new:
            self.result.courts_created.append(code)
        elif changed or hours_changed:
            self.result.courts_updated.append(code)
        else:
            self.result.unchanged += 1
        return True

    def _set_level(self, row: Row, court: Court) -> bool:
        """The level given (checked against the code by Court.clean), else the code's own."""
        if cell_text(row.values.get("level")):
            court.level = self._pick(row, "level")
            return court.level is not None
        try:
            court.level = describe_court_code(court.code).level
        except ValueError as error:
            self._error(row, "court", str(error))
            return False
        return True

    def _set_parent(self, row: Row, court: Court, new: bool) -> bool:
        code = cell_text(row.values.get("parent"))
        if not code:
            if new and self.allowed is not None:
                self._error(row, "parent", _("A new court needs its higher court, one you configure."))
                return False
            return True
        if code in self.failed_courts:
            return False
        parent = self.courts.get(code)
        if parent is None:
            self._error(row, "parent", _("No court has the code “%(code)s”.") % {"code": code})
            return False
        # Their own court keeps its higher court, beyond their reach; any other link must stay in reach.
        if parent.pk != court.parent_id and not self._may_configure(parent):
            self._error(row, "parent", _("You do not configure the court “%(code)s”.") % {"code": code})
            return False
        court.parent = parent
        return True

    def _hours(self, row: Row, court: Court) -> dict | None | bool:
        """The service hours the row gives (None when it gives none), False when a cell is not a time."""
        given = {}
        for name in HOURS:
            value = row.values.get(name)
            text = cell_text(value)
            if not text:
                continue
            if name.startswith("lunch") and text.casefold() in NO_LUNCH:
                given[name] = None
                continue
            try:
                given[name] = cell_time(value)
            except ValueError:
                self._error(row, name, _("“%(value)s” is not a time such as 08:30.") % {"value": text})
                return False
        return given or None

    def _write_hours(self, row: Row, court: Court, given: dict) -> bool | None:
        """Whether the row changed the court's hours; None when they are not valid."""
        hours = ServiceHours.objects.filter(court=court).first() or ServiceHours(court=court)
        if given.get("lunch_starts", "") is None or given.get("lunch_ends", "") is None:
            given = {**given, "lunch_starts": None, "lunch_ends": None}  # 无 in either cell: no lunch break
        if hours.pk and all(getattr(hours, name) == value for name, value in given.items()):
            return False
        for name, value in given.items():
            setattr(hours, name, value)
        return True if self._save(row, hours, HOURS_COLUMNS, exclude=["court"]) else None

    # ---- departments -------------------------------------------------------------------------------
    def _department(self, court: Court, name: str) -> Department | None:
        key = (court.pk, name)
        if key not in self.departments:
            found = Department.objects.filter(court=court, name=name).first()
            if found is None:
                return None
            self.departments[key] = found
        return self.departments[key]

    def _department_row(self, row: Row) -> None:
        court = self._court_of(row)
        name = cell_text(row.values.get("department"))
        if not name:
            self._error(row, "department", _("This cell is required."))
        if court is None or not name or not self._first(row, ("department", court.pk, name)):
            return
        department = self._department(court, name)
        new = department is None
        if new:
            department = Department(court=court, name=name)
        before = (department.kind, department.phone)
        if cell_text(row.values.get("kind")):
            kind = self._pick(row, "kind")
            if kind is None:
                return
            department.kind = kind
        department.phone = cell_text(row.values.get("phone")) or department.phone
        if not new and before == (department.kind, department.phone):
            self.result.unchanged += 1
            return
        if not self._save(row, department, DEPARTMENT_COLUMNS):
            return
        self.departments[(court.pk, name)] = department
        self.changed_staff_courts[court.pk] = court  # staff are matched by their department
        if new:
            self.result.departments_created += 1
        else:
            self.result.departments_updated += 1

    # ---- staff -------------------------------------------------------------------------------------
    def _staff_row(self, row: Row) -> None:
        court = self._court_of(row)
        username = cell_text(row.values.get("username"))
        if not username:
            self._error(row, "username", _("This cell is required."))
        if court is None or not username or not self._first(row, ("staff", username)):
            return
        staff = self.staff.get(username)
        new = staff is None
        if new:
            staff = Staff(username=username, court=court)
            staff.set_unusable_password()  # set by an administrator, never carried by a spreadsheet
        elif staff.court_id != court.pk:
            # Moving an account between courts moves its orders and rosters: done by hand, not here.
            self._error(row, "username", _("The staff number “%(username)s” belongs to another court.") % {
                "username": username
            })  # fmt: skip
            return
        before = {name: getattr(staff, name) for name in STAFF_FIELDS}
        if not self._set_staff_fields(row, staff, court, new):
            self._check(row, staff, STAFF_COLUMNS)  # the row's other cells too, in one round of fixes
            return
        if not new and all(getattr(staff, name) == value for name, value in before.items()):
            self.result.unchanged += 1
            return
        if not self._save(row, staff, STAFF_COLUMNS):
            return
        self.staff[username] = staff
        self.changed_staff_courts[court.pk] = court
        if new:
            self.result.staff_created.append((username, staff.full_name, court.code))
        else:
            self.result.staff_updated.append(username)

    def _set_staff_fields(self, row: Row, staff: Staff, court: Court, new: bool) -> bool:
        ok = True
        if full_name := cell_text(row.values.get("full_name")):
            staff.full_name = full_name
        elif new:
            self._error(row, "full_name", _("This cell is required for a new staff member."))
            ok = False
        if cell_text(row.values.get("role")):
            role = self._pick(row, "role")
            ok = ok and role is not None
            staff.role = role or staff.role
        elif new:
            self._error(row, "role", _("This cell is required for a new staff member."))
            ok = False
        if department_name := cell_text(row.values.get("department")):
            department = self._department(court, department_name)
            if department is None:
                message = _("The court has no department named “%(name)s”.") % {"name": department_name}
                self._error(row, "department", message)
                ok = False
            staff.department = department
        if ok and staff.role == Role.DEPARTMENT_HEAD and staff.department_id is None:
            self._error(row, "department", _("A department head needs a department."))
            ok = False
        staff.office_phone = cell_text(row.values.get("phone")) or staff.office_phone
        staff.mobile = cell_mobile(row.values.get("mobile")) or staff.mobile
        staff.take_rights_from_role()  # administrators reach 系统配置 for their courts, never as superusers
        return ok
