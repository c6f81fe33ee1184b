"""Issuing official documents (公文).

``issue_document`` numbers a document (``numbering.allocate``: gapless per department, number
sequence and year), renders it as .docx and .pdf in the layout of GB/T 9704-2012, puts both files
in the content-addressed store (``evidence.storage``) and records an ``IssuedDocument`` with their
SM3 and SHA-256 digests, audited.

Rendering takes about a second (LibreOffice). Inside the transaction it would hold the number
sequence's row lock that long on PostgreSQL, and on SQLite the whole database's write lock, so
it happens before: the number is read without a lock (``numbering.peek``), the files are made
with it, and then the short action ``_record_issue`` allocates the number for real. If another
document took that number meanwhile, the action gives its number back (rolls back, nothing
written, nothing audited) and the files are made again with the next one; after
``RENDER_ATTEMPTS`` such races the action renders inside its transaction, holding the number.
Either way the number printed is the number recorded, and a refused or failed issue leaves no
gap. A request that will be refused is sent straight to the action, which refuses and audits it
without rendering anything.
"""

import dataclasses
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, refuse
from liandong.documents import kinds, numbering, output, render, text
from liandong.documents.files import damaged
from liandong.documents.models import DocumentFileCheck, IssuedDocument
from liandong.documents.policy import Issuing

# documents are stored with the evidence: one content-addressed store, SM3 and SHA-256
from liandong.evidence import storage
from liandong.evidence.storage import Integrity

RENDER_ATTEMPTS = 3


@dataclass(frozen=True)
class _Request:
    content: render.OfficialDocument
    department: models.Model
    kind: kinds.DocumentKind | None
    case: models.Model | None
    subject: models.Model | None
    recipient: models.Model | None

    @property
    def year(self) -> int:
        return self.content.date.year

    def numbered(self, number: str) -> render.OfficialDocument:
        return dataclasses.replace(self.content, number=number)


@dataclass(frozen=True)
class _Files:
    number: str
    docx: Path
    pdf: Path | None  # None: made without LibreOffice (settings.DOCUMENTS_PDF_REQUIRED off)
    docx_digests: storage.Digests
    pdf_digests: storage.Digests | None


class _NumberTaken(Exception):
    """The number the files were made with went to another document first."""


def issue_document(
    content: render.OfficialDocument,
    *,
    department,
    kind: str,
    case=None,
    subject: models.Model | None = None,
    recipient=None,
    acting_user,
) -> IssuedDocument:
    """Issue ``content`` (its ``number`` is filled in) as a document of ``kind`` (a code of
    ``kinds.KINDS``) from ``department``, on ``case`` and about ``subject`` (e.g. the transfer
    it records), addressed to ``recipient`` (a department, who may then read it). The issuer,
    the 文种, the 主送 and the 成文日期 default to the department's name, the kind's name, the
    recipient's name and today."""
    document_kind = kinds.KINDS.get(kind)
    content = text.without_controls(content)
    content = dataclasses.replace(
        content,
        issuer=content.issuer or department.name,
        kind=content.kind or (str(document_kind.name) if document_kind else ""),
        recipients=content.recipients or (recipient.name if recipient is not None else ""),
        date=content.date or timezone.localdate(),
        number="",
    )
    request = _Request(content, department, document_kind, case, subject, recipient)
    allowed = acting_user is None or policy.can(
        acting_user, "documents.document.issue", Issuing(department, case)
    )
    if not allowed or _errors(request).by_field:
        return _record_issue(request, files=None, acting_user=acting_user)  # refused, audited
    for _attempt in range(RENDER_ATTEMPTS):
        _sequence, number = numbering.peek(department, document_kind.sequence, request.year)
        with _scratch() as folder:
            files = render_files(request.numbered(number), folder)
            try:
                return _record_issue(request, files=files, acting_user=acting_user)
            except _NumberTaken:
                continue
    return _record_issue(request, files=None, acting_user=acting_user)


def _scratch():
    """A folder for the files being made, on the store's file system (they are moved in by
    hard link)."""
    parent = storage.root() / "rendering"
    parent.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(dir=parent, prefix="document-")


def render_files(content: render.OfficialDocument, folder: Path) -> _Files:
    """The .docx and .pdf of ``content`` in ``folder``, with their digests (no PDF where
    LibreOffice is missing and settings.DOCUMENTS_PDF_REQUIRED is off)."""
    docx, made = output.make(content, Path(folder), pdf_required=settings.DOCUMENTS_PDF_REQUIRED)
    return _Files(
        content.number,
        docx,
        made,
        storage.digest_file(docx),
        storage.digest_file(made) if made is not None else None,
    )


def _errors(request: _Request) -> Errors:
    errors = Errors()
    content = request.content
    if request.kind is None:
        errors.add("kind", _("未知的文种。"), "unknown_kind")
    if not request.department.doc_prefix:
        errors.add("department", _("本单位未设置发文代字，无法编发文字号。"), "no_prefix")
    title = content.title.replace("\n", "").strip()
    if not title:
        errors.add("title", _("请填写标题。"), "required")
    elif len(title) > 200:
        errors.add("title", _("标题不能超过200个字。"), "too_long")
    if not content.body:
        errors.add("body", _("请填写正文。"), "required")
    recipient = request.recipient
    if recipient is not None and recipient.jurisdiction_id != request.department.jurisdiction_id:
        errors.add("recipient", _("主送单位不在本辖区。"), "other_jurisdiction")
    if not isinstance(content.date, dt.date):
        errors.add("date", _("成文日期无效。"), "invalid")
    return errors


@action("documents.document.issue")
def _record_issue(request: _Request, *, files: _Files | None, acting_user) -> IssuedDocument:
    policy.require_of(
        acting_user, "documents.document.issue", Issuing(request.department, request.case)
    )
    _errors(request).raise_if_any()
    sequence, number = numbering.allocate(request.department, request.kind.sequence, request.year)
    if files is not None and files.number != number:
        raise _NumberTaken(number)
    if files is None:  # rendered here, holding the number (see the module's docstring)
        with _scratch() as folder:
            return _record(
                request, render_files(request.numbered(number), folder), sequence, acting_user
            )
    return _record(request, files, sequence, acting_user)


def _record(request: _Request, files: _Files, sequence: int, acting_user) -> IssuedDocument:
    storage.store(files.docx, files.docx_digests.sha256)
    if files.pdf is not None:
        storage.store(files.pdf, files.pdf_digests.sha256)
    content = request.numbered(files.number)
    subject = request.subject
    document = IssuedDocument(
        department=request.department,
        kind=request.kind.code,
        year=request.year,
        sequence=sequence,
        number=files.number,
        title=content.title.replace("\n", "").strip(),
        recipient=request.recipient,
        case=request.case,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        dated=content.date,
        content=content.to_json(),
        docx_sha256=files.docx_digests.sha256,
        docx_sm3=files.docx_digests.sm3,
        docx_size=files.docx_digests.size,
        pdf_sha256=files.pdf_digests.sha256 if files.pdf_digests else "",
        pdf_sm3=files.pdf_digests.sm3 if files.pdf_digests else "",
        pdf_size=files.pdf_digests.size if files.pdf_digests else 0,
        issued_by=acting_user,
    )
    document.save()
    audit.record(
        "documents.document.issue",
        actor=acting_user,
        obj=document,
        after=audit.snapshot(document, IssuedDocument.AUDITED_FIELDS),
    )
    return document


@action("documents.document.download")
def record_download(document: IssuedDocument, *, fmt: str, acting_user) -> None:
    """Someone took a copy of a document's file (``fmt``: "pdf" or "docx")."""
    policy.require_of(acting_user, "documents.document.view", document)
    if fmt not in document.formats:
        raise refuse(
            "file",
            _("该公文印发时服务器未安装 LibreOffice，没有 PDF 文件，请下载 Word 文件。"),
            "no_pdf",
        )
    if damaged(document, fmt):
        raise refuse(
            "file",
            _("该公文的%(format)s未通过完整性校验，已停止下载，请联系系统管理员。")
            % {"format": DocumentFileCheck.Format(fmt).label},
            "integrity",
        )
    audit.record(
        "documents.document.download",
        actor=acting_user,
        obj=document,
        after={"format": fmt, "sm3": getattr(document, f"{fmt}_sm3")},
    )


# ---------------------------------------------------------------------------------------------
# Integrity of the stored files


@action("documents.document.check")
def record_check(
    check: DocumentFileCheck, *, found: Integrity, detail: str = "", acting_user=None
) -> DocumentFileCheck:
    """The sweep's finding for one file of a document (``evidence.integrity``). A file that no
    longer matches its digests raises an alert to the head of the issuing department and to
    its administrators; downloads of it are refused until it is put right."""
    check = (
        DocumentFileCheck.objects.select_for_update()
        .select_related("document__department__jurisdiction")
        .get(pk=check.pk)
    )
    before = check.integrity
    check.integrity = found
    check.checked_at = timezone.now()
    check.save(update_fields=["integrity", "checked_at"])
    document = check.document
    if found != Integrity.OK and before != found:
        audit.record(
            "documents.document.integrity_failed",
            actor=None,
            obj=document,
            after={
                "format": check.format,
                "integrity": found,
                "sm3": getattr(document, f"{check.format}_sm3"),
            },
            message=detail,
        )
        _alert(check, found)
    elif found == Integrity.OK and before in storage.DAMAGED:
        audit.record(
            "documents.document.integrity_restored",
            actor=None,
            obj=document,
            after={"format": check.format, "integrity": found},
        )
    return check


def _alert(check: DocumentFileCheck, found: Integrity) -> None:
    from liandong.evidence.integrity import alerted  # by name: evidence sits above documents
    from liandong.notifications.service import Message, notify

    document = check.document
    message = Message(
        kind="documents.integrity",
        title=_("公文文件完整性校验失败：%(number)s %(title)s（%(format)s）")
        % {
            "number": document.number,
            "title": document.title,
            "format": check.get_format_display(),
        },
        body=_(
            "存储的文件与发文时的 SM3 摘要不一致（%(state)s），已停止下载，请立即核查存储和备份。"
        )
        % {"state": Integrity(found).label},
        url=f"/cases/{document.case_id}/#documents" if document.case_id else "",
    )
    notify(
        alerted(document.department), message, dedupe_key=f"documents.integrity:{check.pk}:{found}"
    )
