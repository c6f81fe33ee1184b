"""WordprocessingML that python-docx has no API for: run fonts for every script, character
spacing, paragraph borders, fields, table properties, East Asian typography.

Elements go where the schema orders them (Word refuses a file whose w:rPr or w:pPr children are
out of order): each insertion names the elements that must follow it.
"""

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from liandong.documents.fonts import Face

_RPR_TAIL = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_RPR_AFTER_SZCS = (
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    *_RPR_TAIL,
)
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", *_RPR_AFTER_SZCS)
_RPR_AFTER_BCS = (
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    *_RPR_AFTER_SPACING,
)
# w:pPr children from w:pBdr on, in schema order
_PPR_FROM_BORDER = (
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _after(sequence: tuple[str, ...], name: str) -> tuple[str, ...]:
    return sequence[sequence.index(name) + 1 :]


def mark_properties(paragraph):
    """The w:rPr of a paragraph's mark (its font and size; an empty line is as tall as they)."""
    pPr = paragraph._p.get_or_add_pPr()
    rPr = pPr.find(qn("w:rPr"))
    if rPr is None:
        rPr = pPr.insert_element_before(OxmlElement("w:rPr"), "w:sectPr", "w:pPrChange")
    return rPr


def style_run(
    element,
    face: Face,
    size: float,
    *,
    color: str | None = None,
    spacing: float | None = None,
    bold: bool | None = None,
) -> None:
    """Font (every script, the East Asian one explicitly), size in points, weight, colour and
    character spacing in points of a run (``element``: a w:r, or a w:rPr)."""
    rPr = element if element.tag == qn("w:rPr") else element.get_or_add_rPr()
    fonts = rPr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), face.family)
    fonts.set(qn("w:hint"), "eastAsia")
    if face.bold if bold is None else bold:
        rPr.get_or_add_b().set(qn("w:val"), "1")
        rPr.insert_element_before(OxmlElement("w:bCs"), *_RPR_AFTER_BCS)
    if color is not None:
        rPr.get_or_add_color().set(qn("w:val"), color)
    if spacing:
        el = OxmlElement("w:spacing")
        el.set(qn("w:val"), str(round(spacing * 20)))  # twentieths of a point
        rPr.insert_element_before(el, *_RPR_AFTER_SPACING)
    rPr.get_or_add_sz().set(qn("w:val"), str(round(size * 2)))  # half-points
    size_cs = OxmlElement("w:szCs")
    size_cs.set(qn("w:val"), str(round(size * 2)))
    rPr.insert_element_before(size_cs, *_RPR_AFTER_SZCS)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rPr.insert_element_before(lang, *_RPR_TAIL)


def asian_typography(pPr) -> None:
    """No punctuation hanging past the type area's edge (28 characters a line, not 29); no extra
    space between Chinese and Latin letters or digits (Word; LibreOffice ignores these two).

    LibreOffice (7.4, writerfilter's DomainMapper) reads w:overflowPunct inverted: "1" turns its
    hanging punctuation off. Word's default is "1", so Word is left as it would be anyway."""
    for name, value in (("w:overflowPunct", "1"), ("w:autoSpaceDE", "0"), ("w:autoSpaceDN", "0")):
        if pPr.find(qn(name)) is None:
            el = OxmlElement(name)
            el.set(qn("w:val"), value)
            pPr.insert_element_before(el, *_after(_PPR_FROM_BORDER, name))


def border(side: str, *, eighths: int, color: str = "000000", space: int = 0):
    """A single line of ``eighths`` of a point, ``space`` points from the text."""
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(eighths))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    return el


def paragraph_border(paragraph, side: str, **kwargs) -> None:
    pPr = paragraph._p.get_or_add_pPr()
    borders = pPr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        pPr.insert_element_before(borders, *_after(_PPR_FROM_BORDER, "w:pBdr"))
    borders.append(border(side, **kwargs))


def field(add_run, instruction: str, shown: str) -> None:
    """A field (e.g. PAGE): begin, instruction, separate, the value shown until updated, end.
    ``add_run(text)`` adds a styled run to the paragraph and returns it."""

    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        add_run("")._element.append(el)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    add_run("")._element.append(instr)
    char("separate")
    add_run(shown)
    char("end")


SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def table_properties(
    table, *, width_pt: float, borders: dict[str, int], margin_pt: float = 0, floating=None
) -> None:
    """Rewrite a table's w:tblPr: ``width_pt`` wide and centred, fixed layout, the given borders
    (side → eighths of a point; the others none), left and right cell margins, and floating
    when ``floating`` (a w:tblpPr) is given."""
    tblPr = table._tbl.tblPr
    for child in list(tblPr):
        tblPr.remove(child)
    if floating is not None:
        tblPr.append(floating)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(round(width_pt * 20)))
    width.set(qn("w:type"), "dxa")
    tblPr.append(width)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    tblPr.append(jc)
    lines = OxmlElement("w:tblBorders")
    for side in SIDES:
        if side in borders:
            lines.append(border(side, eighths=borders[side]))
        else:
            none = OxmlElement(f"w:{side}")
            none.set(qn("w:val"), "nil")
            lines.append(none)
    tblPr.append(lines)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(margin_pt * 20)))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblPr.append(margins)


def floating_at_foot(x_twips: int):
    """A w:tblpPr: the table floats at the foot of the type area, ``x_twips`` from the page's
    left edge. LibreOffice floats a table as wide as the type area only when it is placed from
    the page's edge (otherwise it makes it an ordinary table), and anchors it to the paragraph
    before it."""
    el = OxmlElement("w:tblpPr")
    for attr, value in (
        ("w:leftFromText", "0"),
        ("w:rightFromText", "0"),
        ("w:topFromText", "0"),
        ("w:bottomFromText", "0"),
        ("w:vertAnchor", "margin"),
        ("w:horzAnchor", "page"),
        ("w:tblpX", str(x_twips)),
        ("w:tblpYSpec", "bottom"),
    ):
        el.set(qn(attr), value)
    return el
