"""What a circular prints, in the order and form of a court's 情况通报 (GB/T 9704-2012 as the model), for
the Word and PDF writers in documents.py alike: the red 发文机关标志, the issue's number, the title, the
numbered sections, the issuing court and date, and the 印发 line; and the CJK font the PDF embeds.

GB/T 9704-2012: A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; the body in 仿宋 三号
(16 pt), the title in 小标宋 二号 (22 pt), first-level headings 一、二、三、 in 黑体; page numbers "— 1 —".
"""

import datetime as dt
import functools
import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from court12368 import config

log = logging.getLogger(__name__)

MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
PAGE_MM = (210, 297)
RED = (0xE6, 0x00, 0x12)
ISSUER_PT, TITLE_PT, BODY_PT, TABLE_PT, PAGE_NUMBER_PT = 26, 22, 16, 12, 14
NUMERALS = "一二三四五六七八九十"
# Debian's fonts-noto-cjk first (what scripts/test installs), then other common CJK fonts.
FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
# Characters a CJK font may lack, and what prints in their place (before a last resort of "?").
SUBSTITUTES = {"·": "・", "•": "・", "–": "-", "—": "-", "\u00a0": " ", "\u2002": " ", "\u2003": "　"}


@dataclass
class Section:
    heading: str  # "一、总体情况"
    text: list[str] = field(default_factory=list)  # paragraphs before the table
    table: list[list[str]] | None = None  # the first row is the header


@dataclass
class Circular:
    issuer: str  # the court: 发文机关署名 and 印发机关
    mark: str  # 发文机关标志: the court's name + 情况通报
    number: str  # 〔2026〕第11期
    title: str
    opening: str
    sections: list[Section]
    issued: str  # 2026年12月7日


def chinese_date(day: dt.date | str) -> str:
    """2026年12月7日 (GB/T 9704-2012 writes the 成文日期 in Arabic numerals)."""
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return f"{day.year}年{day.month}月{day.day}日"


def numbered(place: int, heading: str) -> str:
    return f"{NUMERALS[place - 1]}、{heading}"


def issue_number(title: str) -> str:
    """〔2026〕第11期, from a title that says "2026年第11期" (services.title_of); "" if it does not."""
    found = re.search(r"(\d{4})年第(\d+)期", title)
    return f"〔{found[1]}〕第{found[2]}期" if found else ""


def layout(title: str, figures: dict, notes: str, *, issued: dt.date | None = None) -> Circular:
    """The circular's parts in print order. An empty ``notes`` leaves out the requirements section:
    nothing is printed in place of what the leader did not write."""
    court = figures.get("court") or ""
    parts = [
        ("总体情况", [], [["指标", "数值"]] + [[h["label"], _show(h["value"])] for h in figures["headline"]]),
    ]
    departments = [["名次", "部门", "回复件数", "按时回复率（%）", "超期件数", "催办次数"]] + [
        [d["place"], d["department"], d["replied"], _show(d["replied_on_time"]), d["overdue"], d["urged"]]
        for d in figures["departments"]
    ]
    parts.append(
        ("各部门办理情况排名", [] if figures["departments"] else ["本期无部门办理记录。"], departments)
    )
    overdue = [["工单编号", "类型", "承办部门", "承办人", "超期天数", "上报层级"]] + [
        [o["number"], o["kind"], o["department"], o["handler"], o["days"], o["escalation_level"]]
        for o in figures["overdue"]
    ]
    parts.append(
        ("超期未办结工单（点名通报）", [] if figures["overdue"] else ["本期无超期未办结工单。"], overdue)
    )
    hotspots = [["诉求类别", "本期件数", "上期件数"]] + [
        [h["topic"], h["count"], h["before"]] for h in figures["hotspots"]
    ]
    parts.append(("热点问题", [] if figures["hotspots"] else ["本期无诉求。"], hotspots))
    lines = [line.strip() for line in notes.splitlines() if line.strip()]
    if lines:
        parts.append(("整改意见和工作要求", lines, None))
    sections = [
        Section(
            numbered(place, heading),
            text,
            [[str(v) for v in row] for row in table] if table and len(table) > 1 else None,
        )
        for place, (heading, text, table) in enumerate(parts, start=1)
    ]
    start, end = chinese_date(figures["start"]), chinese_date(figures["end"])
    return Circular(
        issuer=court,
        mark=f"{court}情况通报",
        number=issue_number(title),
        title=title,
        opening=f"现将{start}至{end}本院12368诉讼服务热线工作情况通报如下。",
        sections=sections,
        issued=chinese_date(issued or timezone.localdate()),
    )


def _show(value) -> str:
    return "—" if value is None else str(value)


@dataclass(frozen=True)
class Font:
    path: str
    index: int  # the face in a collection (.ttc): the Simplified Chinese one
    bold_path: str | None  # the heavier face beside it (NotoSerifCJK-Bold.ttc), for the title and mark
    bold_index: int


def cjk_font() -> Font | None:
    """The CJK font the PDF embeds: COURT12368_CIRCULAR_FONT, else the first of FONT_CANDIDATES found;
    None (logged) when there is none, and the PDF falls back to a font the reader supplies."""
    return _find_font(config.read_str("CIRCULAR_FONT"))


@functools.lru_cache(maxsize=4)
def _find_font(configured: str | None) -> Font | None:
    if configured and not Path(configured).is_file():
        log.warning("COURT12368_CIRCULAR_FONT=%s is not a file; looking for a CJK font instead", configured)
    candidates = ([configured] if configured else []) + list(FONT_CANDIDATES)
    for path in candidates:
        if path and Path(path).is_file():
            try:
                index = _simplified_face(path)
            except Exception:  # not a font fontTools can read
                log.warning("%s is not a readable font; skipped for the circulars' PDF", path)
                continue
            bold = path.replace("-Regular", "-Bold")
            has_bold = bold != path and Path(bold).is_file()
            return Font(path, index, bold if has_bold else None, _simplified_face(bold) if has_bold else 0)
    log.warning(
        "No CJK font file found (install fonts-noto-cjk or set COURT12368_CIRCULAR_FONT): the circulars' "
        "PDF uses STSong-Light, which is not embedded"
    )
    return None


def _simplified_face(path: str) -> int:
    """The index of the Simplified Chinese face in a collection ("Noto Serif CJK SC"), else 0."""
    from fontTools.ttLib import TTCollection, TTFont

    with open(path, "rb") as file:
        if file.read(4) != b"ttcf":
            TTFont(path, lazy=True).close()  # readable as a single font
            return 0
    collection = TTCollection(path, lazy=True)
    try:
        for index, face in enumerate(collection.fonts):
            family = face["name"].getDebugName(1) or ""
            if family.endswith(" SC") or "GB" in family:
                return index
        return 0
    finally:
        collection.close()


def printable(text: str, has) -> str:
    """``text`` with each character the font lacks (``has(char)`` false) replaced by a close one it has,
    or "?": never an empty box."""
    out = []
    for char in text:
        if char in "\n\t " or has(char):
            out.append(char)
            continue
        options = (SUBSTITUTES.get(char, ""), unicodedata.normalize("NFKC", char))
        out.append(next((o for o in options if o and all(has(c) for c in o)), "?"))
    return "".join(out)


@functools.lru_cache(maxsize=4)
def characters_of(path: str, index: int) -> frozenset[str]:
    """The characters a font face has glyphs for."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, fontNumber=index, lazy=True)
    try:
        return frozenset(chr(code) for code in font.getBestCmap())
    finally:
        font.close()


def truetype_subset(path: str, index: int, characters: set[str], name: str) -> bytes:
    """The face's glyphs for ``characters`` as a small TrueType font named ``name`` that reportlab embeds
    (FontFile2):
    a CFF-based OpenType font (Noto CJK) has its outlines converted to quadratic ones (cu2qu, 1 unit)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.subset import Options, Subsetter
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(path, fontNumber=index)
    options = Options()
    options.layout_features, options.name_IDs, options.notdef_outline = [], ["*"], True
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "GSUB", "GPOS"]
    subsetter = Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in characters} | {0x20})
    subsetter.subset(font)
    if "CFF " in font:
        order, glyphs, outlines = font.getGlyphOrder(), font.getGlyphSet(), {}
        for glyph in order:
            pen = TTGlyphPen(glyphs)
            glyphs[glyph].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
            outlines[glyph] = pen.glyph()
        glyf = font["glyf"] = newTable("glyf")
        glyf.glyphOrder, glyf.glyphs = order, outlines
        font["loca"] = newTable("loca")
        del font["CFF "]
        for glyph in order:
            outlines[glyph].recalcBounds(glyf)
        maxp = font["maxp"] = newTable("maxp")
        maxp.tableVersion, maxp.maxZones = 0x00010000, 1
        for key in ("TwilightPoints", "Storage", "FunctionDefs", "InstructionDefs", "StackElements"):
            setattr(maxp, "max" + key, 0)
        maxp.maxSizeOfInstructions = maxp.maxComponentElements = 0
        post = font["post"]
        post.formatType, post.extraNames, post.mapping, post.glyphOrder = 2.0, [], {}, order
        font["head"].glyphDataFormat = 0
        font.sfntVersion = "\0\1\0\0"
    # Each subset under its own PostScript name: reportlab keeps what it knows of a face by that name.
    font["name"].setName(name, 6, 3, 1, 0x409)
    font["name"].setName(name, 6, 1, 0, 0)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
