from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liandong.evidence.storage import Integrity


class NumberSequence(models.Model):
    """The last number given for one department, kind of document and year (发文字号)."""

    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="number_sequences"
    )
    kind = models.CharField(_("文种"), max_length=30)
    year = models.PositiveSmallIntegerField(_("年份"))
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "kind", "year"], name="one_sequence_per_department_kind_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.kind} {self.year}: {self.last}"


class Immutable(Exception):
    """An issued document is never changed or deleted: a correction is a new document."""


class IssuedDocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IssuedDocumentQuerySet":
        """Documents the user's department issued or received (主送). A document of a case of the
        user's own department also follows the case: one marked 涉密 is seen there only by those
        who see the case (its head and assigned officers). System administrators run the
        platform; they do not read case documents."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        from django.apps import apps

        mine = Q(department_id=user.department_id) | Q(recipient_id=user.department_id)
        if user.is_external:
            # the procuratorate: what was addressed to it, and the documents of the criminal
            # transfers copied to it (抄送) — the 移送书 and what the police answered
            copied = (
                apps.get_model("transfers", "Transfer")
                .objects.filter(copied_to_id=user.department_id, sent_at__isnull=False)
                .annotate(key=Cast("pk", models.CharField(max_length=64)))
                .values("key")
            )
            return self.filter(mine | Q(subject_type="transfers.transfer", subject_id__in=copied))
        # the joint meeting's 纪要 is delivered to every member department of the jurisdiction
        # (meetings.actions.issue_minutes): its members read and download it
        mine |= Q(
            kind="meeting_minutes", department__jurisdiction_id=user.department.jurisdiction_id
        )
        # by label: documents sits below cases (cases numbers its files with documents.numbering)
        cases = apps.get_model("cases", "Case").objects.visible_to(user).values("pk")
        follows_case = (
            Q(case__isnull=True) | ~Q(case__department_id=user.department_id) | Q(case__in=cases)
        )
        return self.filter(mine & follows_case)

    def about(self, obj: models.Model) -> "IssuedDocumentQuerySet":
        """Documents issued on ``obj`` (a transfer, a consultation …)."""
        return self.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk))

    def update(self, **kwargs):
        raise Immutable("issued documents are never changed")

    def delete(self):
        raise Immutable("issued documents are never deleted")


class IssuedDocument(models.Model):
    """An official document as issued: its number, what it belongs to, and its two files (.docx
    and .pdf, in the content-addressed store) with their SM3 and SHA-256 digests. Written once by
    ``actions.issue_document``; never changed (``save`` of a stored row refuses, and so does the
    database, migration 0003) — a correction is a new document with a new number."""

    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="issued_documents",
        verbose_name=_("发文单位"),
    )
    kind = models.CharField(_("文种"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年份"))
    sequence = models.PositiveIntegerField(_("序号"))
    number = models.CharField(_("发文字号"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    recipient = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="received_documents",
        null=True,
        blank=True,
        verbose_name=_("主送单位"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name=_("所属案件"),
    )
    # what the document records, like the audit log's object: "transfers.transfer", "12"
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.CharField(max_length=64, blank=True)
    dated = models.DateField(_("成文日期"))
    content = models.JSONField(_("内容"), default=dict)  # render.OfficialDocument.to_json()
    docx_sha256 = models.CharField(max_length=64)
    docx_sm3 = models.CharField(max_length=64)
    docx_size = models.PositiveBigIntegerField()
    # blank when the document was issued without a PDF: a server without LibreOffice where
    # settings.DOCUMENTS_PDF_REQUIRED is off (a developer's machine, never production)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_sm3 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveBigIntegerField()  # 0 without a PDF
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("发文人"),
    )
    issued_at = models.DateTimeField(_("发文时间"), default=timezone.now)

    objects = IssuedDocumentQuerySet.as_manager()

    AUDITED_FIELDS = (
        "kind",
        "number",
        "title",
        "recipient",
        "case",
        "subject_type",
        "subject_id",
        "dated",
        "docx_sm3",
        "pdf_sm3",
    )

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["department", "number"], name="document_number_once"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="document_subject")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise Immutable("an issued document is never changed: issue a new one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable("an issued document is never deleted")

    @property
    def kind_name(self) -> str:
        from liandong.documents import kinds

        return kinds.name_of(self.kind)

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code

    @property
    def has_pdf(self) -> bool:
        return bool(self.pdf_sha256)

    @property
    def formats(self) -> tuple[str, ...]:
        """The files this document has: "pdf" (when it was made) and "docx"."""
        return ("pdf", "docx") if self.has_pdf else ("docx",)

    def filename(self, extension: str) -> str:
        title = "".join(c for c in self.title if c not in '\\/:*?"<>|\r\n')
        return f"{self.number} {title}.{extension}"


class DocumentFileCheck(models.Model):
    """What the integrity sweep last found of one stored file (.docx or .pdf) of an issued
    document. Kept beside the document, which is never changed; made by the sweep on its first
    pass over the document (``documents.integrity``)."""

    class Format(models.TextChoices):
        DOCX = "docx", _("Word 文件")
        PDF = "pdf", _("PDF 文件")

    document = models.ForeignKey(
        IssuedDocument, on_delete=models.CASCADE, related_name="file_checks"
    )
    format = models.CharField(_("文件格式"), max_length=4, choices=Format.choices)
    checked_at = models.DateTimeField(_("复核时间"), null=True, blank=True)
    integrity = models.CharField(
        _("完整性"), max_length=10, choices=Integrity.choices, default=Integrity.UNCHECKED
    )

    class Meta:
        verbose_name = _("公文文件复核")
        verbose_name_plural = _("公文文件复核")
        constraints = [
            models.UniqueConstraint(fields=["document", "format"], name="one_check_per_file"),
        ]
        indexes = [models.Index(fields=["checked_at"], name="document_file_checked_at")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.format}: {self.integrity}"
