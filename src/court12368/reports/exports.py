"""The ledger as an Excel workbook, written row by row (openpyxl's write-only mode) so a year of a busy
court never sits in memory: Chinese headers, set column widths, dates as Excel dates, a summary sheet.
What people typed (names, content, the search text) goes through ``text.spreadsheet_safe``, so a
spreadsheet never runs it as a formula."""

import tempfile
from collections import Counter
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from court12368.core.privacy import mask_phone
from court12368.core.text import spreadsheet_safe
from court12368.hotline.models import Channel
from court12368.workorders.models import Light, OrderKind, OrderState, SubKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
DATE_FORMAT = "yyyy-mm-dd hh:mm"


def _columns():
    """(header, width, value of one order)."""
    local = _local
    return [
        (pgettext("ledger column", "Order number"), 22, lambda o: o.number),
        (pgettext("ledger column", "Created"), 17, lambda o: local(o.created_at)),
        (pgettext("ledger column", "Channel"), 10, lambda o: _channel_label(o.channel)),
        (pgettext("ledger column", "Type"), 10, lambda o: OrderKind(o.kind).label),
        (
            pgettext("ledger column", "Sub-kind"),
            16,
            lambda o: SubKind(o.sub_kind).label if o.sub_kind else "",
        ),
        (pgettext("ledger column", "Caller"), 10, lambda o: o.caller_name),
        (
            pgettext("ledger column", "Caller's phone"),
            14,
            lambda o: mask_phone(o.caller_phone) if o.caller_phone else "",
        ),
        (pgettext("ledger column", "Case number"), 24, lambda o: o.case.number if o.case_id else ""),
        (pgettext("ledger column", "Content"), 50, lambda o: o.summary),
        (pgettext("ledger column", "Department"), 14, lambda o: str(o.department) if o.department_id else ""),
        (pgettext("ledger column", "Handler"), 10, lambda o: str(o.handler) if o.handler_id else ""),
        (pgettext("ledger column", "State"), 14, lambda o: OrderState(o.state).label),
        (pgettext("ledger column", "Light"), 8, lambda o: Light(o.light).label),
        (pgettext("ledger column", "Dispatched"), 17, lambda o: local(o.dispatched_at)),
        (pgettext("ledger column", "Reply due"), 17, lambda o: local(o.reply_due)),
        (pgettext("ledger column", "Replied"), 17, lambda o: local(o.replied_at)),
        (pgettext("ledger column", "Closed"), 17, lambda o: local(o.closed_at)),
        (pgettext("ledger column", "Escalation level"), 8, lambda o: o.escalation_level),
        (pgettext("ledger column", "Repeat calls"), 8, lambda o: o.repeat_calls),
        (
            pgettext("ledger column", "Satisfaction"),
            10,
            lambda o: o.get_satisfaction_display() if o.satisfaction else "",
        ),
    ]


def _local(value):
    # Excel has no time zones: Beijing time, without the offset, formatted as a date.
    return value.astimezone(SHANGHAI).replace(tzinfo=None) if value else None


def _channel_label(value):
    return Channel(value).label if value else ""


def write_ledger(orders, *, title: str, filters_text: str):
    """Write the workbook to a temporary file and return it (opened, at the start) for streaming."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Ledger"))
    columns = _columns()
    bold = Font(bold=True)
    for index, (_header, width, _value) in enumerate(columns):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    sheet.append([_styled(sheet, header, bold) for header, _w, _v in columns])
    kinds, states, lights = Counter(), Counter(), Counter()
    for order in orders.iterator(chunk_size=2000):
        row = []
        for _header, _width, value in columns:
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value(order)))
            if cell.is_date:
                cell.number_format = DATE_FORMAT
            row.append(cell)
        sheet.append(row)
        kinds[order.kind] += 1
        states[order.state] += 1
        lights[order.light] += 1
    summary = book.create_sheet(_("Summary"))
    summary.column_dimensions["A"].width = 30
    summary.column_dimensions["B"].width = 12
    summary.append([_styled(summary, title, bold)])
    summary.append([spreadsheet_safe(filters_text)])  # holds the search text the user typed
    summary.append([_("Orders"), sum(kinds.values())])
    for heading, counter, enum in (
        (_("By type"), kinds, OrderKind),
        (_("By state"), states, OrderState),
        (_("By light"), lights, Light),
    ):
        summary.append([])
        summary.append([_styled(summary, heading, bold)])
        for value, label in enum.choices:
            summary.append([str(label), counter.get(value, 0)])
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the FileResponse, which closes it
    book.save(out)
    out.seek(0)
    return out


def _styled(sheet, value, font):
    cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
    cell.font = font
    return cell
