"""Issue 20 finding 5, formula injection: text people typed (a caller's name, what they said, a
department's name, a party's name) reaches every spreadsheet the platform writes as text, never as a
formula; the figures the platform computes stay numbers."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from court12368.core.text import spreadsheet_safe
from court12368.courts.models import Department
from court12368.hotline import services as hotline
from court12368.reports import queries
from court12368.reports.exports import write_ledger
from court12368.workorders.models import WorkOrder
from tests.cases.test_import import GOOD_ROWS, write_csv
from tests.reports.conftest import at

pytestmark = pytest.mark.django_db
FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "=cmd|' /C calc'!A0"]


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def assert_no_formula(book) -> list:
    """Every cell of every sheet is a number, a date, empty, or text that cannot start a formula."""
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
                    texts.append(cell.value)
    return texts


def test_spreadsheet_safe_quotes_formula_text_and_leaves_figures_alone():
    for value in FORMULAS:
        assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe(12.5) == 12.5 and spreadsheet_safe(None) is None
    assert spreadsheet_safe("张三") == "张三" and spreadsheet_safe("") == ""


def test_formula_injection_in_the_ledger_export_is_written_as_text(client, c):
    for value in FORMULAS:
        hotline.log_call(
            court=c.court, agent=c.agent, content=value, kind="consultation", caller_name=value,
            caller_number="13912345678", answer="已答复", dispatch=False, now=at(2),
        )  # fmt: skip
    WorkOrder.objects.update(repeat_calls=3)  # a figure of the platform's own: stays a number
    client.force_login(c.president)
    response = client.get(reverse("ledger-export"))
    assert response.status_code == 200
    book = workbook(b"".join(response.streaming_content))
    texts = assert_no_formula(book)
    for value in FORMULAS:
        assert "'" + value in texts  # the caller's name and words, shown as typed
    ledger = book.worksheets[0]
    header = [cell.value for cell in ledger[1]]
    repeat = header.index("重复来电")
    assert {row[repeat] for row in ledger.iter_rows(min_row=2, values_only=True)} == {3}
    summary = {row[0]: row[1] for row in book.worksheets[1].iter_rows(values_only=True) if row}
    assert summary["工单数"] == len(FORMULAS)  # counts stay numbers


def test_formula_injection_in_the_worker_written_ledger_is_written_as_text(c):
    hotline.log_call(
        court=c.court, agent=c.agent, content="=1+1", kind="consultation", caller_name="@SUM(A1)",
        caller_number="13912345678", answer="已答复", dispatch=False, now=at(2),
    )  # fmt: skip
    orders = queries.ledger(c.president, {})
    out = write_ledger(orders, title="=title", filters_text="-filter")
    texts = assert_no_formula(workbook(out.read()))
    assert {"'=1+1", "'@SUM(A1)", "'=title", "'-filter"} <= set(texts)


def test_formula_injection_in_the_assessment_export_is_written_as_text(client, c, november):
    for n, department in enumerate(Department.objects.filter(court=c.court)):
        Department.objects.filter(pk=department.pk).update(name=f"{FORMULAS[n % len(FORMULAS)]}{n}")
    client.force_login(c.president)
    response = client.get(reverse("assessment"), {"year": 2026, "format": "xlsx"})
    book = workbook(b"".join(response.streaming_content))
    texts = assert_no_formula(book)
    rows = list(book.active.iter_rows(min_row=3, values_only=True))
    assert rows and all(name.startswith("'") for name, *_values in rows)
    assert any(text.startswith("'" + value) for value in FORMULAS for text in texts)
    for _name, received, *_rest in rows:
        assert isinstance(received, int | float)  # figures stay numbers


def test_formula_injection_in_the_import_password_file_is_written_as_text(court, tmp_path):
    rows = [list(row) for row in GOOD_ROWS]
    rows[0][6] = '=HYPERLINK("http://evil","x")'  # the party's name, as the trial system sent it
    out = tmp_path / "passwords.csv"
    call_command("import_cases", write_csv(tmp_path / "cases.csv", rows), passwords_out=out)
    written = list(csv.reader(out.open(encoding="utf-8-sig")))[1:]
    assert '\'=HYPERLINK("http://evil","x")' in {row[1] for row in written}
    assert not any(value.startswith(("=", "+", "-", "@")) for row in written for value in row)
