"""Tables and figures in an official document: read back from the .docx (python-docx) and
checked on the PDF LibreOffice makes."""

import json
import re
import struct
import subprocess

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from liandong.core.crypto import sm3_hex
from liandong.documents import output, pdf, render
from liandong.documents.render import Figure, Heading, Table
from liandong.reports import chart_png, charts
from tests.documents.support import needs_libreoffice, pdf_text, sample

MM = 72 / 25.4  # points in a millimetre
DEPARTMENTS = (
    "区财政局",
    "公安分局",
    "区人民检察院",
    "区市场监督管理局",
    "区审计局",
    "区纪委监委派驻第一纪检监察组",
)
HEADER = ("部门", "受理", "办结", "移送", "按期办结率", "平均用时（天）", "金额（万元）", "备注")
CAPTION = "表1 2026年各部门案件办理情况"
FIGURE = "图1 2026年各月受理与办结案件数"


def _rows(count: int) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            DEPARTMENTS[i % len(DEPARTMENTS)]
            + (f"（{i // len(DEPARTMENTS) + 1}）" if i > 5 else ""),
            str(3 + i * 7 % 23),
            str(2 + i * 5 % 19),
            str(i % 4),
            f"{90 + i % 10}.5%",
            f"{12 + i % 9}.{i % 10}",
            f"{(i + 1) * 37.25:,.2f}",
            "含2件跨区域协作" if i % 5 == 0 else "",
        )
        for i in range(count)
    )


def _chart_png() -> bytes:
    chart = charts.Chart(
        "",  # the figure's caption names it
        tuple(f"{m}月" for m in range(1, 13)),
        (
            charts.Series("受理", (3, 5, 2, 8, 12, 7, 4, 9, 11, 6, 5, 10)),
            charts.Series("办结", (2, 4, 2, 6, 10, 7, 3, 8, 9, 6, 4, 8)),
        ),
        unit="件",
    )
    return chart_png.png(chart, width_mm=150, dpi=200)


def _report(rows: int = 6, figure_width: float = 150) -> render.OfficialDocument:
    return sample(
        "泉鲤政财〔2026〕21号",
        title="2026年1—6月政府采购领域联动执法运行情况报告",
        recipients="泉州市鲤城区人民政府",
        body=(
            "现将2026年1—6月政府采购领域联动执法平台运行情况报告如下。",
            Heading("案件办理情况"),
            "各成员单位依托平台共受理案件103件，办结86件，移送司法机关4件。",
            Table(CAPTION, HEADER, _rows(rows), note="注：按期办结率以法定期限计算。"),
            "从办理时长看，各单位平均用时较上年同期缩短2.3天。",
            Figure(FIGURE, _chart_png(), figure_width),
            "下一步，我局将会同各成员单位进一步完善线索移送和协作机制。",
        ),
        attachments=(),
        copies_to=(),
        printed_by="",
    )


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory):
    return render.render_docx(_report(), tmp_path_factory.mktemp("blocks") / "report.docx")


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory):
    """A report with a 40-row table (it spans pages) and a figure, as .docx and .pdf."""
    if not pdf.available():
        pytest.skip("LibreOffice is not installed")
    return output.make(_report(rows=40), tmp_path_factory.mktemp("blocks-pdf"))


def _data_table(document):
    return next(t for t in document.tables if t.cell(0, 0).text == "部门")


# ---------------------------------------------------------------------------------------------
# .docx


def test_the_table_holds_its_cells_under_its_caption(report_docx):
    document = docx.Document(str(report_docx))
    table = _data_table(document)
    assert [c.text for c in table.rows[0].cells] == list(HEADER)
    assert [c.text for c in table.rows[1].cells] == list(_rows(6)[0])
    assert len(table.rows) == 7
    texts = [p.text for p in document.paragraphs]
    caption = texts.index(CAPTION)
    assert texts[caption + 1] == "注：按期办结率以法定期限计算。"  # the table lies between
    assert document.paragraphs[caption].paragraph_format.keep_with_next


def test_the_header_row_repeats_and_rows_do_not_split(report_docx):
    table = _data_table(docx.Document(str(report_docx)))
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])


def test_the_table_is_as_wide_as_the_type_area(report_docx):
    table = _data_table(docx.Document(str(report_docx)))
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    twips = [int(col.get(qn("w:w"))) for col in grid]
    assert sum(twips) == round(156 * MM * 20)
    assert min(twips) > 8 * MM * 20  # every column readable
    assert twips[HEADER.index("备注")] > twips[HEADER.index("移送")]  # sized to content


def test_numbers_are_flush_right_text_left_headers_centred(report_docx):
    table = _data_table(docx.Document(str(report_docx)))
    row = table.rows[1].cells
    align = [cell.paragraphs[0].alignment for cell in row]
    assert align[0] == WD_ALIGN_PARAGRAPH.LEFT
    assert align[1:7] == [WD_ALIGN_PARAGRAPH.RIGHT] * 6  # counts, shares, amounts
    assert align[7] == WD_ALIGN_PARAGRAPH.LEFT
    assert {c.paragraphs[0].alignment for c in table.rows[0].cells} == {WD_ALIGN_PARAGRAPH.CENTER}


def test_cells_name_their_fonts(report_docx):
    table = _data_table(docx.Document(str(report_docx)))
    header = table.rows[0].cells[0].paragraphs[0].runs[0]._element
    cell = table.rows[1].cells[0].paragraphs[0].runs[0]._element
    heiti = render.fonts.face("heiti").family
    fangsong = render.fonts.face("fangsong").family
    assert header.rPr.rFonts.get(qn("w:eastAsia")) == heiti
    assert cell.rPr.rFonts.get(qn("w:eastAsia")) == fangsong
    assert cell.rPr.sz_val.pt in (render.SIZE_4, render.SIZE_SMALL_4)


def test_the_figure_is_centred_at_its_width_with_its_caption_below(report_docx):
    document = docx.Document(str(report_docx))
    (picture,) = document.inline_shapes
    assert abs(picture.width - Mm(150)) < Mm(0.1)
    paragraphs = document.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p._p.xpath(".//pic:pic"))
    assert paragraphs[at].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraphs[at].paragraph_format.keep_with_next
    assert paragraphs[at + 1].text == FIGURE
    assert paragraphs[at + 1].alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_a_figure_is_never_wider_than_the_type_area(tmp_path):
    made = render.render_docx(_report(figure_width=250), tmp_path / "wide.docx")
    (picture,) = docx.Document(str(made)).inline_shapes
    assert abs(picture.width - Mm(156)) < Mm(0.1)


def test_a_tall_figure_fits_on_a_page(tmp_path):
    tall = chart_png.png(
        charts.Chart(
            "各部门案件数",
            tuple(f"部门{i}" for i in range(60)),
            (charts.Series("案件", tuple(range(60))),),
            kind="hbar",
        ),
        width_mm=150,
        dpi=72,
    )
    width, height = struct.unpack(">II", tall[16:24])
    # a picture three times as tall as wide stands 200 mm tall at most
    squeezed = tall[:16] + struct.pack(">II", width, width * 3) + tall[24:]
    doc = sample("", body=(Figure("图2 各部门案件数", squeezed),), copies_to=(), printed_by="")
    (picture,) = docx.Document(str(render.render_docx(doc, tmp_path / "t.docx"))).inline_shapes
    assert picture.height <= Mm(200.1)
    assert height > 0


def test_a_wide_table_shrinks_its_type_and_still_fits(tmp_path):
    header = tuple(f"第{n}项指标名称" for n in range(1, 11))
    rows = tuple(tuple(f"{r * c}.25" for c in range(10)) for r in range(5))
    doc = sample("", body=(Table("表2 指标", header, rows),), copies_to=(), printed_by="")
    table = docx.Document(str(render.render_docx(doc, tmp_path / "wide.docx"))).tables[0]
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == round(156 * MM * 20)
    size = table.rows[1].cells[0].paragraphs[0].runs[0]._element.rPr.sz_val.pt
    assert size == render.SIZE_SMALL_4


def test_the_json_keeps_the_table_and_the_figure_s_digest():
    content = _report()
    body = content.to_json()["body"]
    table = next(b for b in body if isinstance(b, dict) and "table" in b)
    assert table == {
        "table": CAPTION,
        "header": list(HEADER),
        "rows": [list(row) for row in _rows(6)],
        "note": "注：按期办结率以法定期限计算。",
    }
    figure = next(b for b in body if isinstance(b, dict) and "figure" in b)
    png = next(b for b in content.body if isinstance(b, Figure)).png
    assert figure == {"figure": FIGURE, "png_sm3": sm3_hex(png), "width_mm": 150}
    assert len(json.dumps(content.to_json())) < 5_000  # no image bytes, in JSON or repr
    assert len(repr(content)) < 5_000


def test_blocks_refuse_what_they_cannot_print():
    with pytest.raises(ValueError, match="columns"):
        Table("表", ("a", "b"), (("1",),))
    with pytest.raises(ValueError, match="PNG"):
        Figure("图", b"GIF89a")


# ---------------------------------------------------------------------------------------------
# PDF


def _words(path, page: int) -> list[tuple[float, float, float, float, str]]:
    xml = pdf_text(path, "-bbox", "-f", str(page), "-l", str(page))
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(pattern, xml)
    ]


@needs_libreoffice
def test_the_pdf_prints_the_captions_and_cells(report_pdf):
    _docx, made = report_pdf
    text = pdf_text(made).replace(" ", "").replace("\n", "")
    assert CAPTION.replace(" ", "") in text
    assert FIGURE.replace(" ", "") in text
    for cell in (
        "区人民检察院",
        "按期办结率",
        "1,490.00",
        "96.5%",
        "注：按期办结率以法定期限计算。",
    ):
        assert cell in text, cell


@needs_libreoffice
def test_a_long_table_repeats_its_header_on_the_next_page(report_pdf):
    _docx, made = report_pdf
    pages = [p.replace(" ", "") for p in pdf.page_texts(made)]
    with_rows = [p for p in pages if "区审计局" in p]
    assert len(with_rows) >= 2  # 40 rows span pages
    assert all("平均用时" in p for p in with_rows)


@needs_libreoffice
def test_tables_and_figures_stay_in_the_type_area(report_pdf):
    _docx, made = report_pdf
    left, right = 28 * MM, (28 + 156) * MM
    top, bottom = 37 * MM, (37 + 225) * MM
    for page in range(1, len(pdf.page_texts(made)) + 1):
        words = [w for w in _words(made, page) if not re.fullmatch(r"—|\d+", w[4])]
        assert min(w[0] for w in words) >= left - 1, page
        assert max(w[2] for w in words) <= right + 1, page
        assert min(w[1] for w in words) >= top - 1, page
        assert max(w[3] for w in words) <= bottom + 1, page


@needs_libreoffice
def test_it_saves_the_pages_for_a_look(report_pdf, output_dir):
    _docx, made = report_pdf
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", str(made), str(output_dir / "page")], check=True
    )
    (output_dir / "运行情况报告.pdf").write_bytes(made.read_bytes())
    assert len(list(output_dir.glob("page-*.png"))) >= 3
