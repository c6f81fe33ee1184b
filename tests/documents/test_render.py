"""Official documents in the layout of GB/T 9704-2012: checked on the PDF LibreOffice makes."""

import datetime as dt
import itertools
import re
import subprocess
import zipfile

import pytest

from liandong.documents import fonts, output, pdf, render
from liandong.documents.render import Fields
from tests.documents.support import OPENING, TITLE, long_sample, needs_libreoffice, pdf_text, sample

MM = 72 / 25.4  # points in a millimetre


@pytest.fixture(scope="module")
def transfer_letter(tmp_path_factory):
    """The sample 移送书 as .docx and .pdf (made once: LibreOffice takes a second)."""
    if not pdf.available():
        pytest.skip("LibreOffice is not installed")
    folder = tmp_path_factory.mktemp("transfer")
    return output.make(sample("泉鲤政财〔2026〕7号"), folder)


@pytest.fixture(scope="module")
def long_letter(tmp_path_factory):
    if not pdf.available():
        pytest.skip("LibreOffice is not installed")
    return output.make(long_sample("泉鲤政财〔2026〕8号"), tmp_path_factory.mktemp("long"))[1]


def _words(path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(x min, y min, x max, y max, text) of every word on ``page``, in points from the top left."""
    xml = pdf_text(path, "-bbox", "-f", str(page), "-l", str(page))
    pattern = (
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [
        (float(a), float(b), float(c), float(d), t) for a, b, c, d, t in re.findall(pattern, xml)
    ]


@needs_libreoffice
def test_it_prints_the_title_number_and_body(transfer_letter):
    _docx, made = transfer_letter
    text = pdf_text(made).replace(" ", "").replace("\n", "")
    assert TITLE in text
    assert "泉鲤政财〔2026〕7号" in text
    assert OPENING in text
    assert "泉州市公安局鲤城分局：" in text
    assert "附件：1." in text
    assert "2026年11月29日" in text
    assert "抄送：泉州市鲤城区人民检察院。" in text
    assert "2026年11月29日印发" in text


@needs_libreoffice
def test_it_is_a4(transfer_letter):
    _docx, made = transfer_letter
    info = subprocess.run(["pdfinfo", str(made)], capture_output=True, text=True, check=True)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout).groups())
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1


@needs_libreoffice
def test_the_body_is_set_in_fangsong_or_its_stand_in(transfer_letter):
    _docx, made = transfer_letter
    listed = subprocess.run(["pdffonts", str(made)], capture_output=True, text=True, check=True)
    names = [line.split()[0] for line in listed.stdout.splitlines()[2:]]
    body = fonts.face("fangsong").family
    expected = ("FangSong", "Fangsong") if body != fonts.NOTO_SERIF else ("NotoSerifCJK",)
    assert any(name.split("+")[-1].startswith(expected) for name in names), names
    assert all(any(e in name for e in ("CJK", "FangSong", "XiaoBiao", "Hei", "Kai", "Song"))
               for name in names), names  # fmt: skip


@needs_libreoffice
def test_the_text_stays_in_the_type_area(transfer_letter):
    """Binding margin 28 mm, type area 156 mm wide, top margin 37 mm, 225 mm tall; the mark's
    top 35 mm below the type area's; punctuation does not hang past the right edge."""
    _docx, made = transfer_letter
    left, right = 28 * MM, (28 + 156) * MM
    top, bottom = 37 * MM, (37 + 225) * MM
    for page in (1, 2, 3):
        words = _words(made, page)
        body = [w for w in words if not w[4].startswith("—") and w[4] not in "123"]
        assert min(w[0] for w in body) >= left - 1
        assert max(w[2] for w in body) <= right + 1
        assert min(w[1] for w in body) >= top - 1
        assert max(w[3] for w in body) <= bottom + 1
    mark = next(w for w in _words(made, 1) if w[4] == "泉州市鲤城区财政局")
    assert 60 * MM < mark[1] < 75 * MM  # the word box starts a little above the glyphs (72 mm)


@needs_libreoffice
def test_full_pages_have_22_lines_of_28_characters(long_letter):
    words = _words(long_letter, 3)  # a page of paragraphs only
    lines = sorted({round(w[1], 0) for w in words if w[3] < (37 + 225) * MM + 1})
    assert len(lines) == 22
    pitches = {round(b - a, 0) for a, b in itertools.pairwise(lines)}
    assert pitches <= {28.0, 29.0, 30.0}
    text = pdf_text(long_letter, "-f", "3", "-l", "3", "-layout")
    widths = [len(line.strip().replace(" ", "")) for line in text.splitlines() if line.strip()]
    assert max(widths) == 28


@needs_libreoffice
def test_page_numbers_are_dashed_odd_right_even_left(long_letter):
    middle = 595 / 2
    for page in (1, 2):
        words = _words(long_letter, page)
        number = [w for w in words if w[4] == str(page)]
        dashes = [w for w in words if w[4] == "—"]
        assert number and len(dashes) == 2
        assert re.search(
            rf"—\s*{page}\s*—", pdf_text(long_letter, "-f", str(page), "-l", str(page))
        )
        # 7 mm below the type area's bottom (262 mm), odd pages right and even pages left
        assert (37 + 225) * MM < number[0][1] < (37 + 225 + 14) * MM
        assert (number[0][0] > middle) == (page % 2 == 1)


@needs_libreoffice
def test_it_saves_page_one_for_a_look(transfer_letter, output_dir):
    _docx, made = transfer_letter
    subprocess.run(
        ["pdftoppm", "-png", "-r", "100", str(made), str(output_dir / "page")],
        check=True,
    )
    (output_dir / "移送书.pdf").write_bytes(made.read_bytes())
    assert (output_dir / "page-1.png").stat().st_size > 10_000


def test_every_run_names_its_east_asian_font(tmp_path):
    docx = render.render_docx(sample("泉鲤政财〔2026〕7号"), tmp_path / "a.docx")
    with zipfile.ZipFile(docx) as z:
        xml = z.read("word/document.xml").decode()
    runs = re.findall(r"<w:r>.*?</w:r>", xml)
    assert runs and all('w:eastAsia="' in run for run in runs)
    assert "w:evenAndOddHeaders" in zipfile.ZipFile(docx).read("word/settings.xml").decode()


def test_dates_are_written_as_the_standard_says():
    day = dt.date(2026, 11, 29)
    assert render.arabic_date(day) == "2026年11月29日"
    assert render.arabic_date(dt.date(2026, 1, 1)) == "2026年1月1日"
    assert render.chinese_date(day) == "二〇二六年十一月二十九日"
    assert render.chinese_date(dt.date(2030, 10, 30)) == "二〇三〇年十月三十日"
    assert [render.chinese_number(n) for n in (1, 10, 12, 20, 31)] == [
        "一",
        "十",
        "十二",
        "二十",
        "三十一",
    ]


def test_the_date_style_can_follow_older_templates(tmp_path):
    docx = render.render_docx(
        sample("泉鲤政财〔2026〕7号", date_style="chinese"), tmp_path / "a.docx"
    )
    xml = zipfile.ZipFile(docx).read("word/document.xml").decode()
    assert "二〇二六年十一月二十九日" in xml
    assert "2026年11月29日印发" in xml  # 印发日期 stays in Arabic numerals (7.4.3)


def test_the_signature_and_date_line_up_as_the_standard_says():
    """Date two characters right of the signature's start, or two from the edge if longer."""
    w = render._width
    for signature, date in (
        ("泉州市鲤城区财政局", "2026年11月29日"),
        ("区财政局", "二〇二六年十一月二十九日"),
    ):
        date_right = max(2.0, w(signature) - w(date))
        sig_right = date_right + w(date) + 2 - w(signature)
        assert min(date_right, sig_right) == 2
        assert (sig_right + w(signature)) - (date_right + w(date)) == 2


@needs_libreoffice
def test_the_signature_never_opens_a_page_of_its_own(transfer_letter):
    """The sample's last page has no room for the 版记 under the 署名 and 成文日期: they stay
    on the body's page and the 版记 takes the last page alone, without a page number."""
    _docx, made = transfer_letter
    pages = [p.replace(" ", "") for p in pdf.page_texts(made)]
    assert len(pages) == 3
    assert "泉州市鲤城区财政局\n2026年11月29日" in pages[1]
    assert pages[2].strip().startswith("抄送：")
    assert "—" not in pages[2]
    words = _words(made, 3)
    assert min(w[1] for w in words) > 230 * MM  # at the foot of the page


def _receipt(*body):
    return sample(
        "泉鲤公〔2026〕3号",
        issuer="泉州市公安局鲤城分局",
        title="涉嫌犯罪案件移送书回执",
        recipients="泉州市鲤城区财政局",
        body=(
            "你局移送的案件及材料已收悉。",
            Fields(
                (
                    ("移送案件", "某中学实验室设备采购项目涉嫌串通投标案"),
                    ("接收时间", "2026年11月30日9时30分"),
                )
            ),
            *body,
        ),
        attachments=(),
        copies_to=("泉州市鲤城区人民检察院",),
        printed_by="泉州市公安局鲤城分局法制大队",
    )


def _colophon(made, page):
    starts = ("抄送", "泉州市公安局鲤城分局法制")
    return [w for w in _words(made, page) if w[4].startswith(starts)]


@needs_libreoffice
def test_a_short_receipt_has_its_colophon_at_the_foot_of_its_page(tmp_path, output_dir):
    _docx, made = output.make(_receipt(), tmp_path)
    assert len(pdf.page_texts(made)) == 1
    colophon = _colophon(made, 1)
    assert len(colophon) == 2 and min(w[1] for w in colophon) > 230 * MM
    image = str(output_dir / "receipt")
    subprocess.run(["pdftoppm", "-png", "-r", "80", str(made), image], check=True)


@needs_libreoffice
def test_a_colophon_without_room_gets_a_page_of_its_own_without_a_number(tmp_path):
    _docx, made = output.make(_receipt("接收人：林志强。", "联系电话：0595-22561110。"), tmp_path)
    pages = pdf.page_texts(made)
    assert len(pages) == 2
    assert "2026年11月29日" in pages[0].replace(" ", "") and "—1—" in pages[0]
    assert pages[1].strip().startswith("抄送：") and "—" not in pages[1]
    assert min(w[1] for w in _colophon(made, 2)) > 230 * MM
