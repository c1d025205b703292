"""The spreadsheet a province fills in to import its courts, departments and staff (courts/importing.py):
its sheets and columns, reading it, and the blank template to download.

An .xlsx has the sheets 法院, 部门 and 人员 (any may be left out; other sheets, such as 说明, are ignored).
A .csv has all the columns side by side and a 类别 column (法院, 部门 or 人员) saying which a row is. The
headers are Chinese (the English keys below also work); an unknown header is an error, so a misspelt
column never goes unread.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from court12368.courts.models import CourtLevel, DepartmentKind, Role

SHEETS = ("courts", "departments", "staff")
SHEET_NAMES = {"courts": "法院", "departments": "部门", "staff": "人员"}
SHEET_ALIASES = {**{name: sheet for sheet, name in SHEET_NAMES.items()}, **{sheet: sheet for sheet in SHEETS}}
ROW_KIND = "类别"  # the CSV column naming each row's sheet
MAX_ROWS = 20000  # a province's courts and staff with room to spare; more is a wrong file

HEADERS = {
    "court": "法院代字",
    "parent": "上级法院代字",
    "name": "法院名称",
    "short_name": "简称",
    "level": "级别",
    "region_code": "行政区划代码",
    "area_code": "电话区号",
    "address": "地址",
    "opens": "服务开始",
    "closes": "服务结束",
    "lunch_starts": "午休开始",
    "lunch_ends": "午休结束",
    "department": "部门",
    "kind": "部门类型",
    "phone": "办公电话",
    "username": "工号",
    "full_name": "姓名",
    "role": "角色",
    "mobile": "手机",
}
ALIASES = {
    "代字": "court",
    "上级法院": "parent",
    "区号": "area_code",
    "部门名称": "department",
    "所属部门": "department",
    "类型": "kind",
    "电话": "phone",
    "部门电话": "phone",
    "账号": "username",
    "用户名": "username",
    "登录名": "username",
    "手机号": "mobile",
    "手机号码": "mobile",
}
HEADER_KEYS = {**{header: key for key, header in HEADERS.items()}, **ALIASES, **{key: key for key in HEADERS}}

# Each sheet's columns, in the template's order, with what goes there.
COLUMNS = {
    "courts": {
        "court": gettext_lazy(
            "Required. 最高法, a province's abbreviation, or it followed by 2 digits (an intermediate court) "
            "or 4 (a basic court), e.g. 浙07, 浙0782."
        ),
        "parent": gettext_lazy(
            "The higher court's code, on the platform or in this sheet. Required for a new court, unless "
            "you are a platform administrator."
        ),
        "name": gettext_lazy("Full name, e.g. 浙江省义乌市人民法院. Required for a new court."),
        "short_name": gettext_lazy("Optional, e.g. 义乌法院."),
        "level": gettext_lazy("Optional: the code tells it (高级, 中级 or 基层人民法院)."),
        "region_code": gettext_lazy("Optional: the 6-digit administrative division code."),
        "area_code": gettext_lazy("The telephone area code, e.g. 0579. Required for a new court."),
        "address": gettext_lazy("Optional."),
        "opens": gettext_lazy("When the line opens on a working day, e.g. 08:30; give it with 服务结束."),
        "closes": gettext_lazy("When the line closes on a working day, e.g. 17:30."),
        "lunch_starts": gettext_lazy("Optional start of the lunch break, e.g. 12:00; 无 removes the break."),
        "lunch_ends": gettext_lazy("Optional end of the lunch break, e.g. 14:00."),
    },
    "departments": {
        "court": gettext_lazy("Required. The court's code, on the platform or in the 法院 sheet."),
        "department": gettext_lazy("Required. The department's name, one per court, e.g. 立案庭."),
        "kind": gettext_lazy("Required for a new department: a kind listed below (routing rules use it)."),
        "phone": gettext_lazy("Optional office phone."),
    },
    "staff": {
        "court": gettext_lazy("Required. The court's code, on the platform or in the 法院 sheet."),
        "username": gettext_lazy("Required. The staff number, which is the login name (unique)."),
        "full_name": gettext_lazy("Required for a new staff member."),
        "role": gettext_lazy("Required for a new staff member: a role listed below."),
        "department": gettext_lazy(
            "The department's name, on the platform or in the 部门 sheet; required for a department head."
        ),
        "phone": gettext_lazy("Optional office phone, shown to agents who transfer a caller."),
        "mobile": gettext_lazy("Optional mobile (11 digits) for SMS notices; never shown in reports."),
    },
}
REQUIRED = {"courts": ("court",), "departments": ("court", "department"), "staff": ("court", "username")}
# Columns Excel must keep as text: a leading zero (0579, 0012) would be lost as a number.
TEXT_COLUMNS = frozenset({"court", "parent", "region_code", "area_code", "username", "phone", "mobile"})


# Names people write for the choices, beside the platform's own labels (in Chinese and English).
LEVEL_ALIASES = {
    "最高法院": CourtLevel.SUPREME,
    "高级法院": CourtLevel.HIGH,
    "高院": CourtLevel.HIGH,
    "中级法院": CourtLevel.INTERMEDIATE,
    "中院": CourtLevel.INTERMEDIATE,
    "基层法院": CourtLevel.BASIC,
    "基层": CourtLevel.BASIC,
}
KIND_ALIASES = {
    "领导": DepartmentKind.LEADERSHIP,
    "诉服中心": DepartmentKind.LITIGATION_SERVICE,
    "民庭": DepartmentKind.CIVIL,
    "刑庭": DepartmentKind.CRIMINAL,
    "行政庭": DepartmentKind.ADMINISTRATIVE,
    "信访办": DepartmentKind.PETITION,
    "信访室": DepartmentKind.PETITION,
    "举报中心": DepartmentKind.DISCIPLINE,
}
ROLE_ALIASES = {
    "坐席": Role.AGENT,
    "座席": Role.AGENT,
    "坐席员": Role.AGENT,
    "管理员": Role.ADMINISTRATOR,
}
CHOICES = {"level": CourtLevel, "kind": DepartmentKind, "role": Role}
CHOICE_ALIASES = {"level": LEVEL_ALIASES, "kind": KIND_ALIASES, "role": ROLE_ALIASES}
# Written in a lunch-break cell, removes the stored lunch break.
NO_LUNCH = frozenset({"无", "-", "—", "none"})


# ---- cells -------------------------------------------------------------------------------------------
def cell_text(value) -> str:
    """A cell as text: a number Excel stored for a staff number or phone loses its ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_mobile(value) -> str:
    return re.sub(r"^(\+?86)(?=1\d{10}$)", "", re.sub(r"[\s-]", "", cell_text(value)))


TIME_RE = re.compile(r"(\d{1,2})[:：](\d{2})(?:[:：]\d{2})?")


def cell_time(value) -> dt.time:
    """08:30, 8:30, 8：30 or a cell Excel keeps as a time (or as a fraction of a day); ValueError if not."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60, minutes % 60)
    match = TIME_RE.fullmatch(cell_text(value))
    if match is None:
        raise ValueError
    return dt.time(int(match[1]), int(match[2]))


def choice_names(column: str) -> dict[str, str]:
    """Every name a choice of the column is known by: its code, its label in Chinese and in English, and
    the aliases (casefolded)."""
    choices, names = CHOICES[column], {}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            names.update({str(choice.label).casefold(): choice.value for choice in choices})
    names.update({choice.value: choice.value for choice in choices})
    names.update(CHOICE_ALIASES[column])
    return names


def choice_labels() -> dict[str, list[str]]:
    """The Chinese names of the levels, department kinds and roles, as the file writes them."""
    with translation.override("zh-hans"):
        return {column: [str(choice.label) for choice in choices] for column, choices in CHOICES.items()}


class ImportFailed(Exception):
    """Nothing was imported; ``errors`` says why, row by row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    sheet: str  # one of SHEETS
    number: int  # the row's number in the spreadsheet (the header is row 1)
    values: dict
    in_csv: bool = False

    def where(self) -> str:
        if self.in_csv:
            return _("Row %(row)d (%(sheet)s)") % {"row": self.number, "sheet": SHEET_NAMES[self.sheet]}
        return _("Sheet “%(sheet)s” row %(row)d") % {"sheet": SHEET_NAMES[self.sheet], "row": self.number}


def read_rows(source: Path | io.IOBase, filename: str) -> list[Row]:
    """The file's rows (blank ones left out); ImportFailed when its layout is wrong."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(source)
    elif suffix == ".csv":
        rows = _csv_rows(source.read_bytes() if isinstance(source, Path) else source.read())
    else:
        raise ImportFailed([_("Unsupported file type “%(suffix)s”: use .xlsx or .csv.") % {"suffix": suffix}])
    if len(rows) > MAX_ROWS:
        raise ImportFailed([_("The file has more than %(count)d rows.") % {"count": MAX_ROWS}])
    if not rows:
        raise ImportFailed([_("The file has no rows to import.")])
    return rows


def _blank(values) -> bool:
    return all(value is None or str(value).strip() == "" for value in values)


def _header_keys(headers: list, allowed, where: str, errors: list[str]) -> list[str | None]:
    """The key of each header cell (None for an empty one); unknown or repeated headers are errors."""
    keys: list[str | None] = []
    for header in headers:
        text = str(header).strip().rstrip("*＊") if header is not None else ""
        key = HEADER_KEYS.get(text) if text else None
        if text and key not in allowed:
            errors.append(_("%(where)s: the column “%(header)s” is not recognised.") % {
                "where": where, "header": text
            })  # fmt: skip
        elif key and key in keys:
            errors.append(_("%(where)s: the column “%(header)s” appears twice.") % {
                "where": where, "header": text
            })  # fmt: skip
        keys.append(key if key in allowed else None)
    return keys


def _missing(keys: list, sheet: str, where: str, errors: list[str]) -> None:
    for key in REQUIRED[sheet]:
        if key not in keys:
            errors.append(_("%(where)s: the column “%(header)s” is missing.") % {
                "where": where, "header": HEADERS[key]
            })  # fmt: skip


def _xlsx_rows(source) -> list[Row]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFailed([_("The file is not a readable Excel workbook (.xlsx).")]) from exc
    rows, errors, found = [], [], False
    try:
        for sheet_book in book.worksheets:
            sheet = SHEET_ALIASES.get(sheet_book.title.strip().casefold())
            if sheet is None:
                continue  # the instructions, or a sheet of the province's own
            found = True
            where = _("Sheet “%(sheet)s”") % {"sheet": sheet_book.title.strip()}
            lines = sheet_book.iter_rows(values_only=True)
            keys = _header_keys(list(next(lines, [])), COLUMNS[sheet], where, errors)
            _missing(keys, sheet, where, errors)
            for number, values in enumerate(lines, start=2):
                if not _blank(values):
                    cells = {key: value for key, value in zip(keys, values, strict=False) if key}
                    rows.append(Row(sheet, number, cells))
    finally:
        book.close()
    if not found:
        names = "、".join(SHEET_NAMES.values())
        errors.append(_("The workbook has none of the sheets %(names)s.") % {"names": names})
    if errors:
        raise ImportFailed(errors)
    return rows


def _decode(data: bytes) -> str:
    """UTF-8 (with or without the mark Excel writes), else GB18030, as Excel saves CSV on Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([_("The CSV file is neither UTF-8 nor GB18030 text.")])


def _csv_rows(data: bytes) -> list[Row]:
    lines = csv.reader(io.StringIO(_decode(data), newline=""))
    headers = next(lines, [])
    errors: list[str] = []
    where = _("The CSV header")
    stripped = [str(header).strip() for header in headers]
    kind_at = stripped.index(ROW_KIND) if ROW_KIND in stripped else None
    if kind_at is None:
        errors.append(
            _("%(where)s: the column “%(header)s” is missing.") % {"where": where, "header": ROW_KIND}
        )
    keys = _header_keys([None if i == kind_at else h for i, h in enumerate(headers)], HEADERS, where, errors)
    _missing(keys, "courts", where, errors)
    if errors:
        raise ImportFailed(errors)
    rows = []
    for number, values in enumerate(lines, start=2):
        if _blank(values):
            continue
        kind = values[kind_at].strip() if kind_at < len(values) else ""
        sheet = SHEET_ALIASES.get(kind.casefold())
        if sheet is None:
            errors.append(_("Row %(row)d: %(header)s “%(value)s” should be 法院, 部门 or 人员.") % {
                "row": number, "header": ROW_KIND, "value": kind
            })  # fmt: skip
            continue
        cells = {key: value for key, value in zip(keys, values, strict=False) if key in COLUMNS[sheet]}
        rows.append(Row(sheet, number, cells, in_csv=True))
    if errors:
        raise ImportFailed(errors)
    return rows


# ---- the blank template ------------------------------------------------------------------------------
def template_workbook() -> bytes:
    """The .xlsx to fill in: the three sheets with their headers, drop-downs for the choices, and 说明."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    guide = book.active
    guide.title = "说明"
    labels = choice_labels()
    for sheet in SHEETS:
        page = book.create_sheet(SHEET_NAMES[sheet])
        page.append([HEADERS[key] for key in COLUMNS[sheet]])
        page.freeze_panes = "A2"
        for index, key in enumerate(COLUMNS[sheet], start=1):
            letter = get_column_letter(index)
            page.cell(1, index).font = Font(bold=key in REQUIRED[sheet])
            page.column_dimensions[letter].width = 16
            if key in TEXT_COLUMNS:
                for row in range(2, 1002):
                    page.cell(row, index).number_format = "@"
            if key in labels:
                choices = DataValidation(type="list", formula1='"' + ",".join(labels[key]) + '"')
                choices.add(f"{letter}2:{letter}5000")
                page.add_data_validation(choices)
    _write_guide(guide, labels)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_guide(guide, labels: dict[str, list[str]]) -> None:
    from openpyxl.styles import Font

    lines = [
        _("Import courts, departments and staff"),
        _("Fill in the sheets 法院, 部门 and 人员 (leave out one you do not need); keep the first row."),
        _("A row is found by 法院代字, by 法院代字 and 部门, or by 工号: a changed row updates, an empty "
          "cell keeps the stored value, the same file again changes nothing, and nothing is deleted."),
        _("One wrong row and nothing is imported: the errors name the sheet, the row and the column."),
        _("New staff have no usable password: an administrator sets it in 系统配置 → 工作人员."),
        "",
    ]  # fmt: skip
    for line in lines:
        guide.append([line])
    guide.cell(1, 1).font = Font(bold=True, size=14)
    guide.append([_("Sheet"), _("Column"), _("What goes there")])
    for sheet in SHEETS:
        for key, help_text in COLUMNS[sheet].items():
            guide.append([SHEET_NAMES[sheet], HEADERS[key], str(help_text)])
    guide.append([])
    guide.append([_("Values allowed")])
    for key, names in labels.items():
        guide.append(["", HEADERS[key], "、".join(names)])
    for letter, width in (("A", 12), ("B", 16), ("C", 100)):
        guide.column_dimensions[letter].width = width


def template_csv() -> bytes:
    """The one-file CSV layout: 类别 and every column, with the mark that makes Excel read it as UTF-8."""
    out = io.StringIO()
    csv.writer(out).writerow([ROW_KIND, *HEADERS.values()])
    return out.getvalue().encode("utf-8-sig")
