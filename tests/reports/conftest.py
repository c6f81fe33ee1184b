import pytest

from tests.documents.support import without_libreoffice


@pytest.fixture(autouse=True)
def _stand_in_pdf():
    """Letters and reports are issued with a stand-in converter: these tests are about the
    figures, not about layout (tests/browser/test_reports.py renders the real PDF)."""
    with without_libreoffice():
        yield
