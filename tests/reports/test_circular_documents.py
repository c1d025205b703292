"""The circular's Word and PDF in the official layout of a 情况通报 (GB/T 9704-2012 as the model): A4 and its
margins, the red 发文机关标志, the issue's number, sections 一、二、…, the PDF's CJK font embedded, no
placeholder printed for notes the leader did not write."""

import datetime as dt
import io
import logging
from pathlib import Path

import docx
import pypdf
import pytest
from docx.shared import Mm

from court12368.reports import document_layout, documents

TITLE = "朝阳区人民法院12368诉讼服务热线情况通报（2026年第11期·月报）"
ISSUED = dt.date(2026, 12, 7)
FIGURES = {
    "court": "朝阳区人民法院",
    "start": "2026-11-01",
    "end": "2026-11-30",
    "headline": [{"label": "受理诉求", "value": 120}, {"label": "满意率（%）", "value": 97.5}],
    "departments": [
        {"place": 1, "department": "民一庭", "replied": 30, "replied_on_time": 96.7, "overdue": 1, "urged": 2}
    ],
    "overdue": [
        {
            "number": "2026110100000012",
            "kind": "投诉",
            "department": "民一庭",
            "handler": "陈淑兰",
            "days": 3,
            "escalation_level": 1,
        }
    ],
    "hotspots": [{"topic": "案件进度", "count": 50, "before": 40}],
}
NOTES = "民一庭超期较多，请于下周内清理。"
HEADINGS = ["一、总体情况", "二、各部门办理情况排名", "三、超期未办结工单（点名通报）", "四、热点问题"]
needs_cjk_font = pytest.mark.skipif(
    document_layout.cjk_font() is None, reason="no CJK font installed (fonts-noto-cjk)"
)


def pdf_of(notes: str = NOTES) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(documents.render_pdf(TITLE, FIGURES, notes, issued=ISSUED)))


def pdf_text(reader: pypdf.PdfReader) -> str:
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def docx_of(notes: str = NOTES) -> docx.document.Document:
    return docx.Document(io.BytesIO(documents.render_docx(TITLE, FIGURES, notes, issued=ISSUED)))


def font_files(reader: pypdf.PdfReader) -> list[str]:
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None:
                    found += [key for key in descriptor.get_object() if key.startswith("/FontFile")]
    return found


def test_dates_numbers_and_sections():
    assert document_layout.chinese_date("2026-12-07") == "2026年12月7日"
    assert document_layout.issue_number(TITLE) == "〔2026〕第11期"
    assert document_layout.issue_number("情况通报") == ""
    circular = document_layout.layout(TITLE, FIGURES, NOTES, issued=ISSUED)
    assert circular.mark == "朝阳区人民法院情况通报" and circular.issued == "2026年12月7日"
    assert [s.heading for s in circular.sections] == HEADINGS + ["五、整改意见和工作要求"]
    assert [
        s.heading for s in document_layout.layout(TITLE, FIGURES, "  \n", issued=ISSUED).sections
    ] == HEADINGS


def test_a_character_the_font_lacks_is_replaced_not_boxed():
    has = set("情况通报・?-").__contains__
    assert document_layout.printable("情况·通报—☃", has) == "情况・通报-?"


@needs_cjk_font
def test_the_pdf_is_a4_with_its_cjk_font_embedded():
    reader = pdf_of()
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert font_files(reader) and set(font_files(reader)) <= {"/FontFile2", "/FontFile3"}
    text = pdf_text(reader)
    assert "朝阳区人民法院情况通报" in text and "〔2026〕第11期" in text
    assert TITLE in text  # "·" included: printed, not an empty box
    places = [text.index(heading) for heading in HEADINGS + ["五、整改意见和工作要求"]]
    assert places == sorted(places)
    assert NOTES in text and "2026110100000012" in text and "陈淑兰" in text
    assert "2026年12月7日印发" in text and "—1—" in text  # the 印发 line; page numbers "— 1 —"


def test_no_placeholder_when_the_leader_wrote_no_notes():
    for text in (pdf_text(pdf_of("")), "".join(p.text for p in docx_of("").paragraphs)):
        assert "请编辑" not in text and "整改意见" not in text and "四、热点问题" in text


def test_the_word_document_is_a4_with_the_official_margins_and_a_red_mark():
    document = docx_of()
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    paragraphs = [p for p in document.paragraphs if p.text]
    mark = paragraphs[0]
    assert mark.text == "朝阳区人民法院情况通报" and mark.runs[0].font.color.rgb == docx.shared.RGBColor(
        *document_layout.RED
    )
    assert mark.runs[0].font.bold and mark.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[1].text == "〔2026〕第11期" and paragraphs[2].text == TITLE
    texts = [p.text for p in paragraphs]
    places = [texts.index(heading) for heading in HEADINGS + ["五、整改意见和工作要求"]]
    assert places == sorted(places) and NOTES in texts
    assert texts[-3:] == ["朝阳区人民法院", "2026年12月7日", "朝阳区人民法院\t2026年12月7日印发"]
    # Odd pages numbered at the right, even pages at the left (GB/T 9704-2012 7.5)
    assert document.settings.odd_and_even_pages_header_footer
    for footer, alignment in (
        (section.footer, docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT),
    ):
        number = footer.paragraphs[0]
        assert number.alignment == alignment
        assert 'w:instr="PAGE"' in number._p.xml and "— " in number._p.xml and " —" in number._p.xml


@needs_cjk_font
def test_pdf_page_numbers_sit_right_on_odd_pages_and_left_on_even_ones():
    reader = pdf_of(NOTES * 60)  # notes long enough for several pages
    assert len(reader.pages) >= 2
    for index, page in enumerate(reader.pages, start=1):
        [x] = number_positions(page, f"— {index} —")
        middle = float(page.mediabox.width) / 2
        assert x > middle if index % 2 else x < middle, (index, x)


def number_positions(page, label: str) -> list[float]:
    """Where on the page (x, in points) the text ``label`` starts."""
    found = []

    def visit(text, cm, tm, *_):
        if text.strip() == label:
            found.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_text=visit)
    return found


def test_without_a_cjk_font_a_pdf_is_still_written_and_says_why(monkeypatch, caplog):
    document_layout._find_font.cache_clear()
    monkeypatch.setattr(document_layout, "FONT_CANDIDATES", ())
    monkeypatch.setenv("COURT12368_CIRCULAR_FONT", "/nonexistent/font.ttc")
    with caplog.at_level(logging.WARNING, logger="court12368.reports.document_layout"):
        reader = pdf_of()
    document_layout._find_font.cache_clear()
    assert "No CJK font file found" in caplog.text and "/nonexistent/font.ttc" in caplog.text
    text = pdf_text(reader)
    assert "朝阳区人民法院情况通报" in text and NOTES in text and "·" not in text


@needs_cjk_font
def test_the_configured_font_is_the_one_embedded(monkeypatch):
    chosen = document_layout.cjk_font()
    monkeypatch.setenv("COURT12368_CIRCULAR_FONT", chosen.path)
    assert document_layout.cjk_font().path == chosen.path and Path(chosen.path).is_file()
    assert "朝阳区人民法院情况通报" in pdf_text(pdf_of())
