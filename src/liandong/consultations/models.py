"""案件咨询 (seed 二(二)): one department asks another, optionally about a case; the consulted
department's liaison routes it to someone who answers; the asker may follow up, and closes it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """The seed's subjects of consultation (二(二))."""

    CRIMINAL_STANDARD = "criminal_standard", _("刑事立案追诉标准")
    EVIDENCE = "evidence", _("证据固定和保全")
    TESTING = "testing", _("产品检测")
    MARKET_RULES = "market_rules", _("市场监管规定")
    AUDIT_FINDINGS = "audit_findings", _("审计移交案件调查情况")
    PROCUREMENT = "procurement", _("政府采购专业问题")
    OTHER = "other", _("其他")


class State(models.TextChoices):
    SUBMITTED = "submitted", _("待分派")
    ASSIGNED = "assigned", _("待答复")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ConsultationQuerySet":
        """The consulted department, and those of the asking department who see the case it is
        about (a 涉密 case: its head and officers); no one else."""
        from liandong.cases.models import case_follows

        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        return self.filter(
            Q(department_id=user.department_id)
            | (Q(asking_department_id=user.department_id) & case_follows(user))
        )


class Consultation(models.Model):
    asking_department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="consultations_asked",
        verbose_name=_("咨询单位"),
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("咨询人"),
    )
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="consultations_received",
        verbose_name=_("受咨询单位"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("相关案件"),
    )
    shared_part = models.CharField(_("随咨询共享"), max_length=10, blank=True)
    topic = models.CharField(_("咨询事项"), max_length=24, choices=Topic.choices)
    subject = models.CharField(_("标题"), max_length=200)
    urgent = models.BooleanField(_("紧急"), default=False)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件咨询")
        verbose_name_plural = _("案件咨询")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["department", "state"]),
            models.Index(fields=["asking_department", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.asking_department.short_name}→{self.department.short_name}：{self.subject}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code

    @property
    def shared_part_label(self) -> str:
        from liandong.cases.models import CasePart

        return CasePart(self.shared_part).label if self.shared_part else ""


class MessageKind(models.TextChoices):
    QUESTION = "question", _("咨询")
    ANSWER = "answer", _("答复")
    FOLLOW_UP = "follow_up", _("追问")


class Message(models.Model):
    """One turn of the exchange: the question, an answer, a follow-up question."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=MessageKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:40]
