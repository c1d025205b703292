"""A circular as Word (python-docx) and PDF (reportlab), both written from the same snapshot, in the
official layout of a court's 情况通报 that document_layout.py describes.

The PDF embeds the subset of a CJK font that it prints (Noto Serif CJK SC from Debian's fonts-noto-cjk, or
COURT12368_CIRCULAR_FONT): reportlab embeds TrueType only, so the CFF outlines of an OpenType font are
converted by fontTools first. It prints alike everywhere and its text can be searched and copied. Where no
CJK font file is found it uses, with a warning in the log, reportlab's built-in STSong-Light, a CID font
every PDF reader supplies but which is not embedded.
"""

import datetime as dt
import hashlib
import io
import logging

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from court12368.reports import document_layout
from court12368.reports.document_layout import (
    BODY_PT,
    ISSUER_PT,
    MARGINS_MM,
    PAGE_MM,
    PAGE_NUMBER_PT,
    RED,
    TABLE_PT,
    TITLE_PT,
    Circular,
    layout,
    printable,
)

logging.getLogger("fontTools").setLevel(logging.WARNING)  # the subsetter logs every glyph at INFO
LINE_PT = 29  # GB/T 9704: 22 lines on the 225 mm of a page's text
TEXT_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156 mm
INDENT = "\u3000\u3000"  # a paragraph's first line is indented two characters
MM_PER_PT = 25.4 / 72
FALLBACK_FONT = "STSong-Light"
BODY_FONT, HEAVY_FONT, HEADING_FONT = "仿宋", "宋体", "黑体"  # Word's names; 宋体 bold stands in for 小标宋


# --- Word ---------------------------------------------------------------------------------------------


def render_docx(title: str, figures: dict, notes: str, *, issued: dt.date | None = None) -> bytes:
    circular = layout(title, figures, notes, issued=issued)
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    normal = document.styles["Normal"]
    _fonts(normal.font, normal.element.get_or_add_rPr(), BODY_FONT, BODY_PT)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(LINE_PT)

    mark = _paragraph(
        document, circular.mark, HEAVY_FONT, _fit(circular.mark, ISSUER_PT), bold=True, color=RED
    )
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.line_spacing = Pt(_fit(circular.mark, ISSUER_PT) * 1.6)
    number = _paragraph(document, circular.number)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    number.paragraph_format.space_before = Pt(LINE_PT)
    _border(number, "bottom", RED, size=18)  # the red line under the number
    heading = _paragraph(document, circular.title, HEAVY_FONT, TITLE_PT, bold=True)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.space_before = heading.paragraph_format.space_after = Pt(LINE_PT)
    heading.paragraph_format.line_spacing = Pt(TITLE_PT * 1.5)
    _text(document, circular.opening)
    for part in circular.sections:
        _paragraph(document, part.heading, HEADING_FONT, BODY_PT).paragraph_format.first_line_indent = Pt(
            2 * BODY_PT
        )
        for line in part.text:
            _text(document, line)
        if part.table:
            _table(document, part.table)
    signature = _paragraph(document, circular.issuer)
    signature.paragraph_format.space_before = Pt(2 * LINE_PT)
    dated = _paragraph(document, circular.issued)
    for line in (signature, dated):
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.right_indent = Pt(4 * BODY_PT)
    printed = _paragraph(document, f"{circular.issuer}\t{circular.issued}印发", size=14)
    printed.paragraph_format.space_before = Pt(2 * LINE_PT)
    printed.paragraph_format.left_indent = printed.paragraph_format.right_indent = Pt(14)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_MM) - Pt(28), WD_TAB_ALIGNMENT.RIGHT)
    _border(printed, "top", (0, 0, 0), size=8)
    _border(printed, "bottom", (0, 0, 0), size=8)
    _page_numbers(document, section)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _fonts(font, rpr, name: str, size: float, *, bold: bool = False, color=None) -> None:
    font.name, font.size, font.bold = name, Pt(size), bold or None
    if color:
        font.color.rgb = RGBColor(*color)
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(document, text: str, font: str = BODY_FONT, size: float = BODY_PT, *, bold=False, color=None):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    _fonts(run.font, run._element.get_or_add_rPr(), font, size, bold=bold, color=color)
    return paragraph


def _text(document, text: str) -> None:
    paragraph = _paragraph(document, text)
    paragraph.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.line_spacing = Pt(TABLE_PT * 1.5)
            run = paragraph.add_run(value)
            font = HEADING_FONT if r == 0 else BODY_FONT
            _fonts(run.font, run._element.get_or_add_rPr(), font, TABLE_PT)
    document.add_paragraph().paragraph_format.line_spacing = Pt(TABLE_PT)


def _border(paragraph, side: str, color: tuple[int, int, int], *, size: int) -> None:
    """A rule above or below the paragraph (size in eighths of a point)."""
    borders = paragraph._p.get_or_add_pPr().find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        paragraph._p.get_or_add_pPr().append(borders)
    rule = OxmlElement(f"w:{side}")
    for key, value in {
        "val": "single",
        "sz": str(size),
        "space": "4",
        "color": "".join(f"{c:02X}" for c in color),
    }.items():
        rule.set(qn(f"w:{key}"), value)
    borders.append(rule)


def _page_numbers(document, section) -> None:
    """ "— 1 —" below the text (a PAGE field): odd pages at the right and even pages at the left, one
    character in from the text's edge (GB/T 9704-2012 7.5), through Word's separate even-page footer."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, alignment in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.alignment = alignment
        paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Pt(BODY_PT)
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), "PAGE")
        for text, where in (("— ", "before"), (" —", "after")):
            run = paragraph.add_run(text)
            _fonts(run.font, run._element.get_or_add_rPr(), "宋体", PAGE_NUMBER_PT)
            if where == "before":
                run._element.addnext(field)
        inner = OxmlElement("w:r")
        label = OxmlElement("w:t")
        label.text = "1"
        inner.append(label)
        field.append(inner)
    section.footer_distance = Mm(MARGINS_MM["bottom"] - 14)


def _fit(text: str, size: float) -> float:
    """The mark's size, smaller for a long court name so that it stays on one line."""
    return min(size, TEXT_MM / 25.4 * 72 / max(len(text), 1))


# --- PDF ----------------------------------------------------------------------------------------------


def render_pdf(title: str, figures: dict, notes: str, *, issued: dt.date | None = None) -> bytes:
    circular = layout(title, figures, notes, issued=issued)
    font = document_layout.cjk_font()
    if font is None:
        if FALLBACK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
        faces = (FALLBACK_FONT, FALLBACK_FONT)
        has = "·".__ne__  # STSong-Light prints "·" as an empty box
    else:
        present = document_layout.characters_of(font.path, font.index)
        has = present.__contains__
        wanted = set("".join(_strings(circular)) + "0123456789— 印发")
        faces = tuple(
            _registered(path, index, {c for c in wanted if c in present})
            for path, index in ((font.path, font.index), (font.bold_path or font.path, font.bold_index))
        )
    return _pdf(circular, faces, lambda text: printable(text, has))


def _strings(circular: Circular):
    yield from (circular.mark, circular.number, circular.title, circular.opening, circular.issuer)
    yield circular.issued
    for part in circular.sections:
        yield part.heading
        yield from part.text
        for row in part.table or []:
            yield from row


def _registered(path: str, index: int, characters: set[str]) -> str:
    """A reportlab font of ``characters`` from the face, embedded in the PDF as a TrueType subset."""
    key = hashlib.sha256(f"{path}#{index}#{''.join(sorted(characters))}".encode()).hexdigest()[:16]
    name = f"cjk-{key}"
    if name not in pdfmetrics.getRegisteredFontNames():
        data = document_layout.truetype_subset(path, index, characters, name)
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
    return name


def _pdf(circular: Circular, faces: tuple[str, str], show) -> bytes:
    body_font, heavy_font = faces
    red = colors.Color(*(c / 255 for c in RED))

    def style(name: str, size: float, font: str = body_font, **more) -> ParagraphStyle:
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=more.pop("leading", size * 1.6), **more
        )

    def text(value: str) -> str:
        return show(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    body = style("body", BODY_PT, leading=LINE_PT, firstLineIndent=2 * BODY_PT, wordWrap="CJK")
    heading = style(
        "heading", BODY_PT, heavy_font, leading=LINE_PT, firstLineIndent=2 * BODY_PT, keepWithNext=1
    )
    cell = style("cell", TABLE_PT, alignment=1, wordWrap="CJK", leading=TABLE_PT * 1.4)
    head_cell = style("head", TABLE_PT, heavy_font, alignment=1, wordWrap="CJK", leading=TABLE_PT * 1.4)
    mark_size = _fit(circular.mark, ISSUER_PT)
    story = [
        Paragraph(text(circular.mark), style("mark", mark_size, heavy_font, alignment=1, textColor=red)),
        Paragraph(text(circular.number), style("number", BODY_PT, alignment=1, spaceBefore=LINE_PT * 0.8)),
        HRFlowable(width="100%", thickness=1.7, color=red, spaceBefore=8, spaceAfter=LINE_PT),
        Paragraph(
            text(circular.title), style("title", TITLE_PT, heavy_font, alignment=1, spaceAfter=LINE_PT)
        ),
        Paragraph(text(circular.opening), body),
    ]
    for part in circular.sections:
        story.append(Paragraph(text(part.heading), heading))
        story += [Paragraph(text(line), body) for line in part.text]
        if part.table:
            rows = [
                [Paragraph(text(v), head_cell if r == 0 else cell) for v in row]
                for r, row in enumerate(part.table)
            ]
            table = Table(rows, repeatRows=1, colWidths=_widths(part.table, body_font))
            table.setStyle(
                TableStyle(
                    [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
                )
            )
            story += [table, Spacer(1, LINE_PT / 2)]
    signed = style("signed", BODY_PT, alignment=2, rightIndent=4 * BODY_PT, leading=LINE_PT)
    story += [
        Spacer(1, LINE_PT),
        Paragraph(text(circular.issuer), signed),
        Paragraph(text(circular.issued), signed),
    ]
    printed = Table(
        [
            [
                Paragraph(text(circular.issuer), style("by", 14)),
                Paragraph(text(f"{circular.issued}印发"), style("on", 14, alignment=2)),
            ]
        ],
        colWidths=[TEXT_MM * mm / 2] * 2,
    )
    printed.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 0.7, colors.black),
                ("LINEBELOW", (0, 0), (-1, 0), 0.7, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 14),
                ("RIGHTPADDING", (0, 0), (-1, -1), 14),
            ]
        )
    )
    story += [Spacer(1, 2 * LINE_PT), KeepTogether(printed)]

    def page_number(canvas, document) -> None:
        """ "— 1 —" 7 mm below the text: odd pages at the right, even pages at the left, one character
        in from the text's edge (GB/T 9704-2012 7.5)."""
        canvas.setFont(body_font, PAGE_NUMBER_PT)
        y, label = (MARGINS_MM["bottom"] - 7) * mm - PAGE_NUMBER_PT, show(f"— {document.page} —")
        if document.page % 2:
            canvas.drawRightString(A4[0] - MARGINS_MM["right"] * mm - BODY_PT, y, label)
        else:
            canvas.drawString(MARGINS_MM["left"] * mm + BODY_PT, y, label)

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=A4,
        title=circular.title,
        author=circular.issuer,
        topMargin=MARGINS_MM["top"] * mm,
        bottomMargin=MARGINS_MM["bottom"] * mm,
        leftMargin=MARGINS_MM["left"] * mm,
        rightMargin=MARGINS_MM["right"] * mm,
    ).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()


def _widths(rows: list[list[str]], font: str) -> list[float]:
    """Columns as wide as their longest cell needs, together no wider than the text."""
    needed = [
        max(pdfmetrics.stringWidth(row[c], font, TABLE_PT) for row in rows) + 12 for c in range(len(rows[0]))
    ]
    scale = min(1.0, TEXT_MM * mm / sum(needed))
    return [w * scale for w in needed]
