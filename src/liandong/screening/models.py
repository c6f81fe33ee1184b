"""Screening in the platform (Django side; the engine is the plain library beside it): which
departments may screen, the data sets they upload (kept in the evidence store, so their SM3 is
known), each run's progress, and the flags people review — turned into a clue (a case in 线索登记)
or dismissed with a reason."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScreeningAccess(models.Model):
    """A department an administrator allowed to run screening and see its results."""

    department = models.OneToOneField(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="screening_access",
        verbose_name=_("单位"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )  # None: granted by the system (the demo)
    granted_at = models.DateTimeField(_("授权时间"), default=timezone.now)

    class Meta:
        verbose_name = _("筛查权限")
        verbose_name_plural = _("筛查权限")

    def __str__(self) -> str:
        return str(self.department)

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code


class RunState(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("筛查中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class DataSetQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DataSetQuerySet":
        """A department's data sets, to its people, while it may screen."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        if not ScreeningAccess.objects.filter(department_id=user.department_id).exists():
            return self.none()
        return self.filter(department_id=user.department_id)


class DataSet(models.Model):
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("名称"), max_length=200)
    filename = models.CharField(_("文件名"), max_length=200)
    blob = models.ForeignKey("evidence.Blob", on_delete=models.PROTECT, related_name="+")
    rules = models.JSONField(_("筛查规则"), default=list, blank=True)  # empty: all
    state = models.CharField(
        _("状态"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    step = models.CharField(_("当前步骤"), max_length=200, blank=True)
    summary = models.TextField(_("导入情况"), blank=True)
    problems = models.JSONField(_("逐行说明"), default=list, blank=True)
    skipped = models.JSONField(_("未运行的规则"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("投标记录数"), default=0)
    lots = models.PositiveIntegerField(_("标段数"), default=0)
    flag_count = models.PositiveIntegerField(_("线索数"), default=0)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = DataSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("筛查数据集")
        verbose_name_plural = _("筛查数据集")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code


class FlagState(models.TextChoices):
    OPEN = "open", _("待研判")
    CLUE = "clue", _("已转为线索")
    DISMISSED = "dismissed", _("已排除")


TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "to_clue": (frozenset({FlagState.OPEN}), FlagState.CLUE),
    "dismiss": (frozenset({FlagState.OPEN}), FlagState.DISMISSED),
    "reopen": (frozenset({FlagState.DISMISSED}), FlagState.OPEN),
}


class FlagQuerySet(models.QuerySet):
    def visible_to(self, user) -> "FlagQuerySet":
        return self.filter(dataset__in=DataSet.objects.visible_to(user))


class ScreeningFlag(models.Model):
    dataset = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="flags")
    rule = models.CharField(_("规则"), max_length=12, db_index=True)
    severity = models.CharField(_("风险等级"), max_length=8, db_index=True)
    title = models.CharField(_("规则名称"), max_length=200)
    basis = models.TextField(_("依据"))
    project_id = models.CharField(_("项目编号"), max_length=200, blank=True, db_index=True)
    lot_id = models.CharField(_("标段(包)编号"), max_length=200, blank=True)
    bidders = models.JSONField(_("投标人"), default=list)
    rows = models.JSONField(_("数据行"), default=list)
    fields = models.JSONField(_("匹配字段"), default=list)
    matched = models.CharField(_("相同内容"), max_length=300, blank=True)
    value = models.FloatField(_("数值"), null=True, blank=True)
    threshold = models.FloatField(_("阈值"), null=True, blank=True)
    explanation = models.TextField(_("说明"))
    innocent = models.JSONField(_("需排除的正常情形"), default=list)
    group = models.CharField(max_length=20, blank=True)
    identifier = models.CharField(max_length=200, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=FlagState.choices, default=FlagState.OPEN
    )
    reason = models.TextField(_("排除理由"), blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("筛查线索")
        verbose_name_plural = _("筛查线索")
        ordering = ["dataset", "project_id", "lot_id", "rule", "id"]

    def __str__(self) -> str:
        return f"{self.rule} {self.project_id}/{self.lot_id}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.dataset.department.jurisdiction.code
