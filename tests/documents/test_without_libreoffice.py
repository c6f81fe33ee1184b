"""A server without LibreOffice or CJK fonts (a developer's fresh machine): documents are issued
as Word files alone and say so; in production they are refused; the system checks name the
Debian packages that put it right."""

import pytest
from django.test import Client

from liandong.audit.models import AuditEntry
from liandong.documents import checks, fonts, pdf
from liandong.documents.models import DocumentFileCheck
from liandong.evidence import integrity
from tests.documents.support import handled_case, issue

pytestmark = pytest.mark.converter  # documents.pdf as it is, on a machine without soffice


@pytest.fixture
def no_libreoffice(monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: None)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_document_is_issued_as_a_word_file_alone(cast, no_libreoffice):
    document = issue(cast)
    assert document.formats == ("docx",) and not document.has_pdf
    assert (document.pdf_sha256, document.pdf_sm3, document.pdf_size) == ("", "", 0)
    assert document.docx_size > 0
    entry = AuditEntry.objects.get(action="documents.document.issue", outcome="ok")
    assert entry.after["pdf_sm3"] == ""


def test_the_case_page_says_there_is_no_pdf_and_offers_the_word_file(cast, no_libreoffice):
    document = issue(cast)
    html = _client(cast.fin_officer).get(f"/cases/{document.case_id}/").content.decode()
    assert "无 PDF" in html and "只生成了 Word 文件" in html
    assert f"/documents/{document.pk}/docx/" in html
    assert f"/documents/{document.pk}/pdf/" not in html


def test_asking_for_the_missing_pdf_is_refused_with_the_reason(cast, no_libreoffice):
    document = issue(cast)
    client = _client(cast.fin_officer)
    page = client.get(f"/documents/{document.pk}/pdf/")
    assert page.status_code == 409
    assert "没有 PDF 文件，请下载 Word 文件" in page.content.decode()
    assert client.get(f"/documents/{document.pk}/docx/").status_code == 200

    described = client.get(f"/api/v1/documents/{document.pk}").json()
    assert described["pdf"] is None and described["docx"]["size"] == document.docx_size
    refused = client.get(f"/api/v1/documents/{document.pk}/pdf")
    assert refused.status_code == 422
    assert refused.json()["details"][0]["type"] == "no_pdf"


def test_the_integrity_sweep_checks_the_word_file_only(cast, no_libreoffice):
    document = issue(cast)
    assert integrity.sweep() == {"checked": 1, "bytes": document.docx_size, "failed": 0}
    assert list(DocumentFileCheck.objects.values_list("format", flat=True)) == ["docx"]


def test_in_production_nothing_is_issued_without_the_pdf(cast, no_libreoffice, settings):
    settings.DOCUMENTS_PDF_REQUIRED = True
    case = handled_case(cast)
    with pytest.raises(pdf.ConverterMissing, match="libreoffice-writer-nogui"):
        issue(cast, case)
    assert not case.documents.exists()


def test_the_checks_name_what_to_install(no_libreoffice, monkeypatch, settings):
    monkeypatch.setattr(fonts, "cjk_installed", lambda: False)
    found = {m.id: m for m in checks.system_packages()}
    assert set(found) == {"documents.W001", "documents.W003"}
    assert found["documents.W001"].obj == "libreoffice-writer-nogui"
    assert found["documents.W003"].hint == "apt-get install --no-install-recommends fonts-noto-cjk"
    settings.DOCUMENTS_PDF_REQUIRED = True
    assert {m.id for m in checks.system_packages()} == {"documents.E001", "documents.W003"}


def test_with_everything_installed_the_checks_are_quiet(monkeypatch):
    monkeypatch.setattr(pdf, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(checks.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(fonts, "cjk_installed", lambda: True)
    assert checks.system_packages() == []
