"""The files of issued documents in the integrity sweep (``evidence.integrity``): each .docx and
.pdf is re-hashed on the evidence files' schedule and within the same byte budget. A document is
never changed, so what the sweep finds is kept in its ``DocumentFileCheck`` rows, made here the
first time the sweep meets the document."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from liandong.documents import actions, files
from liandong.documents.models import DocumentFileCheck, IssuedDocument
from liandong.evidence import integrity


def _add_new_documents() -> None:
    """A check row for each file of a document issued since the last run (bookkeeping; safe
    when two workers do it at once)."""
    for fmt in files.FORMATS:
        unchecked = IssuedDocument.objects.filter(
            ~Exists(DocumentFileCheck.objects.filter(document=OuterRef("pk"), format=fmt))
        )
        if fmt == "pdf":
            unchecked = unchecked.exclude(pdf_sha256="")  # issued without a PDF
        unchecked = unchecked.values_list("pk", flat=True)
        DocumentFileCheck.objects.bulk_create(
            [DocumentFileCheck(document_id=pk, format=fmt) for pk in unchecked],
            batch_size=500,
            ignore_conflicts=True,
        )


def due(now: dt.datetime) -> QuerySet:
    """The files of documents due for a check at ``now``, as ``integrity.due_rows`` orders them."""
    _add_new_documents()
    rows = DocumentFileCheck.objects.select_related("document").defer("document__content")
    return integrity.due_rows(rows, now)


FILES = integrity.Source(
    due=due,
    size=lambda check: getattr(check.document, f"{check.format}_size"),
    check=lambda check: files.verify(check.document, check.format),
    record=lambda check, found, detail: actions.record_check(
        check, found=found, detail=detail, acting_user=None
    ),
    describe=lambda check: (
        f"document {check.document.number} {check.format} file "
        f"{getattr(check.document, f'{check.format}_sha256')}"
    ),
)
