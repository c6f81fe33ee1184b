"""The 涉嫌犯罪案件移送书 the transfer issues, opened as PDF: GB/T 9704 layout — title, number
代字〔2026〕N号, body in 仿宋 (or its Noto stand-in), page numbers, A4, 抄送 the procuratorate."""

import re
import shutil
import subprocess

from liandong.documents import fonts
from liandong.documents.files import open_file
from liandong.documents.models import IssuedDocument
from tests.documents.support import needs_libreoffice, pdf_text
from tests.transfers.support import sent


@needs_libreoffice
def test_the_transfer_letter_follows_the_layout(cast, output_dir):
    transfer = sent(cast)
    letter = IssuedDocument.objects.about(transfer).get(kind="criminal_transfer")
    path = output_dir / "移送书.pdf"
    with open_file(letter, "pdf") as source, path.open("wb") as target:
        shutil.copyfileobj(source, target)

    text = pdf_text(path)
    flat = "".join(text.split())
    assert re.search(r"泉鲤政财〔2026〕[1-9]\d*号", flat)
    assert letter.number in flat and "涉嫌犯罪案件移送书" in flat
    assert "泉州市公安局鲤城分局：" in flat
    assert "抄送：泉州市鲤城区人民检察院" in flat
    assert "附件：1.涉嫌犯罪案件情况的调查报告" in flat
    assert "—1—" in flat  # page numbers with dashes

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout).groups())
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1  # A4

    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    names = [line.split()[0] for line in listed.stdout.splitlines()[2:]]
    body = fonts.face("fangsong").family
    expected = ("FangSong", "Fangsong") if body != fonts.NOTO_SERIF else ("NotoSerifCJK",)
    assert any(name.split("+")[-1].startswith(expected) for name in names), names

    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            "1",
            "-l",
            "1",
            str(path),
            str(output_dir / "移送书"),
        ],
        check=True,
    )
    assert next(output_dir.glob("移送书*.png")).stat().st_size > 10_000
