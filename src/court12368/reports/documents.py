"""A circular as Word (python-docx) and PDF (reportlab), both written from the same snapshot.

The PDF uses reportlab's built-in STSong-Light, a CID font every PDF reader supplies, so it needs no font
file on the server and its Chinese text can still be searched and copied.
"""

import io

from docx import Document
from docx.shared import Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT = "STSong-Light"
NOTES_PLACEHOLDER = "（请编辑填写整改意见和工作要求。）"


def sections(title: str, figures: dict, notes: str) -> list[tuple[str, object]]:
    """The circular's parts in order: ("title"|"heading"|"text"|"table", content)."""
    parts: list[tuple[str, object]] = [
        ("title", title),
        ("text", f"统计期间：{figures['start']} 至 {figures['end']}"),
        ("heading", "一、总体情况"),
        ("table", [["指标", "数值"]] + [[h["label"], _show(h["value"])] for h in figures["headline"]]),
        ("heading", "二、各部门办理情况排名"),
    ]
    if figures["departments"]:
        rows = [["名次", "部门", "回复件数", "按时回复率（%）", "超期件数", "催办次数"]]
        rows += [
            [d["place"], d["department"], d["replied"], _show(d["replied_on_time"]), d["overdue"], d["urged"]]
            for d in figures["departments"]
        ]
        parts.append(("table", rows))
    else:
        parts.append(("text", "本期无部门办理记录。"))
    parts.append(("heading", "三、超期未办结工单（点名通报）"))
    if figures["overdue"]:
        rows = [["工单编号", "类型", "承办部门", "承办人", "超期天数", "上报层级"]]
        rows += [
            [o["number"], o["kind"], o["department"], o["handler"], o["days"], o["escalation_level"]]
            for o in figures["overdue"]
        ]
        parts.append(("table", rows))
    else:
        parts.append(("text", "本期无超期未办结工单。"))
    parts.append(("heading", "四、热点问题"))
    if figures["hotspots"]:
        rows = [["诉求类别", "本期件数", "上期件数"]]
        rows += [[h["topic"], h["count"], h["before"]] for h in figures["hotspots"]]
        parts.append(("table", rows))
    else:
        parts.append(("text", "本期无诉求。"))
    parts.append(("heading", "五、整改意见"))
    parts.append(("text", notes.strip() or NOTES_PLACEHOLDER))
    return parts


def _show(value) -> str:
    return "—" if value is None else str(value)


def render_docx(title: str, figures: dict, notes: str) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "SimSun"
    style.font.size = Pt(11)
    style.element.rPr.rFonts.set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "宋体"
    )
    for kind, content in sections(title, figures, notes):
        if kind == "title":
            document.add_heading(content, level=0)
        elif kind == "heading":
            document.add_heading(content, level=1)
        elif kind == "text":
            for line in str(content).splitlines() or [""]:
                document.add_paragraph(line)
        else:
            table = document.add_table(rows=len(content), cols=len(content[0]))
            table.style = "Table Grid"
            for r, row in enumerate(content):
                for c, value in enumerate(row):
                    table.cell(r, c).text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_pdf(title: str, figures: dict, notes: str) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    styles = {
        "title": ParagraphStyle(
            "title", fontName=FONT, fontSize=18, leading=24, alignment=1, spaceAfter=6 * mm
        ),
        "heading": ParagraphStyle("heading", fontName=FONT, fontSize=13, leading=18, spaceBefore=4 * mm),
        "text": ParagraphStyle("text", fontName=FONT, fontSize=10.5, leading=16),
    }
    story = []
    for kind, content in sections(title, figures, notes):
        if kind == "table":
            cells = [[Paragraph(_escape(str(v)), styles["text"]) for v in row] for row in content]
            table = Table(cells, repeatRows=1, hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [table, Spacer(1, 3 * mm)]
        else:
            for line in str(content).splitlines() or [""]:
                story.append(Paragraph(_escape(line), styles[kind]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=title, leftMargin=20 * mm, rightMargin=20 * mm).build(story)
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
