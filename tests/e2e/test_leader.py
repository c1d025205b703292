"""A court leader's oversight in a real browser: the month's ledger to Excel, the monthly circular."""

import datetime as dt
import io
import re

import docx
import openpyxl
import pypdf
import pytest
from PIL import Image

from court12368.demo.calls import showcase_day
from tests.e2e.staff import sign_in

pytestmark = pytest.mark.browser


DRAWN = """() => Object.fromEntries([...document.querySelectorAll('[data-chart]')].map(
    el => [el.dataset.chart, echarts.getInstanceByDom(el).getOption().series.map(s => s.data)]))"""


def ink(png: bytes) -> int:
    """How many pixels of a screenshot are neither white nor near-white: a drawn chart has many."""
    image = Image.open(io.BytesIO(png)).convert("L")
    return sum(count for level, count in enumerate(image.histogram()) if level < 200)


def charts_match_their_data(page, json_url):
    """Every chart draws the JSON endpoint's numbers, and redraws when htmx refreshes the red board."""
    page.locator("#charts[data-drawn='1']").wait_for()  # no eval: the page's CSP forbids it
    data = page.request.get(json_url).json()
    drawn = page.evaluate(DRAWN)
    assert drawn["volume_by_day"] == [[d["orders"] for d in data["volume_by_day"]]]
    assert drawn["volume_by_hour"] == [[h["orders"] for h in data["volume_by_hour"]]]
    assert [[t["name"], t["value"]] for t in drawn["type_mix"][0]] == [
        [t["type"], t["orders"]] for t in data["type_mix"]
    ]
    assert drawn["trends"] == [
        [w["replied_on_time"] for w in data["trends"]],
        [w["satisfaction"] for w in data["trends"]],
    ]
    assert drawn["red_board"] == [[d["count"] for d in data["red_board"]]] and data["red_board"]
    assert drawn["ranking"] == [[d["replied_on_time"] for d in data["ranking"]]]
    for chart in page.locator("[data-chart]").all():
        assert ink(chart.screenshot()) > 500, chart.get_attribute("data-chart")
    page.evaluate("htmx.ajax('GET', '/reports/dashboard/red-board/', {target: '#red-board'})")
    page.locator("#charts[data-drawn='2']").wait_for()


def test_a_leader_exports_the_ledger_and_downloads_the_monthly_circular(served, page):
    # The demo's showcase week (three weeks back) and its month: the dates move with today's.
    monday = showcase_day().date()
    sunday = monday + dt.timedelta(days=6)
    month_start = monday.replace(day=1)
    month_end = (month_start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    sign_in(page, served, "chaoyang.leader")
    page.get_by_role("navigation").get_by_role("link", name="领导驾驶舱").click()
    page.get_by_label("起始日期").fill(monday.isoformat())
    page.get_by_label("截止日期").fill(sunday.isoformat())
    page.get_by_role("button", name="查看").click()
    charts_match_their_data(page, served.url + f"/reports/dashboard/data.json?start={monday}&end={sunday}")
    page.screenshot(path=str(served.data_dir / "dashboard.png"), full_page=True)
    board = page.get_by_test_id("red-board")
    assert board.get_by_test_id("red-department").count() >= 1  # overdue orders, by department
    first = board.get_by_role("link").first
    number = first.inner_text()
    first.click()
    assert number in page.inner_text("main")  # through to the order itself

    page.get_by_role("navigation").get_by_role("link", name="台账").click()
    page.get_by_label("起始日期").fill(month_start.isoformat())
    page.get_by_label("截止日期").fill(month_end.isoformat())
    page.get_by_role("button", name="筛选").click()
    ledger = page.get_by_test_id("ledger")
    numbers = set(re.findall(r"\b20\d{14}\b", ledger.inner_text()))
    assert numbers, "the demo court has orders in the showcase month"
    # Phone numbers masked in the list (an order number's digits may hold 11 that look like one).
    assert not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", ledger.inner_text())

    with page.expect_download() as download:
        page.get_by_test_id("ledger-export").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    rows = list(book.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert {row[0] for row in rows} >= numbers and book.worksheets[0]["A1"].value == "工单编号"
    assert book.worksheets[1]["A1"].value.endswith("12368 台账")

    page.get_by_role("navigation").get_by_role("link", name="情况通报").click()
    page.get_by_label("通报周期").select_option("monthly")
    page.get_by_label("期间内任一日期").fill(monday.isoformat())
    page.get_by_role("button", name="生成情况通报").click()
    overdue = page.get_by_test_id("overdue").inner_text()
    named = re.findall(r"\b20\d{14}\b", overdue)
    assert named, "the demo court has overdue orders, and the circular names them"
    with page.expect_download() as word:
        page.get_by_test_id("download-docx").click()
    document = docx.Document(io.BytesIO(word.value.path().read_bytes()))
    text = "\n".join([p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ])  # fmt: skip
    assert "情况通报" in text and "当场答复率" in text and all(n in text for n in named)
    with page.expect_download() as pdf:
        page.get_by_test_id("download-pdf").click()
    reader = pypdf.PdfReader(io.BytesIO(pdf.value.path().read_bytes()))
    pdf_text = "".join("".join(p.extract_text().split()) for p in reader.pages)
    assert "情况通报" in pdf_text and all(n in pdf_text for n in named)
    page.screenshot(path=str(served.data_dir / "circular.png"), full_page=True)
