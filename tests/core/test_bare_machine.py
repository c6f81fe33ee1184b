"""A fresh machine has Python 3.11 and make, and none of the Debian packages the documents and
charts use: `liandong demo` completes there all the same — documents as Word files, charts in
matplotlib's own font — and says once what is missing and the command that installs it."""

import sqlite3

from tests import processes


def test_the_demo_completes_and_says_once_what_to_install(demo_var):
    said = (demo_var / processes.DEMO_OUTPUT).read_text()
    assert said.count("apt-get install") == 1
    assert "未安装 LibreOffice：公文只生成 Word 文件（.docx），没有 PDF。" in said
    assert "没有中文字体" in said
    assert (
        "apt-get update && apt-get install --no-install-recommends "
        "fonts-noto-cjk libreoffice-writer-nogui"
    ) in said
    for part in (  # the parts that issue documents or draw charts ran too
        "演示咨询：3 件",
        "演示协查：2 件",
        "演示移送：4 件",
        "演示联席会议：2 次",
        "演示运行情况报告：2 份",
    ):
        assert part in said


def test_its_documents_are_word_files_and_its_report_has_its_charts(demo_var):
    with sqlite3.connect(demo_var / processes.DATABASE) as db:
        issued, without_pdf = db.execute(
            "SELECT count(*), sum(pdf_sha256 = '' AND pdf_size = 0) FROM documents_issueddocument"
        ).fetchone()
        (report,) = db.execute(
            "SELECT d.content FROM reports_operationreport r "
            "JOIN documents_issueddocument d ON d.id = r.document_id"
        ).fetchone()
    assert issued >= 10 and without_pdf == issued
    assert report.count('"png_sm3"') >= 4  # the charts were drawn, in the fallback font
