"""Official documents (公文) as .docx in the layout of GB/T 9704-2012 (RULES.md §8).

``render_docx(OfficialDocument(...), path)`` writes the file; ``documents.pdf.convert`` makes the
PDF. The data is plain: who issues it, its number, title, recipient, body, attachments, signature
and date, 抄送 and 印发. Nothing here touches the database.

The page (clause numbers of GB/T 9704-2012):

- A4; top margin 37 mm, binding (left) margin 28 mm, type area 156 × 225 mm (5.1, 5.2.1);
- body 3号 仿宋, 22 lines of 28 characters (5.2.2, 5.2.3): lines exactly 28.95 pt apart (225 mm /
  22 = 28.96 pt), characters condensed by 0.25 pt so that 28 of 16 pt fit in 156 mm and a 29th
  does not;
- 发文机关标志 in red 小标宋, its top 35 mm below the type area's (7.2.4); 发文字号 two lines
  below, centred (7.2.5); a red rule as wide as the type area 4 mm under it (7.2.7);
- title 2号 小标宋, centred, two lines below the rule (7.3.1); 主送 one line below, flush left
  with a full-width colon (7.3.2); paragraphs indented two characters (7.3.3); headings
  一、 in 黑体, （一） in 楷体, 1. and （1） in 仿宋 (7.3.3);
- 附件说明 one line below the body, two characters in, later items aligned under the first
  (7.3.4);
- without a seal: 署名 one line below, two characters from the right; 成文日期 under it,
  starting two characters right of the 署名, or two from the right if it is the longer (7.3.5.2);
  the date in Arabic numerals (7.3.5.4; ``date_style="chinese"`` writes 二〇二六年… for
  templates that still ask for it);
- 版记 at the foot of the last page: 抄送 and 印发 in 4号 仿宋 one character in from each side,
  thick rules above and below, a thin one between (7.4); a 版记 page has no page number;
- page numbers 4号 宋体 "— 1 —", 7 mm below the type area, odd pages right and even pages left,
  one character in (7.5);
- tables and figures (not laid out by GB/T 9704 beyond the type area) in common 公文 practice:
  a table's caption (表题) above it and a figure's (图题) below, centred, in 4号 黑体; the table as
  wide as the type area, thin lines, its header repeated on every page it spans, cells in 4号 仿宋
  (小四 when 4号 does not fit), numbers flush right.

Fonts come from ``documents.fonts``: the official families where installed, Noto CJK otherwise;
every run names its East Asian font explicitly, or Chinese text falls back to whatever the
reader's machine has.
"""

import datetime as dt
import functools
import io
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor

from liandong.core.crypto import sm3_hex
from liandong.documents import fonts, ooxml

# Page and type area (GB/T 9704-2012 5.2)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, LEFT = Mm(37), Mm(28)
AREA_WIDTH, AREA_HEIGHT = Mm(156), Mm(225)
RIGHT = PAGE_WIDTH - LEFT - AREA_WIDTH  # 26 mm
BOTTOM = PAGE_HEIGHT - TOP - AREA_HEIGHT  # 35 mm

# Sizes: 号 → points
SIZE_2 = 22.0  # 二号: title
SIZE_3 = 16.0  # 三号: body
SIZE_4 = 14.0  # 四号: 版记, page numbers, captions and table cells
SIZE_SMALL_4 = 12.0  # 小四: table cells when 4号 does not fit, notes under tables
SIZE_5 = 10.5  # 五号: notes under tables of 小四
LINE = 28.95  # 22 lines in 225 mm
CONDENSE = -0.25  # pt between characters: 28 × 15.75 pt = 441 pt ≤ 156 mm (442.2 pt) < 29 × 15.75
CHAR = SIZE_3 + CONDENSE  # one character of body text, the unit of every indent
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22

RED = RGBColor(0xE6, 0x00, 0x12)  # 红色: the mark and the rule under the number
MARK_TOP = Mm(35)  # from the type area's top edge to the mark's top edge
MARK_MAX = 42.0  # pt: 14.8 mm a character at most (7.2.4: smaller than 22 mm × 15 mm)
RULE_BELOW_NUMBER = Mm(4)
# page numbers: the footer's foot this far above the page's edge puts the dashes' middle 7 mm
# below the type area (7.5; measured on the PDF)
FOOTER = Mm(24.6)


# ---------------------------------------------------------------------------------------------
# The data


@dataclass(frozen=True)
class Heading:
    """A heading of the body: level 1 numbered 一、二、 (黑体), level 2 （一）（二） (楷体)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Items:
    """Numbered paragraphs: 1. 2. (``style="1."``) or （1）（2） (``style="(1)"``)."""

    items: tuple[str, ...]
    style: str = "1."


@dataclass(frozen=True)
class Fields:
    """A table of labelled values, e.g. the fields of a receipt (回执)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Labelled:
    """A label in 黑体 with a full-width colon and its text in 仿宋, two characters in, later
    lines aligned under the text: the 出席 / 请假 / 列席 lists of a 纪要 (GB/T 9704-2012 10.3)."""

    label: str
    text: str


@dataclass(frozen=True)
class Table:
    """A data table: its caption above (e.g. "表1 2026年各部门案件办理情况"), a header row
    repeated on every page the table spans, rows of cells (numbers flush right) and an optional
    note below (e.g. "注：…", "数据来源：…"). A cell's "\n" breaks its line."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""

    def __post_init__(self) -> None:
        if not self.header:
            raise ValueError("a table needs a header row")
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(
                    f"a row of {len(row)} cells in a table of {len(self.header)} columns: {row!r}"
                )


@dataclass(frozen=True)
class Figure:
    """A picture (PNG, e.g. ``reports.chart_png.png``) centred, ``width_mm`` wide (never wider
    than the type area), its caption below (e.g. "图1 2026年各月受理案件数")."""

    caption: str
    png: bytes = field(repr=False)
    width_mm: float = 150

    def __post_init__(self) -> None:
        if not self.png.startswith(_PNG_SIGNATURE):
            raise ValueError("a figure is a PNG image")
        if self.width_mm <= 0:
            raise ValueError("a figure's width must be positive")


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

Block = str | Heading | Items | Fields | Labelled | Table | Figure


@dataclass(frozen=True)
class OfficialDocument:
    """Everything printed on an official document. ``body`` holds paragraphs (str) and
    Heading, Items, Fields, Labelled, Table and Figure blocks in order. ``issue_document``
    fills in the number, and the issuer, kind, recipients and date when they are left empty."""

    title: str  # a line break ("\n") where the title should break
    body: tuple[Block, ...]
    recipients: str = ""  # 主送机关, several separated by 、
    date: dt.date | None = None  # 成文日期 (required to render)
    kind: str = ""  # 文种, e.g. 涉嫌犯罪案件移送书 (recorded in the file's properties)
    issuer: str = ""  # 发文机关 (full name)
    number: str = ""  # 发文字号, e.g. 泉鲤政财〔2026〕12号
    attachments: tuple[str, ...] = ()
    signature: str = ""  # 发文机关署名: the issuer unless given
    mark: str = ""  # 发文机关标志: the issuer unless given (e.g. "泉州市鲤城区财政局文件")
    copies_to: tuple[str, ...] = ()  # 抄送机关
    printed_by: str = ""  # 印发机关 (usually the issuer's office)
    printed_on: dt.date | None = None  # 印发日期: the 成文日期 unless given
    date_style: str = "arabic"  # "arabic" (GB/T 9704-2012) or "chinese" (二〇二六年…)

    def to_json(self) -> dict:
        """The data as JSON (kept with an issued document)."""
        return {
            "kind": self.kind,
            "issuer": self.issuer,
            "number": self.number,
            "title": self.title,
            "recipients": self.recipients,
            "body": [_block_json(b) for b in self.body],
            "date": self.date.isoformat() if self.date else None,
            "attachments": list(self.attachments),
            "signature": self.signature,
            "mark": self.mark,
            "copies_to": list(self.copies_to),
            "printed_by": self.printed_by,
            "printed_on": self.printed_on.isoformat() if self.printed_on else None,
            "date_style": self.date_style,
        }


def _block_json(block: Block) -> dict | str:
    if isinstance(block, str):
        return block
    if isinstance(block, Heading):
        return {"heading": block.text, "level": block.level}
    if isinstance(block, Items):
        return {"items": list(block.items), "style": block.style}
    if isinstance(block, Labelled):
        return {"label": block.label, "text": block.text}
    if isinstance(block, Table):
        return {
            "table": block.caption,
            "header": list(block.header),
            "rows": [list(row) for row in block.rows],
            "note": block.note,
        }
    if isinstance(block, Figure):
        # the picture itself is in the issued files; its digest ties them to this record
        return {"figure": block.caption, "png_sm3": sm3_hex(block.png), "width_mm": block.width_mm}
    return {"fields": [list(row) for row in block.rows]}


# ---------------------------------------------------------------------------------------------
# Numerals and dates

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 31 → 三十一 (for 1–99)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens < 2 else _DIGITS[tens]) + ("十" if tens else "")
    return text + (_DIGITS[ones] if ones else "")


def chinese_date(day: dt.date) -> str:
    """二〇二六年十一月二十九日."""
    year = "".join(_DIGITS[int(d)] for d in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def arabic_date(day: dt.date) -> str:
    """2026年11月29日: years in full, no leading zeros (GB/T 9704-2012 7.3.5.4)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _width(text: str) -> float:
    """Width in characters: CJK and full-width forms one, ASCII half."""
    return sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text)


# ---------------------------------------------------------------------------------------------
# Writing


class _Writer:
    """Adds runs and paragraphs with the document's faces."""

    def __init__(self, document) -> None:
        self.document = document
        self.faces = fonts.faces()

    def face(self, role: str) -> fonts.Face:
        return self.faces[role]

    def run(
        self,
        paragraph,
        text: str,
        role: str = "fangsong",
        size: float = SIZE_3,
        *,
        color: RGBColor | None = None,
        condense: bool = True,
    ):
        """A run of ``text``; body-size text is condensed to 28 characters a line."""
        run = paragraph.add_run(text)
        ooxml.style_run(
            run._element,
            self.faces[role],
            size,
            color=str(color) if color is not None else None,
            spacing=CONDENSE if condense and size == SIZE_3 else None,
        )
        return run

    def paragraph(
        self,
        container=None,
        *,
        align=None,
        line: float = LINE,
        left: float = 0,
        right: float = 0,
        first: float = 0,
        before: float = 0,
        size: float = SIZE_3,
        role: str = "fangsong",
    ):
        paragraph = (container or self.document).add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line)
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(0)
        fmt.widow_control = False  # 22 lines on every page, none pushed over
        if align is not None:
            paragraph.alignment = align
        if left:
            fmt.left_indent = Pt(left)
        if right:
            fmt.right_indent = Pt(right)
        if first:
            fmt.first_line_indent = Pt(first)
        ooxml.asian_typography(paragraph._p.get_or_add_pPr())
        ooxml.style_run(ooxml.mark_properties(paragraph), self.faces[role], size)
        return paragraph

    def blank(self, lines: int = 1, height: float = LINE) -> None:
        for _ in range(lines):
            self.paragraph(line=height)


# ---------------------------------------------------------------------------------------------
# The page


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = FOOTER
    section.gutter = Mm(0)
    # No character grid: LibreOffice snaps every character of a grid document to cells of the
    # grid's pitch and spreads the text out; the exact line spacing and the run spacing above
    # give 22 × 28 in LibreOffice and Word alike.
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        section._sectPr.remove(grid)
    document.settings.odd_and_even_pages_header_footer = True


def _page_numbers(document, writer: _Writer) -> None:
    """— 1 — in 4号 宋体: odd pages one character in from the right, even from the left."""
    section = document.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        fmt = paragraph.paragraph_format
        paragraph.alignment = align
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            fmt.right_indent = Pt(SIZE_4)
        else:
            fmt.left_indent = Pt(SIZE_4)
        add = functools.partial(writer.run, paragraph, role="songti", size=SIZE_4)
        add("— ")
        ooxml.field(add, "PAGE", "1")
        add(" —")


def _default_style(document, writer: _Writer) -> None:
    # The template's defaults name theme fonts (Calibri, 等线), which Word prefers over a run's
    # own font names: the defaults name 仿宋 (or its stand-in) instead.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(run_defaults):
        run_defaults.remove(child)
    ooxml.style_run(run_defaults, writer.face("fangsong"), SIZE_3)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    for attr, value in (
        ("w:after", "0"),
        ("w:line", str(round(LINE * 20))),
        ("w:lineRule", "exact"),
    ):
        spacing.set(qn(attr), value)
    normal = document.styles["Normal"]
    face = writer.face("fangsong")
    normal.font.name = face.family
    normal.font.size = Pt(SIZE_3)
    rFonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rFonts.set(qn("w:eastAsia"), face.family)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    ooxml.asian_typography(normal.element.get_or_add_pPr())


# ---------------------------------------------------------------------------------------------
# 版头: mark, number, red rule


def _mark_size(mark: str) -> float:
    """As large as a character may be (7.2.4), small enough for the mark to fit one line."""
    return min(MARK_MAX, int(AREA_WIDTH.pt * 0.96 / max(_width(mark), 1)))


def _head(doc: OfficialDocument, w: _Writer) -> None:
    mark = doc.mark or doc.issuer
    size = _mark_size(mark)
    # the mark's glyphs start ~0.07 of their size below its line's top (measured on the PDF):
    # the space before puts them 35 mm below the type area's top
    p = w.paragraph(
        align=WD_ALIGN_PARAGRAPH.CENTER,
        line=size * 1.1,
        before=MARK_TOP.pt - size * 0.03,
        size=size,
        role="xiaobiaosong",
    )
    w.run(p, mark, "xiaobiaosong", size, color=RED)
    w.blank(2)
    p = w.paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
    w.run(p, doc.number)
    # the red rule 4 mm below the number's characters (their foot lies ~4.5 pt above the line's)
    ooxml.paragraph_border(
        p, "bottom", eighths=12, color=str(RED), space=round(RULE_BELOW_NUMBER.pt - 4.5)
    )


# ---------------------------------------------------------------------------------------------
# 主体


def _body(doc: OfficialDocument, w: _Writer) -> None:
    w.blank(2)
    for line in _title_lines(doc.title):
        p = w.paragraph(
            align=WD_ALIGN_PARAGRAPH.CENTER, line=LINE * 1.25, size=SIZE_2, role="xiaobiaosong"
        )
        w.run(p, line, "xiaobiaosong", SIZE_2)
    w.blank(1)
    if doc.recipients:
        p = w.paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        w.run(p, doc.recipients.rstrip("：:") + "：")
    headings = [0, 0]
    for block in doc.body:
        if isinstance(block, str):
            p = w.paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, first=2 * CHAR)
            w.run(p, block)
        elif isinstance(block, Heading):
            _heading(block, headings, w)
        elif isinstance(block, Items):
            for n, text in enumerate(block.items, 1):
                label = f"{n}." if block.style == "1." else f"（{n}）"
                p = w.paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, first=2 * CHAR)
                w.run(p, label + text)
        elif isinstance(block, Fields):
            _fields(block, w)
        elif isinstance(block, Labelled):
            _labelled(block, w)
        elif isinstance(block, Table):
            _table(block, w)
        elif isinstance(block, Figure):
            _figure(block, w)
        else:
            raise TypeError(f"not a block of a document body: {block!r}")
    if doc.attachments:
        w.blank(1)
        _attachments(doc.attachments, w)
    _signature(doc, w)


def _title_lines(title: str) -> list[str]:
    """The title on as many lines as it needs; explicit line breaks are kept."""
    return [part for part in title.split("\n") if part.strip()]


def _heading(block: Heading, counters: list[int], w: _Writer) -> None:
    if block.level == 1:
        counters[0] += 1
        counters[1] = 0
        text, role = f"{chinese_number(counters[0])}、{block.text}", "heiti"
    elif block.level == 2:
        counters[1] += 1
        text, role = f"（{chinese_number(counters[1])}）{block.text}", "kaiti"
    else:
        raise ValueError(f"heading level {block.level}: only 1 and 2 have their own typeface")
    p = w.paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, first=2 * CHAR, role=role)
    w.run(p, text, role)


def _labelled(block: Labelled, w: _Writer) -> None:
    label = block.label.rstrip("：:") + "："
    hang = _width(label) * CHAR
    p = w.paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, left=2 * CHAR + hang, first=-hang)
    w.run(p, label, "heiti")
    w.run(p, block.text)


def _fields(block: Fields, w: _Writer) -> None:
    table = w.document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    label_width = Mm(45)
    widths = (label_width, AREA_WIDTH - label_width)
    ooxml.table_properties(
        table,
        width_pt=AREA_WIDTH.pt,
        borders=dict.fromkeys(ooxml.SIDES, 4),
        margin_pt=Mm(1.5).pt,
    )
    for label, value in block.rows:
        cells = table.add_row().cells
        for cell, width, text, align in zip(
            cells,
            widths,
            (label, value),
            (WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY),
            strict=True,
        ):
            cell.width = width
            p = cell.paragraphs[0]
            _format_cell_paragraph(p, w, align)
            w.run(p, text)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width


def _format_cell_paragraph(p, w: _Writer, align, size: float = SIZE_3) -> None:
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE)
    fmt.space_before = fmt.space_after = Pt(0)
    p.alignment = align
    ooxml.asian_typography(p._p.get_or_add_pPr())
    ooxml.style_run(ooxml.mark_properties(p), w.face("fangsong"), size)


# ---------------------------------------------------------------------------------------------
# Tables and figures

CELL_MARGIN = Mm(1.5)  # left and right, inside every cell
CELL_PAD = 2.0  # pt above and below a cell's text
# a number, a share or an amount, perhaps with its unit: flush right in its column
_NUMBER = re.compile(r"^[+\-−]?[\d,，]*[.．]?\d+\s*(%|％|‰|[\u4e00-\u9fff]{1,2})?$|^[—–\-]+$")


def _caption(text: str, w: _Writer, *, keep_with_next: bool) -> None:
    p = w.paragraph(align=WD_ALIGN_PARAGRAPH.CENTER, size=SIZE_4, role="heiti")
    p.paragraph_format.keep_with_next = keep_with_next
    if keep_with_next:  # a table's caption: a little air between it and the table's top line
        p.paragraph_format.space_after = Pt(3)
    w.run(p, text, "heiti", SIZE_4)


def _numeric_columns(block: Table) -> list[bool]:
    """Columns whose every filled cell is a number (or a dash for none)."""
    columns = []
    for c in range(len(block.header)):
        cells = [row[c].strip() for row in block.rows if row[c].strip()]
        columns.append(bool(cells) and all(_NUMBER.match(cell) for cell in cells))
    return columns


def _text_points(text: str, size: float) -> float:
    """Width in points of a cell's widest line."""
    return max(_width(line) for line in text.split("\n")) * size


def _column_widths(block: Table, numeric: list[bool]) -> tuple[float, list[int]]:
    """The cells' size (4号, or 小四 when 4号 does not fit) and each column's width in twips,
    together as wide as the type area: each column its text's width where they all fit, the
    room left shared in proportion; else every column at least its numbers' (and two
    characters') width and the rest shared by how much more each one wants."""
    area = round(AREA_WIDTH.pt * 20)
    margin = 2 * CELL_MARGIN.pt
    for size in (SIZE_4, SIZE_SMALL_4):
        lines = functools.partial(_text_points, size=size)
        natural, minimum = [], []
        for c, head in enumerate(block.header):
            cells = [row[c] for row in block.rows]
            widest = max([lines(head), *(lines(cell) for cell in cells)])
            natural.append(widest + margin + 1)
            shortest = max([2 * size, *(lines(cell) for cell in cells if numeric[c])])
            minimum.append(min(shortest, widest) + margin + 1)
        if sum(natural) * 20 <= area:
            break
    total = sum(natural)
    if total * 20 <= area:
        widths = [n / total * area for n in natural]
    elif sum(minimum) * 20 <= area:
        room = area - sum(minimum) * 20
        wants = [n - m for n, m in zip(natural, minimum, strict=True)]
        widths = [m * 20 + room * want / sum(wants) for m, want in zip(minimum, wants, strict=True)]
    else:  # more columns than the page holds: each shrinks alike, text wraps
        widths = [m / sum(minimum) * area for m in minimum]
    twips = [int(width) for width in widths]
    twips[-1] += area - sum(twips)
    return size, twips


def _table(block: Table, w: _Writer) -> None:
    _caption(block.caption, w, keep_with_next=True)
    numeric = _numeric_columns(block)
    size, twips = _column_widths(block, numeric)
    table = w.document.add_table(rows=0, cols=len(block.header))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    ooxml.table_properties(
        table,
        width_pt=AREA_WIDTH.pt,
        borders=dict.fromkeys(ooxml.SIDES, 4),  # half a point
        margin_pt=CELL_MARGIN.pt,
    )
    widths = [Emu(t * 635) for t in twips]  # 635 EMU a twip
    line = round(size * 1.4, 1)
    for r, cells in enumerate((block.header, *block.rows)):
        row = table.add_row()
        trPr = row._tr.get_or_add_trPr()
        trPr.append(OxmlElement("w:cantSplit"))  # a row never torn across two pages
        if r == 0:
            trPr.append(OxmlElement("w:tblHeader"))  # repeated at the top of every page
        for c, (cell, width, text) in enumerate(zip(row.cells, widths, cells, strict=True)):
            cell.width = width
            cell.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
            if r == 0:
                align, role = WD_ALIGN_PARAGRAPH.CENTER, "heiti"
            elif numeric[c]:
                align, role = WD_ALIGN_PARAGRAPH.RIGHT, "fangsong"
            else:
                align, role = WD_ALIGN_PARAGRAPH.LEFT, "fangsong"
            p = cell.paragraphs[0]
            _format_cell_paragraph(p, w, align, size=size)
            fmt = p.paragraph_format
            fmt.line_spacing = Pt(line)
            fmt.space_before = fmt.space_after = Pt(CELL_PAD)
            for n, part in enumerate(text.split("\n")):
                if n:
                    w.run(p, "", role, size).add_break()
                w.run(p, part, role, size)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    if block.note:
        note_size = SIZE_SMALL_4 if size == SIZE_4 else SIZE_5
        p = w.paragraph(
            align=WD_ALIGN_PARAGRAPH.JUSTIFY, line=round(note_size * 1.5, 1), size=note_size
        )
        p.paragraph_format.space_before = Pt(3)
        w.run(p, block.note, size=note_size)
    w.blank(1, height=LINE / 2)  # half a line before the text goes on


def _png_size(data: bytes) -> tuple[int, int]:
    """Pixel width and height from the PNG's IHDR chunk."""
    return struct.unpack(">II", data[16:24])


FIGURE_MAX_HEIGHT = Mm(200)  # a figure and its caption fit on one page (225 mm)


def _figure(block: Figure, w: _Writer) -> None:
    width = min(Mm(block.width_mm), AREA_WIDTH)
    pixels_w, pixels_h = _png_size(block.png)
    if pixels_w and width * pixels_h / pixels_w > FIGURE_MAX_HEIGHT:
        width = int(FIGURE_MAX_HEIGHT * pixels_w / pixels_h)
    p = w.paragraph(align=WD_ALIGN_PARAGRAPH.CENTER)
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact line height would crop the picture
    fmt.space_before = Pt(LINE / 4)
    fmt.keep_with_next = True  # the caption stays under its picture
    w.run(p, "").add_picture(io.BytesIO(block.png), width=Emu(int(width)))
    _caption(block.caption, w, keep_with_next=False)
    w.blank(1, height=LINE / 2)


def _attachments(names: tuple[str, ...], w: _Writer) -> None:
    """附件：1.XXXX — 附件 two characters in; later items and wrapped lines aligned with the
    first item's name (7.3.4)."""
    label = 3 * CHAR  # 附件：
    if len(names) == 1:
        p = w.paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, left=2 * CHAR + label, first=-label)
        w.run(p, "附件：" + names[0])
        return
    number = CHAR * (1 if len(names) < 10 else 1.5)  # "1." or "10."
    name_at = 2 * CHAR + label + number
    for n, name in enumerate(names, 1):
        first = -(label + number) if n == 1 else -number
        p = w.paragraph(align=WD_ALIGN_PARAGRAPH.JUSTIFY, left=name_at, first=first)
        p.paragraph_format.tab_stops.add_tab_stop(Pt(name_at), WD_TAB_ALIGNMENT.LEFT)
        w.run(p, ("附件：" if n == 1 else "") + f"{n}.\t{name}")


def _signature(doc: OfficialDocument, w: _Writer) -> None:
    signature = doc.signature or doc.issuer
    date = chinese_date(doc.date) if doc.date_style == "chinese" else arabic_date(doc.date)
    sig_w, date_w = _width(signature), _width(date)
    date_right = max(2.0, sig_w - date_w)  # 成文日期 starts two characters right of 署名 …
    sig_right = date_right + date_w + 2 - sig_w  # … or is two from the edge when it is longer
    w.blank(1)
    for text, right in ((signature, sig_right), (date, date_right)):
        p = w.paragraph(align=WD_ALIGN_PARAGRAPH.RIGHT, right=right * CHAR)
        w.run(p, text)
        if text is signature:
            p.paragraph_format.keep_with_next = True  # never a page between 署名 and 日期


# ---------------------------------------------------------------------------------------------
# 版记


def has_colophon(doc: OfficialDocument) -> bool:
    return bool(doc.copies_to or doc.printed_by)


def _colophon(doc: OfficialDocument, w: _Writer, own_page: bool) -> None:
    """抄送 and 印发 at the foot of the last page: a table floating at the bottom of the type
    area, thick rules first and last, thin between (7.4.1). ``own_page``: on a page of its own,
    without a page number (7.5: a 版记 page has none)."""
    rows = []
    if doc.copies_to:
        rows.append(("copies", "抄送：" + "，".join(doc.copies_to).rstrip("。") + "。"))
    if doc.printed_by:
        rows.append(("printed", doc.printed_by))
    if not rows:
        return
    if own_page:
        w.document.add_section(WD_SECTION.NEW_PAGE)
        # the paragraph that ends the body's section takes no room (it would be a line more)
        ends_body = w.document.paragraphs[-1].paragraph_format
        ends_body.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        ends_body.line_spacing = Pt(1)
        # LibreOffice anchors the floating table to the paragraph before it: one on this page
        w.paragraph(line=1, size=1)
    table = w.document.add_table(rows=0, cols=1)
    table.autofit = False
    ooxml.table_properties(
        table,
        width_pt=AREA_WIDTH.pt,
        borders={"top": 8, "bottom": 8, "insideH": 6},  # 0.35 mm, 0.35 mm, 0.25 mm (7.4)
        floating=ooxml.floating_at_foot(round(LEFT.pt * 20)),
    )
    one = SIZE_4  # one character of 4号
    for kind, text in rows:
        cell = table.add_row().cells[0]
        cell.width = AREA_WIDTH
        p = cell.paragraphs[0]
        _format_cell_paragraph(p, w, WD_ALIGN_PARAGRAPH.JUSTIFY, size=SIZE_4)
        fmt = p.paragraph_format
        fmt.line_spacing = Pt(LINE)
        if kind == "copies":
            fmt.left_indent = Pt(one + 3 * one)  # wrapped lines under the first name
            fmt.first_line_indent = Pt(-3 * one)
            fmt.right_indent = Pt(one)
            w.run(p, text, size=SIZE_4)
        else:
            printed_on = arabic_date(doc.printed_on or doc.date) + "印发"
            fmt.left_indent = Pt(one)
            fmt.right_indent = Pt(one)
            fmt.tab_stops.add_tab_stop(AREA_WIDTH - Pt(one), WD_TAB_ALIGNMENT.RIGHT)
            w.run(p, f"{text}\t{printed_on}", size=SIZE_4)
    table.columns[0].width = AREA_WIDTH
    # a document cannot end with a table; this mark takes no room
    w.paragraph(line=1, size=1)


# ---------------------------------------------------------------------------------------------


def render_docx(doc: OfficialDocument, path: Path, *, colophon_on_own_page: bool = False) -> Path:
    """Write ``doc`` as a .docx at ``path``. The 版记 goes at the foot of the last page, or on a
    page of its own with ``colophon_on_own_page`` (when the last page has no room for it: see
    ``documents.output``)."""
    if doc.date is None:
        raise ValueError("an official document needs its 成文日期 (date)")
    document = Document()
    # the template's one empty paragraph would be a line above the mark
    body = document.element.body
    for p in body.findall(qn("w:p")):
        body.remove(p)
    writer = _Writer(document)
    _default_style(document, writer)
    _set_up_page(document)
    _head(doc, writer)
    _body(doc, writer)
    _colophon(doc, writer, own_page=colophon_on_own_page)
    _page_numbers(document, writer)
    for section in document.sections[1:]:  # the 版记's own page: no page number
        for footer in (section.footer, section.even_page_footer):
            footer.is_linked_to_previous = False
    props = document.core_properties
    props.title, props.subject, props.category = doc.title, doc.number, doc.kind
    props.author = props.last_modified_by = doc.issuer
    props.comments = ""
    props.language = "zh-CN"
    document.save(str(path))
    return Path(path)
