"""Evidence (证据) of cases: content-addressed files, items with their statutory type and how they
were collected, versions that supersede, recognition by other departments, chunked uploads."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liandong.cases.models import Case, CaseGrant, CasePart
from liandong.evidence.storage import Integrity  # evidence and issued documents share it


class EvidenceKind(models.TextChoices):
    """The statutory types of evidence (行政诉讼法 第三十三条; 行政处罚法 第四十六条)."""

    DOCUMENTARY = "documentary", _("书证")
    PHYSICAL = "physical", _("物证")
    AUDIOVISUAL = "audiovisual", _("视听资料")
    ELECTRONIC = "electronic", _("电子数据")
    WITNESS = "witness", _("证人证言")
    PARTY_STATEMENT = "party_statement", _("当事人的陈述")
    EXPERT_OPINION = "expert_opinion", _("鉴定意见")
    RECORD = "record", _("勘验笔录、现场笔录")


class CollectionMethod(models.TextChoices):
    OBTAINED = "obtained", _("调取")
    SUBMITTED = "submitted", _("当事人提交")
    ON_SITE = "on_site", _("现场提取")
    PHOTO_VIDEO = "photo_video", _("拍照、录音录像")
    INQUIRY = "inquiry", _("询问")
    INSPECTION = "inspection", _("勘验、检查")
    APPRAISAL = "appraisal", _("委托鉴定、检测")
    ASSISTANCE = "assistance", _("协查取得")
    ELECTRONIC = "electronic", _("电子数据提取")
    OTHER = "other", _("其他")


class Blob(models.Model):
    """A stored file, addressed by its SHA-256; written once and never overwritten."""

    sha256 = models.CharField(max_length=64, unique=True)
    sm3 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    mime = models.CharField(max_length=120)
    stored_at = models.DateTimeField(default=timezone.now)
    checked_at = models.DateTimeField(null=True, blank=True)
    integrity = models.CharField(
        max_length=10, choices=Integrity.choices, default=Integrity.UNCHECKED
    )

    class Meta:
        indexes = [models.Index(fields=["checked_at"])]

    def __str__(self) -> str:
        return f"{self.sha256[:12]} ({self.size} B)"


class UploadState(models.TextChoices):
    OPEN = "open", _("上传中")
    SEALED = "sealed", _("已校验")
    USED = "used", _("已使用")
    ABORTED = "aborted", _("已放弃")


class Upload(models.Model):
    """A chunked upload: chunks are appended in order to a file under the upload directory; once
    complete it is sealed (type checked, both digests computed, moved into the store) and then
    used by the action that files the evidence or attachment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField(default=0)
    state = models.CharField(max_length=8, choices=UploadState.choices, default=UploadState.OPEN)
    sm3 = models.CharField(max_length=64, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    mime = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.filename} {self.received}/{self.size}"


def _case_scope(user, parts: list[str]) -> Q:
    """Rows of cases ``user`` sees as their own department's, or was given ``parts`` of."""
    own = Case.objects.own_cases(user)
    if own is None:
        return Q(pk__in=[])
    given = CaseGrant.objects.filter(department_id=user.department_id, part__in=parts)
    return Q(case__in=Case.objects.filter(own).values("pk")) | Q(
        case_id__in=given.values("case_id")
    )


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user) -> "EvidenceQuerySet":
        """Items of the cases of the department that ``user`` sees (``Case.visible_parts``: 涉密
        cases only for their head and officers), and of cases whose evidence was shared with it."""
        return self.filter(_case_scope(user, [CasePart.EVIDENCE, CasePart.ALL]))


class EvidenceItem(models.Model):
    """An item of evidence of a case. A correction is a new item that supersedes the old one."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    sequence = models.PositiveIntegerField(_("证据序号"))
    title = models.CharField(_("证据名称"), max_length=200)
    kind = models.CharField(_("证据种类"), max_length=20, choices=EvidenceKind.choices)
    collectors = models.CharField(_("收集人"), max_length=200)
    collected_at = models.DateTimeField(_("收集时间"))
    place = models.CharField(_("收集地点"), max_length=200)
    method = models.CharField(_("收集方式"), max_length=20, choices=CollectionMethod.choices)
    source = models.CharField(_("证据来源"), max_length=200)
    description = models.TextField(_("证明对象和内容"), blank=True)
    provided_by = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提供单位"),
    )
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, null=True, blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("更正的证据"),
    )
    correction_reason = models.CharField(_("更正理由"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    added_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("证据")
        verbose_name_plural = _("证据")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="evidence_sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        return _("证据%(n)s") % {"n": self.sequence}

    @property
    def is_current(self) -> bool:
        return not hasattr(self, "superseded_by")

    @property
    def audit_jurisdiction(self) -> str:
        return self.case.department.jurisdiction.code


class Recognition(models.Model):
    """互认: another department records whether it accepts an item, with its opinion."""

    item = models.ForeignKey(EvidenceItem, on_delete=models.PROTECT, related_name="recognitions")
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="+"
    )
    accepted = models.BooleanField(_("是否认可"))
    opinion = models.TextField(_("意见"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("证据互认")
        verbose_name_plural = _("证据互认")
        ordering = ["recorded_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "department"], name="recognition_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.department_id} {self.accepted}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AttachmentQuerySet":
        """Attachments are working papers of the case: its department, and departments given
        the whole case."""
        return self.filter(_case_scope(user, [CasePart.ALL]))


class Attachment(models.Model):
    """附件: a working document of a case (立案审批表, 调查终结报告 …) that is not evidence."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    title = models.CharField(_("附件名称"), max_length=200)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT)
    filename = models.CharField(_("文件名"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction(self) -> str:
        return self.case.department.jurisdiction.code
