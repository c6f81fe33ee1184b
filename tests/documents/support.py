"""What the document tests share: a sample 涉嫌犯罪案件移送书, LibreOffice or a stand-in,
and the PDF tools."""

import contextlib
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest

from liandong.cases import actions as cases
from liandong.documents import pdf
from liandong.documents.render import Fields, Heading, Items, OfficialDocument

_libreoffice_installed = pytest.mark.skipif(
    not pdf.available() or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) or poppler-utils is not installed: PDF tests skipped "
    "(make test installs them when run as root: apt-get install libreoffice-writer-nogui "
    "poppler-utils)",
)


def needs_libreoffice(test):
    """``test`` is about the PDF itself: it runs the real LibreOffice (and is skipped without it
    and poppler). Every other test renders with the stand-in (``without_libreoffice``, put in
    place for each test by tests/conftest.py)."""
    return pytest.mark.converter(_libreoffice_installed(test))


TITLE = "涉嫌犯罪案件移送书"
OPENING = (
    "我局在查处泉州市某某中学实验室设备采购项目（项目编号：QZLC-2026-0117）投标人串通投标一案中"
)
BODY = (
    OPENING + "，发现泉州某某科技有限公司、福建某某贸易有限公司等3家供应商涉嫌串通投标，"
    "中标金额386.5万元，损害国家利益和其他投标人的合法权益，其行为涉嫌构成串通投标罪。",
    "根据《中华人民共和国刑法》第二百二十三条和《行政执法机关移送涉嫌犯罪案件的规定》"
    "（国务院令第310号）第三条的规定，现将该案移送你局，请依法审查，并自受理之日起三日内"
    "作出立案或者不予立案的决定，书面告知我局。",
    Heading("案件基本情况"),
    "2026年9月，我局接到实名举报，反映该项目投标人之间存在串通投标行为。经调取开标记录、"
    "投标文件及电子投标文件制作机器码等证据，发现3家投标人的投标文件由同一单位编制，"
    "投标报价呈规律性差异，投标保证金从同一账户转出。",
    Heading("移送材料", 2),
    Items(("涉嫌犯罪案件情况的调查报告；", "涉案物品清单；", "有关检验报告或者鉴定意见。")),
    Fields(
        (
            ("案件名称", "某中学实验室设备采购项目涉嫌串通投标案"),
            ("移送单位联系人", "陈志远"),
            ("联系电话", "0595-22561234"),
        )
    ),
)


def sample(number: str = "", **overrides) -> OfficialDocument:
    data = {
        "kind": TITLE,
        "issuer": "泉州市鲤城区财政局",
        "number": number,
        "title": TITLE,
        "recipients": "泉州市公安局鲤城分局",
        "body": BODY,
        "date": dt.date(2026, 11, 29),
        "attachments": (
            "涉嫌犯罪案件情况的调查报告",
            "涉案物品清单",
            "有关检验报告或者鉴定意见",
        ),
        "copies_to": ("泉州市鲤城区人民检察院",),
        "printed_by": "泉州市鲤城区财政局办公室",
    }
    data.update(overrides)
    return OfficialDocument(**data)


def long_sample(number: str = "", paragraphs: int = 12) -> OfficialDocument:
    """A sample of three pages or more."""
    extra = tuple(
        f"（{n}）经查，采购人、采购代理机构和供应商在政府采购活动中相互串通，"
        "约定投标报价、轮流中标，扰乱政府采购市场秩序，损害国家利益和其他投标人的合法权益。"
        for n in range(1, paragraphs + 1)
    )
    return sample(number, body=BODY + extra)


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@contextlib.contextmanager
def without_libreoffice():
    """A stand-in converter (a fixed tiny PDF) for tests about numbers, storage and access,
    which need no layout and no second of LibreOffice per document. It stands in on a machine
    without LibreOffice too, so that such tests issue documents with a PDF everywhere."""

    def convert(docx, outdir=None, **kwargs):
        target = Path(outdir or Path(docx).parent) / (Path(docx).stem + ".pdf")
        # the docx's own bytes make each stand-in PDF differ as the documents do
        target.write_bytes(PDF + b"%" + Path(docx).read_bytes()[-64:].hex().encode() + b"\n")
        return target

    with (
        mock.patch.object(pdf, "soffice", lambda: "soffice"),
        mock.patch.object(pdf, "convert", convert),
        mock.patch.object(pdf, "page_texts", lambda path: None),
    ):
        yield


def handled_case(cast, confidential=False):
    """A FIN case handled by fin_officer."""
    case = cases.register_case(
        cast.fin,
        title="某中学实验室设备采购项目涉嫌串通投标",
        source="report",
        acting_user=cast.fin_officer,
    )
    cases.assign_officers(case, officers=[cast.fin_officer], acting_user=cast.fin_head)
    if confidential:
        cases.update_case(
            case, confidential=True, expected_version=case.version, acting_user=cast.fin_head
        )
        case.refresh_from_db()
    return case


def issue(cast, case=None, **overrides):
    """A 涉嫌犯罪案件移送书 issued by fin_officer to the police (with the stand-in PDF, unless the
    test needs LibreOffice)."""
    from liandong.documents import actions

    arguments = {
        "department": cast.fin,
        "kind": "criminal_transfer",
        "case": case if case is not None else handled_case(cast),
        "recipient": cast.psb,
        "acting_user": cast.fin_officer,
    }
    arguments.update(overrides)
    return actions.issue_document(sample(), **arguments)


def pdf_text(path: Path, *args: str) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
