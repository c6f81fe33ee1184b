"""The PDF converter: a clear error without LibreOffice, a killed conversion past its time."""

import time

import pytest

from liandong.documents import pdf

pytestmark = pytest.mark.converter  # documents.pdf itself, with a fake soffice or none


def test_without_libreoffice_it_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert not pdf.available()
    with pytest.raises(pdf.ConverterMissing, match="libreoffice-writer-nogui"):
        pdf.convert(tmp_path / "a.docx")


def test_a_conversion_that_hangs_is_killed(monkeypatch, tmp_path):
    hanging = tmp_path / "soffice"
    # like soffice, it starts a child that would outlive a kill of the parent alone
    hanging.write_text("#!/bin/sh\nsleep 60 &\nsleep 60\n")
    hanging.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(hanging))
    started = time.monotonic()
    with pytest.raises(pdf.ConversionError, match="超时"):
        pdf.convert(tmp_path / "a.docx", timeout=1)
    assert time.monotonic() - started < 10


def test_a_failed_conversion_reports_libreoffice_s_words(monkeypatch, tmp_path):
    failing = tmp_path / "soffice"
    failing.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n")
    failing.chmod(0o755)
    monkeypatch.setattr(pdf, "soffice", lambda: str(failing))
    with pytest.raises(pdf.ConversionError, match="source file could not be loaded"):
        pdf.convert(tmp_path / "a.docx")
