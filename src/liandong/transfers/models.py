"""案件移送 (seed 二(五), DESIGN.md §4.4): a department hands a case, a finding or a clue to the
department competent for it.

The criminal transfer (涉嫌犯罪移送) follows 国务院令第310号 step by step (RULES.md §1): the case
team's report, the head's decision, the transfer with its required attachments, the police's
receipt, forwarding, a request for missing material, 立案 or 不予立案, 复议, 立案监督, the
hand-over after 立案 and the police's later results. The other kinds (行政违法移送, 管辖移送,
审计移送, 线索移交) are sent, accepted or declined with a reason, and answered with the result.
"""

from django.conf import settings
from django.db import models
from django.db.models import CharField, Exists, F, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CRIMINAL = "criminal", _("涉嫌犯罪移送")
    ADMINISTRATIVE = "administrative", _("行政违法移送")
    JURISDICTION = "jurisdiction", _("管辖移送")
    AUDIT = "audit", _("审计移送")
    CLUE = "clue", _("线索移交")


class State(models.TextChoices):
    DRAFT = "draft", _("起草")
    AWAITING_APPROVAL = "awaiting_approval", _("待负责人审批")
    APPROVED = "approved", _("已批准，待移送")
    NOT_APPROVED = "not_approved", _("不批准移送")
    SENT = "sent", _("已移送，待接收")
    RECEIVED = "received", _("已签收，审查中")
    MATERIAL_REQUESTED = "material_requested", _("待补充材料")
    FORWARDED = "forwarded", _("已转送其他机关")
    FILED = "filed", _("已立案")
    HANDED_OVER = "handed_over", _("已移交涉案物品和材料")
    NOT_FILED = "not_filed", _("不予立案")
    RECONSIDERATION = "reconsideration", _("复议中")
    UPHELD = "upheld", _("复议维持不予立案")
    SUPERVISION = "supervision", _("已建议立案监督")
    RETURNED = "returned", _("回到行政处理程序")
    ACCEPTED = "accepted", _("已接收")
    DECLINED = "declined", _("退回")
    CONCLUDED = "concluded", _("已办结")
    WITHDRAWN = "withdrawn", _("已撤回")


S = State
# Each step: the states it may start from for a criminal transfer and for the other kinds, and
# where it leads (None: stays; a step with two outcomes decides in its action).
TRANSITIONS: dict[str, tuple[frozenset[str], frozenset[str], str | None]] = {
    "attach": (
        frozenset({S.DRAFT, S.AWAITING_APPROVAL, S.APPROVED, S.MATERIAL_REQUESTED}),
        frozenset({S.DRAFT}),
        None,
    ),
    "submit": (frozenset({S.DRAFT}), frozenset(), S.AWAITING_APPROVAL),  # report to the head
    "approve": (frozenset({S.AWAITING_APPROVAL}), frozenset(), S.APPROVED),
    "refuse": (frozenset({S.AWAITING_APPROVAL}), frozenset(), S.NOT_APPROVED),
    "send": (frozenset({S.APPROVED}), frozenset({S.DRAFT}), S.SENT),
    "withdraw": (
        frozenset({S.DRAFT, S.AWAITING_APPROVAL, S.APPROVED}),
        frozenset({S.DRAFT, S.SENT}),
        S.WITHDRAWN,
    ),
    "accept": (frozenset({S.SENT}), frozenset({S.SENT}), None),  # 回执 / 接收
    "decline": (frozenset(), frozenset({S.SENT}), S.DECLINED),
    "forward": (frozenset({S.RECEIVED, S.MATERIAL_REQUESTED}), frozenset(), S.FORWARDED),
    "request_material": (frozenset({S.RECEIVED}), frozenset(), S.MATERIAL_REQUESTED),
    "complete_material": (frozenset({S.MATERIAL_REQUESTED}), frozenset(), S.RECEIVED),
    "extend_review": (frozenset({S.RECEIVED, S.MATERIAL_REQUESTED}), frozenset(), None),
    "file": (frozenset({S.RECEIVED, S.SUPERVISION}), frozenset(), S.FILED),
    "not_file": (frozenset({S.RECEIVED}), frozenset(), S.NOT_FILED),
    "request_reconsideration": (frozenset({S.NOT_FILED}), frozenset(), S.RECONSIDERATION),
    "decide_reconsideration": (frozenset({S.RECONSIDERATION}), frozenset(), None),
    "suggest_supervision": (frozenset({S.NOT_FILED, S.UPHELD}), frozenset(), S.SUPERVISION),
    "return_to_administration": (
        frozenset({S.NOT_FILED, S.UPHELD, S.SUPERVISION}),
        frozenset(),
        S.RETURNED,
    ),
    "hand_over": (frozenset({S.FILED}), frozenset(), S.HANDED_OVER),
    "feedback": (frozenset({S.FILED, S.HANDED_OVER}), frozenset({S.ACCEPTED}), None),
    "open_case": (frozenset(), frozenset({S.ACCEPTED}), None),
    # the police's written reasons to the procuratorate (its own stage: Supervision)
    "explain_supervision": (frozenset({S.SUPERVISION}), frozenset(), None),
}

OPEN_STATES = frozenset(State.values) - {
    S.NOT_APPROVED,
    S.FORWARDED,
    S.RETURNED,
    S.DECLINED,
    S.CONCLUDED,
    S.WITHDRAWN,
}
# A criminal transfer in one of these stops the case's administrative penalty (no 以罚代刑,
# 310号令 第十一条): it is with the police, or on its way to them.
WITH_POLICE = frozenset(
    {
        S.AWAITING_APPROVAL,
        S.APPROVED,
        S.SENT,
        S.RECEIVED,
        S.MATERIAL_REQUESTED,
        S.NOT_FILED,
        S.RECONSIDERATION,
        S.UPHELD,
        S.SUPERVISION,
    }
)


class Slot(models.TextChoices):
    """The material sent with a criminal transfer (310号令 第六条). The 移送书 itself is issued
    by the platform when the transfer is sent; the other four must be attached first."""

    REPORT = "report", _("涉嫌犯罪案件情况的调查报告")
    ITEMS = "items", _("涉案物品清单")
    INSPECTION = "inspection", _("有关检验报告或者鉴定结论")
    OTHER = "other", _("其他有关涉嫌犯罪的材料")
    SUPPLEMENT = "supplement", _("补充材料")


REQUIRED_SLOTS = (Slot.REPORT, Slot.ITEMS, Slot.INSPECTION, Slot.OTHER)


class FeedbackKind(models.TextChoices):
    INVESTIGATING = "investigating", _("侦查中")
    PROSECUTION = "prosecution", _("移送审查起诉")
    JUDGMENT = "judgment", _("判决")
    CASE_DROPPED = "case_dropped", _("撤销案件")
    HANDLED = "handled", _("处理结果")
    OTHER = "other", _("其他")


FINAL_FEEDBACK = (FeedbackKind.JUDGMENT, FeedbackKind.CASE_DROPPED, FeedbackKind.HANDLED)


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user) -> "TransferQuerySet":
        """The receiving department once it is sent; in the sending department, those who see
        its case (a 涉密 case: its head and officers), or everyone for a transfer without one;
        the procuratorate, the ones copied to it."""
        from liandong.cases.models import Case

        if getattr(user, "is_authenticated", False) and user.is_external:
            # the procuratorate: the criminal transfers copied to it (抄送), once sent
            return self.filter(copied_to_id=user.department_id, sent_at__isnull=False)
        own_cases = Case.objects.own_cases(user)
        if own_cases is None:
            return self.none()
        return self.filter(
            Q(to_department_id=user.department_id, sent_at__isnull=False)
            | Q(from_department_id=user.department_id, case__isnull=True)
            | Q(
                # EXISTS, not IN: inside the OR, PostgreSQL would scan the list of the
                # department's case ids for every transfer (seconds at a million cases)
                Exists(Case.objects.filter(own_cases, pk=OuterRef("case_id"))),
                from_department_id=user.department_id,
            )
        )

    def with_overdue(self, now=None) -> "TransferQuerySet":
        """Each transfer with ``overdue``: one of its clocks is open and past its due time (a
        transfer the police have not signed for after their 3 days, an answer not given …), for
        both sides to see."""
        from liandong.deadlines.models import Deadline

        late = Deadline.objects.open().filter(
            content_type__app_label="transfers",
            content_type__model="transfer",
            object_id=Cast(OuterRef("pk"), CharField(max_length=64)),
            due_at__lt=now or timezone.now(),
        )
        return self.annotate(overdue=Exists(late))

    def in_jurisdiction(self, jurisdiction_id) -> "TransferQuerySet":
        """Every transfer between the departments of a jurisdiction (the lead unit's overview:
        states and clocks, no case details)."""
        return self.filter(from_department__jurisdiction_id=jurisdiction_id)


class Transfer(models.Model):
    kind = models.CharField(_("移送类别"), max_length=16, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="transfers",
        null=True,
        blank=True,
        verbose_name=_("案件"),
    )
    from_department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="transfers_sent",
        verbose_name=_("移送单位"),
    )
    to_department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="transfers_received",
        verbose_name=_("接收单位"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("经办人"),
    )
    subject = models.CharField(_("标题"), max_length=200)
    facts = models.TextField(_("案件情况"))
    offence = models.CharField(_("涉嫌罪名或违法行为"), max_length=200, blank=True)
    report = models.TextField(_("调查报告"), blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("办案组")
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.DRAFT)
    # the head's decision (310号令 第五条)
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("审批人"),
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    refusal_reason = models.TextField(_("不批准的理由"), blank=True)
    # the transfer, its copy to the procuratorate
    sent_at = models.DateTimeField(_("移送时间"), null=True, blank=True)
    copied_to = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="transfer_copies",
        null=True,
        blank=True,
        verbose_name=_("抄送"),
    )
    # the receiving side
    received_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("签收人"),
    )
    decline_reason = models.TextField(_("退回理由"), blank=True)
    forwarded_to = models.CharField(_("转送机关"), max_length=100, blank=True)
    forward_reason = models.TextField(_("转送理由"), blank=True)
    filing_decided_at = models.DateTimeField(_("立案审查决定时间"), null=True, blank=True)
    police_number = models.CharField(_("立案或不予立案文号"), max_length=60, blank=True)
    non_filing_reason = models.TextField(_("不予立案的理由"), blank=True)
    reconsideration_reason = models.TextField(_("提请复议的理由"), blank=True)
    reconsideration_requested_at = models.DateTimeField(null=True, blank=True)
    reconsideration_upheld = models.BooleanField(_("复议维持"), null=True, blank=True)
    reconsideration_note = models.TextField(_("复议决定"), blank=True)
    reconsideration_decided_at = models.DateTimeField(null=True, blank=True)
    supervision_note = models.TextField(_("立案监督建议"), blank=True)
    supervision_suggested_at = models.DateTimeField(null=True, blank=True)
    # after the 3 days of 第九条: still received (刑诉规则 第五百五十七条), shown as late
    supervision_late = models.BooleanField(_("逾期建议立案监督"), default=False)
    handover_note = models.TextField(_("移交清单"), blank=True)
    handed_over_at = models.DateTimeField(_("移交时间"), null=True, blank=True)
    return_note = models.TextField(_("回到行政处理的说明"), blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回理由"), max_length=500, blank=True)
    created_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("据此立的案件"),
    )
    created_at = models.DateTimeField(_("起草时间"), default=timezone.now)
    concluded_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = TransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件移送")
        verbose_name_plural = _("案件移送")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["to_department", "state"]),
            models.Index(fields=["from_department", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(to_department=F("from_department")), name="transfer_not_own_department"
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="transfer_state_known"
            ),
            models.CheckConstraint(
                condition=Q(case__isnull=False) | Q(kind__in=[Kind.AUDIT, Kind.CLUE]),
                name="transfer_case_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.from_department.jurisdiction.code

    @property
    def is_criminal(self) -> bool:
        return self.kind == Kind.CRIMINAL

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def allows(self, step: str) -> bool:
        criminal, other, _target = TRANSITIONS[step]
        return self.state in (criminal if self.is_criminal else other)


class TransferAttachment(models.Model):
    """Material sent with the transfer: an evidence item of the case in one of the slots."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="attachments")
    slot = models.CharField(_("材料"), max_length=12, choices=Slot.choices)
    item = models.ForeignKey(
        "evidence.EvidenceItem", on_delete=models.PROTECT, related_name="+", verbose_name=_("证据")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("移送材料")
        verbose_name_plural = _("移送材料")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["transfer", "slot", "item"], name="attachment_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_slot_display()}：{self.item_id}"


class MaterialRequest(models.Model):
    """The police's written request for missing material (程序规定 第一百八十条) and its
    completion by the transferring department."""

    transfer = models.ForeignKey(
        Transfer, on_delete=models.PROTECT, related_name="material_requests"
    )
    needed = models.TextField(_("需补充的材料"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    completion_note = models.TextField(_("补充说明"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("补充材料通知")
        verbose_name_plural = _("补充材料通知")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.transfer_id}: {self.needed[:40]}"


class Feedback(models.Model):
    """What the receiving department reports back: the police's later results (侦查、起诉、
    判决) or how the other kinds were handled."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="feedback")
    kind = models.CharField(_("反馈事项"), max_length=16, choices=FeedbackKind.choices)
    text = models.TextField(_("反馈内容"))
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("移送结果反馈")
        verbose_name_plural = _("移送结果反馈")
        ordering = ["given_at", "pk"]

    def __str__(self) -> str:
        return f"{self.transfer_id}: {self.get_kind_display()}"


class ExtensionKind(models.TextChoices):
    """How far the police's review may be extended (公通字〔2017〕25号 第十六条), each the deadline
    rule it gives the clock."""

    TEN_DAYS = "ten_days", _("至迟10日作出决定")
    COMPLEX = "complex", _("案情重大、疑难、复杂或者跨区域性，经县级以上公安机关负责人批准，30日")
    SPECIAL = "special", _("情况特殊，经上一级公安机关负责人批准，再延长30日")


EXTENSION_RULES = {
    ExtensionKind.TEN_DAYS: "transfer.filing_decision_extended",
    ExtensionKind.COMPLEX: "transfer.filing_decision_complex",
    ExtensionKind.SPECIAL: "transfer.filing_decision_special",
}
# which extension may follow which clock (the rule it runs under now)
EXTENDS = {
    ExtensionKind.TEN_DAYS: frozenset({"transfer.filing_decision"}),
    ExtensionKind.COMPLEX: frozenset(
        {"transfer.filing_decision", "transfer.filing_decision_extended"}
    ),
    ExtensionKind.SPECIAL: frozenset({"transfer.filing_decision_complex"}),
}
APPROVED_EXTENSIONS = (ExtensionKind.COMPLEX, ExtensionKind.SPECIAL)


class ReviewExtension(models.Model):
    """The police's decision to take longer than 3 days to decide on 立案: its kind, reason,
    the head who approved it where the law asks for approval, and the new due time."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="extensions")
    kind = models.CharField(_("延长"), max_length=10, choices=ExtensionKind.choices)
    reason = models.TextField(_("理由"))
    approver = models.CharField(_("批准的负责人"), max_length=100, blank=True)
    basis = models.TextField(_("依据"))
    due_at = models.DateTimeField(_("延长后届满"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("立案审查期限延长")
        verbose_name_plural = _("立案审查期限延长")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.transfer_id}: {self.get_kind_display()}"


class SupervisionStage(models.TextChoices):
    """Where a 立案监督 suggestion stands at the procuratorate (人民检察院刑事诉讼规则
    第五百五十七条至第五百六十三条; 公安机关办理刑事案件程序规定 第一百八十二条)."""

    RECEIVED = "received", _("检察院审查中")
    REASONS_REQUESTED = "reasons_requested", _("已要求公安机关说明不立案理由")
    EXPLAINED = "explained", _("公安机关已说明不立案理由")
    FILING_NOTIFIED = "filing_notified", _("已通知公安机关立案")
    REASONS_STAND = "reasons_stand", _("不立案理由成立，待告知移送单位")
    DECLINED = "declined", _("不予监督，已答复移送单位")
    FILED = "filed", _("公安机关已立案")


class SupervisionDecision(models.TextChoices):
    """The procuratorate's answer on the merits."""

    NOTIFY_FILING = "notify_filing", _("通知立案")
    REASONS_STAND = "reasons_stand", _("不立案理由成立")
    DECLINED = "declined", _("不予监督")


SUPERVISION_STEPS: dict[str, tuple[frozenset[str], str]] = {
    "require_reasons": (frozenset({SupervisionStage.RECEIVED}), SupervisionStage.REASONS_REQUESTED),
    "explain": (frozenset({SupervisionStage.REASONS_REQUESTED}), SupervisionStage.EXPLAINED),
    "notify_filing": (frozenset({SupervisionStage.EXPLAINED}), SupervisionStage.FILING_NOTIFIED),
    "find_reasons_stand": (frozenset({SupervisionStage.EXPLAINED}), SupervisionStage.REASONS_STAND),
    "decline": (
        frozenset({SupervisionStage.RECEIVED, SupervisionStage.REASONS_STAND}),
        SupervisionStage.DECLINED,
    ),
}
# the stages the procuratorate has to act in (its to-do list)
SUPERVISION_PENDING = frozenset(
    {SupervisionStage.RECEIVED, SupervisionStage.EXPLAINED, SupervisionStage.REASONS_STAND}
)
SUPERVISION_CLOSED = frozenset({SupervisionStage.DECLINED, SupervisionStage.FILED})


class SupervisionQuerySet(models.QuerySet):
    def visible_to(self, user) -> "SupervisionQuerySet":
        """The procuratorate it was suggested to; the police and the transferring department see
        it with the transfer."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        return self.filter(
            Q(procuratorate_id=user.department_id)
            | Q(transfer__in=Transfer.objects.visible_to(user).values("pk"))
        )


class Supervision(models.Model):
    """A 立案监督 suggestion at the procuratorate and its answers: 要求说明不立案理由 (the police
    explain within 7 days), then 通知立案 (the police file within 15 days) or 不立案理由成立 (the
    department is told within 10 days); or 不予监督 at once. The procuratorate's own 文书 are
    issued in its own system: each answer records their number."""

    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="supervision")
    procuratorate = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="supervisions",
        verbose_name=_("人民检察院"),
    )
    stage = models.CharField(
        _("监督进展"),
        max_length=20,
        choices=SupervisionStage.choices,
        default=SupervisionStage.RECEIVED,
    )
    received_at = models.DateTimeField(_("收到建议时间"), default=timezone.now)
    late = models.BooleanField(_("逾期建议"), default=False)
    reasons_requested_at = models.DateTimeField(_("要求说明理由时间"), null=True, blank=True)
    reasons_request_number = models.CharField(
        _("要求说明不立案理由通知书文号"), max_length=60, blank=True
    )
    reasons_request_note = models.TextField(_("要求说明的事项"), blank=True)
    explained_at = models.DateTimeField(_("说明理由时间"), null=True, blank=True)
    explanation = models.TextField(_("不立案理由说明"), blank=True)
    explanation_number = models.CharField(_("不立案理由说明书文号"), max_length=60, blank=True)
    decision = models.CharField(
        _("审查决定"), max_length=16, choices=SupervisionDecision.choices, blank=True
    )
    decided_at = models.DateTimeField(_("审查决定时间"), null=True, blank=True)
    decision_number = models.CharField(_("通知立案书文号"), max_length=60, blank=True)
    decision_reasons = models.TextField(_("审查意见和理由"), blank=True)
    answered_at = models.DateTimeField(_("答复移送单位时间"), null=True, blank=True)
    answer = models.TextField(_("答复移送单位的依据和理由"), blank=True)
    answer_number = models.CharField(_("答复文号"), max_length=60, blank=True)
    filed_at = models.DateTimeField(_("公安机关立案时间"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("立案监督")
        verbose_name_plural = _("立案监督")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["procuratorate", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(stage__in=SupervisionStage.values), name="supervision_stage_known"
            )
        ]

    def __str__(self) -> str:
        return f"立案监督：{self.transfer.subject}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.procuratorate.jurisdiction.code

    @property
    def is_pending(self) -> bool:
        return self.stage in SUPERVISION_PENDING

    @property
    def answered_on(self):
        """When the procuratorate answered the suggestion on its merits: 通知立案, or 不予监督
        told to the department; None while it has not (or the police filed first)."""
        if self.decision == SupervisionDecision.NOTIFY_FILING:
            return self.decided_at
        return self.answered_at

    def allows(self, step: str) -> bool:
        return self.stage in SUPERVISION_STEPS[step][0]
