"""投诉处理 (《政府采购质疑和投诉办法》, 财政部令第94号): a supplier's complaint to the finance
department, from its receipt to the decision.

The finance department reviews the complaint within 5 workdays of receiving it (第二十一条):
it asks for 补正 once, refuses it (不予受理) or sends the complainant to the competent
department within 3 workdays, or accepts it — a complaint that meets the conditions is accepted
from the day it was received, and copies go to the respondent within 8 workdays, who answers
within 5 (第二十二条). The decision is due within 30 workdays of the receipt (第二十六条); 补正,
检验、检测、鉴定 and 专家评审 do not count (第二十七条). Procurement may be suspended for at most
30 days (第二十八条); the complainant may withdraw (第三十条). Each period is a ``complaint.*``
deadline rule.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "received", _("审查中")
    AMENDING = "amending", _("待投诉人补正")
    ACCEPTED = "accepted", _("已受理")
    COPIES_SENT = "copies_sent", _("已发出投诉答复通知书")
    DECIDED = "decided", _("已作出处理决定")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    REDIRECTED = "redirected", _("已告知向有管辖权的部门投诉")
    WITHDRAWN = "withdrawn", _("投诉人撤回，终止处理")


class Outcome(models.TextChoices):
    DISMISSED = "dismissed", _("驳回投诉")
    UPHELD = "upheld", _("投诉事项成立")


S = State
# step → (the states it starts from, where it leads; None: stays)
STEPS: dict[str, tuple[frozenset[str], str | None]] = {
    "request_amendment": (frozenset({S.RECEIVED}), S.AMENDING),
    "record_amendment": (frozenset({S.AMENDING}), S.RECEIVED),
    "refuse": (frozenset({S.RECEIVED, S.AMENDING}), S.NOT_ACCEPTED),
    "redirect": (frozenset({S.RECEIVED}), S.REDIRECTED),
    "accept": (frozenset({S.RECEIVED}), S.ACCEPTED),
    "send_copies": (frozenset({S.ACCEPTED}), S.COPIES_SENT),
    "record_reply": (frozenset({S.COPIES_SENT}), None),
    "suspend": (frozenset({S.ACCEPTED, S.COPIES_SENT}), None),
    "resume": (frozenset({S.ACCEPTED, S.COPIES_SENT, S.DECIDED, S.WITHDRAWN}), None),
    "pause": (frozenset({S.ACCEPTED, S.COPIES_SENT}), None),
    "unpause": (frozenset({S.ACCEPTED, S.COPIES_SENT}), None),
    "decide": (frozenset({S.ACCEPTED, S.COPIES_SENT}), S.DECIDED),
    "withdraw": (frozenset({S.RECEIVED, S.AMENDING, S.ACCEPTED, S.COPIES_SENT}), S.WITHDRAWN),
}
OPEN_STATES = frozenset({S.RECEIVED, S.AMENDING, S.ACCEPTED, S.COPIES_SENT})


class ComplaintQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ComplaintQuerySet":
        """The finance department that handles it (not its system administrators)."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        return self.filter(department_id=user.department_id)


class Complaint(models.Model):
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("处理投诉的财政部门"),
    )
    complainant = models.CharField(_("投诉人"), max_length=200)
    complainant_contact = models.CharField(_("投诉人联系人及电话"), max_length=200)
    respondent = models.CharField(
        _("被投诉人"), max_length=200, help_text=_("采购人、采购代理机构等。")
    )
    project = models.CharField(_("采购项目名称及编号"), max_length=200)
    matters = models.TextField(_("投诉事项和投诉请求"))
    grounds = models.TextField(_("事实依据和法律依据"))
    answer_due_on = models.DateField(
        _("质疑答复日期或答复期满日"),
        help_text=_("投诉应当在质疑答复期满后15个工作日内提起（94号令第十七条）。"),
    )
    received_at = models.DateTimeField(_("收到投诉书时间"), default=timezone.now)
    late = models.BooleanField(_("超过投诉期限"), default=False)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=S.RECEIVED)
    amendment_needed = models.TextField(_("需要补正的事项"), blank=True)
    amendment_due_on = models.DateField(_("补正期限"), null=True, blank=True)
    amendment_requested_at = models.DateTimeField(null=True, blank=True)
    amended_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(_("不予受理的理由"), blank=True)
    redirected_to = models.CharField(_("有管辖权的部门"), max_length=200, blank=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    copies_to = models.TextField(_("投诉答复通知书的收件人"), blank=True)
    copies_sent_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(_("被投诉人的说明"), blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(_("暂停采购活动时间"), null=True, blank=True)
    resumed_at = models.DateTimeField(_("恢复采购活动时间"), null=True, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=10, choices=Outcome.choices, blank=True)
    decision = models.TextField(_("处理决定"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["department", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="complaint_state_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.complainant}投诉：{self.project}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def suspended(self) -> bool:
        return self.suspended_at is not None and self.resumed_at is None

    def allows(self, step: str) -> bool:
        sources, _target = STEPS[step]
        if self.state not in sources:
            return False
        if step == "suspend":
            return self.suspended_at is None
        if step == "resume":
            return self.suspended
        if step == "record_reply":
            return self.replied_at is None
        return True
