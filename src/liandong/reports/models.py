"""The periodic operation report (运行情况报告) of the lead unit: drafted for a quarter, a
half-year or a year, its prose sections edited, then issued as a numbered official document
(.docx and .pdf through ``documents``) with its tables as .xlsx. An issued report never
changes; issuing the same period again makes a new version that supersedes it, and the old one
stays."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")
    SUPERSEDED = "superseded", _("已被新版本替代")


TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "edit": (frozenset({ReportState.DRAFT}), None),
    "issue": (frozenset({ReportState.DRAFT}), ReportState.ISSUED),
    "discard": (frozenset({ReportState.DRAFT}), None),  # the draft is deleted
    "supersede": (frozenset({ReportState.ISSUED}), ReportState.SUPERSEDED),
}

# The prose a person writes; the figures fill in the rest.
SECTIONS = (
    ("overview", _("总体情况")),
    ("duties", _("各成员单位履职情况")),
    ("transfers", _("案件移送和反馈")),
    ("collaboration", _("咨询与协查")),
    ("meetings", _("联席会议及议定事项落实")),
    ("credit", _("信用信息推送")),
    ("problems", _("存在的问题")),
    ("next_steps", _("下一步工作")),
)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReportQuerySet":
        """The lead unit's reports, to the lead unit's people."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        if not user.department.is_lead:
            return self.none()
        return self.filter(department_id=user.department_id)


class OperationReport(models.Model):
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="operation_reports",
        verbose_name=_("牵头单位"),
    )
    period_key = models.CharField(_("统计期间"), max_length=30)
    period_label = models.CharField(_("统计期间"), max_length=60)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    edition = models.PositiveSmallIntegerField(_("版本"), default=1)
    title = models.CharField(_("标题"), max_length=200)
    prose = models.JSONField(_("正文各部分"), default=dict)
    state = models.CharField(
        _("状态"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT
    )
    figures = models.JSONField(_("数据"), default=list, blank=True)  # frozen at issue
    document = models.OneToOneField(
        "documents.IssuedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("公文"),
    )
    xlsx = models.BinaryField(_("数据表（.xlsx）"), null=True, blank=True, editable=False)
    xlsx_sm3 = models.CharField(max_length=64, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("替代的版本"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("运行情况报告")
        verbose_name_plural = _("运行情况报告")
        ordering = ["-start", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "period_key", "edition"], name="report_edition_once"
            ),
            models.UniqueConstraint(
                fields=["department", "period_key"],
                condition=Q(state="draft"),
                name="report_one_draft_per_period",
            ),
            models.UniqueConstraint(
                fields=["department", "period_key"],
                condition=Q(state="issued"),
                name="report_one_in_force_per_period",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code
