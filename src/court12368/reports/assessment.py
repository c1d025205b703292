"""The yearly department assessment table (义乌法院工单办理办法 art. 10): the circulars' figures, for a
whole year."""

import datetime as dt
import io

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Font

from court12368.core.text import spreadsheet_safe
from court12368.reports import figures

# The columns of the assessment, in the order the circulars rank departments.
COLUMNS = [
    ("dispatched", "counts", _("Orders received")),
    ("replied", "counts", _("Replied")),
    ("replied_on_time", "rate", _("Replied on time (%)")),
    ("resolved_on_time", "rate", _("Resolved on time (%)")),
    ("overdue", "value", _("Overdue orders")),
    ("overdue_days", "value", _("Overdue days")),
    ("urged", "value", _("Urged")),
    ("escalated_to_leaders", "value", _("Escalated to leaders")),
    ("satisfaction", "rate", _("Satisfied (%)")),
    ("repeat_calls", "counts", _("Repeat calls")),
]


def table(user, year: int) -> list[dict]:
    rows = figures.for_user(user, dt.date(year, 1, 1), dt.date(year, 12, 31), "department")
    out = []
    for row in rows:
        if row["group"] is None:
            continue  # entries before any dispatch belong to no department's account
        values = []
        for key, where, _label in COLUMNS:
            source = row["figures"]["counts"] if where == "counts" else row["figures"]
            values.append(source.get(key, 0) if where == "counts" else source.get(key))
        out.append({"name": row["name"], "values": values})
    return out


def workbook(rows: list[dict], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = gettext("Assessment")
    sheet.append([spreadsheet_safe(title)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([gettext("Department"), *[str(label) for _key, _where, label in COLUMNS]])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                spreadsheet_safe(str(row["name"])),  # a department's name, as an administrator typed it
                *[float(v) if v is not None and not isinstance(v, int) else v for v in row["values"]],
            ]
        )
    sheet.column_dimensions["A"].width = 18
    for letter in "BCDEFGHIJK":
        sheet.column_dimensions[letter].width = 14
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
