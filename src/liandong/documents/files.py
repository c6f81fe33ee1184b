"""The stored files of issued documents."""

from django.http import FileResponse, Http404

from liandong.documents.models import IssuedDocument
from liandong.evidence import storage

FORMATS = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def open_file(document: IssuedDocument, fmt: str):
    """The stored .pdf or .docx of ``document``, opened for reading (FileNotFoundError if gone)."""
    return storage.open_blob(getattr(document, f"{fmt}_sha256"))


def check(document: IssuedDocument) -> list[str]:
    """The formats whose stored file no longer matches the digests recorded at issue."""
    bad = []
    for fmt in FORMATS:
        path = storage.blob_path(getattr(document, f"{fmt}_sha256"))
        if not path.exists():
            bad.append(fmt)
            continue
        found = storage.digest_file(path)
        expected = (getattr(document, f"{fmt}_sm3"), getattr(document, f"{fmt}_sha256"))
        if (found.sm3, found.sha256) != expected:
            bad.append(fmt)
    return bad


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
    """The download of a page or the API: the file, and its audit entry once it is there."""
    from liandong.documents import actions

    delivered = response(document, fmt)  # 404 when the stored file is gone: nothing audited
    try:
        actions.record_download(document, fmt=fmt, acting_user=acting_user)
    except BaseException:
        delivered.close()
        raise
    return delivered
