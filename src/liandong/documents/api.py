import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from liandong.documents import files
from liandong.documents.models import IssuedDocument

router = Router(tags=["公文"])


class DocumentDepartmentRef(Schema):
    id: int
    name: str


class FileOut(Schema):
    url: str
    size: int
    sm3: str
    sha256: str


class DocumentOut(Schema):
    id: int
    number: str
    kind: str
    kind_name: str
    title: str
    department: DocumentDepartmentRef
    recipient: DocumentDepartmentRef | None
    case_id: int | None
    subject_type: str
    subject_id: str
    dated: dt.date
    issued_at: dt.datetime
    issued_by: str
    pdf: FileOut | None  # null: issued without a PDF (a server without LibreOffice)
    docx: FileOut
    content: dict


def _ref(department) -> dict | None:
    return {"id": department.pk, "name": department.name} if department else None


def _out(document: IssuedDocument) -> dict:
    return {
        "id": document.pk,
        "number": document.number,
        "kind": document.kind,
        "kind_name": document.kind_name,
        "title": document.title,
        "department": _ref(document.department),
        "recipient": _ref(document.recipient),
        "case_id": document.case_id,
        "subject_type": document.subject_type,
        "subject_id": document.subject_id,
        "dated": document.dated,
        "issued_at": document.issued_at,
        "issued_by": document.issued_by.full_name if document.issued_by else "",
        "pdf": _file(document, "pdf"),
        "docx": _file(document, "docx"),
        "content": document.content,
    }


def _file(document: IssuedDocument, fmt: str) -> dict | None:
    if fmt not in document.formats:
        return None
    return {
        "url": f"/api/v1/documents/{document.pk}/{fmt}",
        "size": getattr(document, f"{fmt}_size"),
        "sm3": getattr(document, f"{fmt}_sm3"),
        "sha256": getattr(document, f"{fmt}_sha256"),
    }


def _visible(request, document_id: int) -> IssuedDocument:
    return get_object_or_404(
        IssuedDocument.objects.visible_to(request.user).select_related(
            "department__jurisdiction", "recipient", "issued_by"
        ),
        pk=document_id,
    )


@router.get("/documents/{document_id}", response=DocumentOut, summary="公文详情")
def get_document(request, document_id: int):
    return _out(_visible(request, document_id))


def _download(request, document_id: int, fmt: str):
    return files.deliver(_visible(request, document_id), fmt, acting_user=request.user)


@router.get("/documents/{document_id}/pdf", summary="下载公文 PDF", response={200: None})
def download_pdf(request, document_id: int):
    return _download(request, document_id, "pdf")


@router.get("/documents/{document_id}/docx", summary="下载公文 Word 文件", response={200: None})
def download_docx(request, document_id: int):
    return _download(request, document_id, "docx")
