"""Permission matrix entries of the issued documents' downloads and API."""

from tests.cases.permissions import FIN_READERS
from tests.documents.support import issue
from tests.matrix import ACCOUNTS, Endpoint, Route

POLICE = frozenset({"psb_liaison", "psb_officer"})  # the recipient department
READERS = FIN_READERS | POLICE
# the procuratorate passes the gate here and finds the document not its own (not copied to it)
OTHERS = ACCOUNTS - READERS


def _document(cast) -> int:
    return issue(cast).pk


ROUTES = [
    Route(
        name,
        kwargs=lambda c: {"pk": _document(c)},
        allowed=READERS,
        hidden=OTHERS,
        audit="documents.document.download",
    )
    for name in ("documents:pdf", "documents:docx")
]

ENDPOINTS = [
    Endpoint(
        "GET",
        "/api/v1/documents/{document_id}",
        params=lambda c: {"document_id": _document(c)},
        allowed=READERS,
        hidden=OTHERS,
    ),
    *(
        Endpoint(
            "GET",
            f"/api/v1/documents/{{document_id}}/{fmt}",
            params=lambda c: {"document_id": _document(c)},
            allowed=READERS,
            hidden=OTHERS,
            audit="documents.document.download",
        )
        for fmt in ("pdf", "docx")
    ),
]
