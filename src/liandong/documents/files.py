"""The stored files of issued documents."""

from django.http import FileResponse, Http404

from liandong.documents.models import DocumentFileCheck, IssuedDocument
from liandong.evidence import storage

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def open_file(document: IssuedDocument, fmt: str):
    """The stored .pdf or .docx of ``document``, opened for reading (FileNotFoundError if gone)."""
    return storage.open_blob(getattr(document, f"{fmt}_sha256"))


def verify(document: IssuedDocument, fmt: str) -> tuple[storage.Integrity, str]:
    """Whether the stored ``fmt`` file still has the digests and size recorded at issue."""
    return storage.verify(
        getattr(document, f"{fmt}_sha256"),
        getattr(document, f"{fmt}_sm3"),
        getattr(document, f"{fmt}_size"),
    )


def check(document: IssuedDocument) -> list[str]:
    """The formats whose stored file no longer matches the digests recorded at issue."""
    return [fmt for fmt in document.formats if verify(document, fmt)[0] != storage.Integrity.OK]


def damaged(document: IssuedDocument, fmt: str) -> bool:
    """Whether the integrity sweep found the stored ``fmt`` file of ``document`` changed or gone."""
    return DocumentFileCheck.objects.filter(
        document=document, format=fmt, integrity__in=storage.DAMAGED
    ).exists()


def response(document: IssuedDocument, fmt: str) -> FileResponse:
    """The file as a download, with its SM3 digest in a header."""
    try:
        handle = open_file(document, fmt)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=document.filename(fmt), content_type=FORMATS[fmt]
    )
    response["X-Content-SM3"] = getattr(document, f"{fmt}_sm3")
    return response


def deliver(document: IssuedDocument, fmt: str, *, acting_user) -> FileResponse:
    """The download of a page or the API: the file, and its audit entry once it is there. A file
    the sweep found damaged, or a PDF never made, is not opened: the action refuses it
    (ValidationError, audited)."""
    from liandong.documents import actions

    # 404 when the stored file is gone unnoticed: nothing audited
    missing = fmt not in document.formats or damaged(document, fmt)
    delivered = None if missing else response(document, fmt)
    try:
        actions.record_download(document, fmt=fmt, acting_user=acting_user)
    except BaseException:
        if delivered is not None:
            delivered.close()
        raise
    # put right by the sweep between the two readings: the file is there again
    return delivered if delivered is not None else response(document, fmt)
