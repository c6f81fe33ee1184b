"""调查取证协作 (seed 二(四)): a department handling a case asks another for help with the
investigation — records, an inspection, testing, an inquiry, a check — by a date it sets. The
helping department accepts or declines with a reason, works, attaches results (which become
evidence of the case, provided by the helping department), and completes; the requester closes.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What is needed (DESIGN.md §4.3; seed 二(四))."""

    RECORDS = "records", _("调取资料")
    INSPECTION = "inspection", _("协助检查")
    TESTING = "testing", _("检验检测")
    INQUIRY = "inquiry", _("询问配合")
    VERIFICATION = "verification", _("信息核查")
    OTHER = "other", _("其他")


class State(models.TextChoices):
    REQUESTED = "requested", _("待受理")
    ACCEPTED = "accepted", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    COMPLETED = "completed", _("已完成")
    CLOSED = "closed", _("已办结")
    DECLINED = "declined", _("不予协助")
    WITHDRAWN = "withdrawn", _("已撤回")


# The workflow: each step, the states it may start from, and where it leads (None: stays).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "accept": (frozenset({State.REQUESTED}), State.ACCEPTED),
    "decline": (frozenset({State.REQUESTED, State.ACCEPTED}), State.DECLINED),
    "assign": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), None),
    "attach": (frozenset({State.ACCEPTED, State.IN_PROGRESS}), State.IN_PROGRESS),
    "complete": (frozenset({State.IN_PROGRESS}), State.COMPLETED),  # results attached
    "close": (frozenset({State.COMPLETED}), State.CLOSED),
    "withdraw": (
        frozenset({State.REQUESTED, State.ACCEPTED, State.IN_PROGRESS}),
        State.WITHDRAWN,
    ),
}
OPEN_STATES = (State.REQUESTED, State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED)


class AssistanceRequestQuerySet(models.QuerySet):
    def visible_to(self, user) -> "AssistanceRequestQuerySet":
        """The helping department, and those of the requesting department who see the case
        (a 涉密 case: its head and officers)."""
        from liandong.cases.models import Case

        own_cases = Case.objects.own_cases(user)
        if own_cases is None:
            return self.none()
        return self.filter(
            Q(helping_department_id=user.department_id)
            | Q(
                # EXISTS, not IN: see transfers.models.TransferQuerySet.visible_to
                Exists(Case.objects.filter(own_cases, pk=OuterRef("case_id"))),
                requesting_department_id=user.department_id,
            )
        )


class AssistanceRequest(models.Model):
    requesting_department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="assistance_requested",
        verbose_name=_("请求单位"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("请求人"),
    )
    helping_department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="assistance_received",
        verbose_name=_("协查单位"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="assistance_requests",
        verbose_name=_("案件"),
    )
    shared_part = models.CharField(_("随协查共享"), max_length=10, blank=True)
    kind = models.CharField(_("协查事项"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("标题"), max_length=200)
    details = models.TextField(_("协查内容和要求"))
    due_on = models.DateField(_("要求完成日期"))
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.REQUESTED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    decline_reason = models.TextField(_("不予协助的理由"), blank=True)
    summary = models.TextField(_("协查情况说明"), blank=True)
    withdraw_reason = models.CharField(_("撤回理由"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("请求时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("受理或拒绝时间"), null=True, blank=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AssistanceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("协查请求")
        verbose_name_plural = _("协查请求")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["helping_department", "state"]),
            models.Index(fields=["requesting_department", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(helping_department=F("requesting_department")),
                name="assistance_not_own_department",
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="assistance_state_known"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.requesting_department.short_name}→{self.helping_department.short_name}："
            f"{self.subject}"
        )

    @property
    def audit_jurisdiction(self) -> str:
        return self.requesting_department.jurisdiction.code

    @property
    def shared_part_label(self) -> str:
        from liandong.cases.models import CasePart

        return CasePart(self.shared_part).label if self.shared_part else ""

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class AssistanceResult(models.Model):
    """A result the helping department attached: an evidence item of the case (provided by the
    helping department). The item holds the file, its digests and its custody."""

    request = models.ForeignKey(AssistanceRequest, on_delete=models.PROTECT, related_name="results")
    item = models.OneToOneField(
        "evidence.EvidenceItem",
        on_delete=models.PROTECT,
        related_name="assistance_result",
        verbose_name=_("证据"),
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("协查结果")
        verbose_name_plural = _("协查结果")
        ordering = ["attached_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.item_id}"
