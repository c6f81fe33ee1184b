import pytest

from tests.documents.support import without_libreoffice


@pytest.fixture(autouse=True)
def _stand_in_pdf():
    """Steps that issue documents (the 咨询函 and 复函) render them with a stand-in converter: these
    tests are about the workflow, numbers and access, not about layout, and LibreOffice takes a
    second a document (the browser tests use the real one)."""
    with without_libreoffice():
        yield
