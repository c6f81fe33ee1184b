"""Credit records (信用记录, seed 一(五), 二(三); DESIGN.md §4.7).

A record is entered by the department that decided the penalty (prefilled from its case or
entered directly), reviewed by 发展改革 (DRC, who run the credit platform's side), pushed to the
credit platform (信用中国) and published there for the period the rules in force on the decision
date give (``periods``). Imported entries of external lists (失信被执行人 …) are kept beside the
records so that the supplier check covers subjects penalised elsewhere; they are not reviewed or
pushed: they come from the platform that keeps the list.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liandong.credit import listing, shuanggongshi
from liandong.credit.periods import Severity


class RecordKind(models.TextChoices):
    PENALTY = "penalty", _("行政处罚")
    SERIOUS = "serious", _("政府采购严重违法失信行为记录")
    BAN = "ban", _("禁止参加政府采购活动")


class SubjectCategory(models.TextChoices):
    ORGANIZATION = shuanggongshi.ORGANIZATION, _("法人及非法人组织")
    NATURAL_PERSON = shuanggongshi.NATURAL_PERSON, _("自然人")
    SOLE_TRADER = shuanggongshi.SOLE_TRADER, _("个体工商户")


class SeverityChoice(models.TextChoices):
    MINOR = Severity.MINOR.value, _("轻微失信行为")
    GENERAL = Severity.GENERAL.value, _("一般失信行为")
    SERIOUS = Severity.SERIOUS.value, _("严重失信行为")


class RecordState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    REVIEWED = "reviewed", _("已审核")
    PUBLISHED = "published", _("已公示")
    EXPIRED = "expired", _("公示期满")
    REPAIRED = "repaired", _("已信用修复")
    WITHDRAWN = "withdrawn", _("已撤销")


S = RecordState

# Every step, the states it may start from, and where it leads (None: stays).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "edit": (frozenset({S.DRAFT}), None),
    "submit": (frozenset({S.DRAFT}), S.SUBMITTED),  # the deciding department, to DRC
    "return": (frozenset({S.SUBMITTED}), S.DRAFT),  # DRC sends it back with the reason
    "review": (frozenset({S.SUBMITTED}), S.REVIEWED),  # DRC: checked; the push is queued
    "publish": (frozenset({S.REVIEWED}), S.PUBLISHED),  # the platform took it (push or by hand)
    "expire": (frozenset({S.PUBLISHED}), S.EXPIRED),  # the publication period has run
    "repair": (frozenset({S.PUBLISHED}), S.REPAIRED),  # 信用修复 after the minimum period
    "withdraw": (frozenset({S.DRAFT, S.SUBMITTED, S.REVIEWED, S.PUBLISHED}), S.WITHDRAWN),
}

# Records whose decision stands: they count in the supplier check. A draft or a record waiting
# for review may still be wrong; a withdrawn one was revoked. An expired or repaired record is
# no longer shown, but a ban it carries still bars (a ban may outlast publication).
DECIDED = frozenset({S.REVIEWED, S.PUBLISHED, S.EXPIRED, S.REPAIRED})


def name_key(name: str) -> str:
    """How names are compared: no spaces, full-width brackets as half-width, upper case."""
    return "".join(name.split()).replace("（", "(").replace("）", ")").upper()


class CreditRecordQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CreditRecordQuerySet":
        """The deciding department sees its own records; DRC (who reviews) sees every record
        of its jurisdiction that was submitted; the lead unit and the other members see the
        records that are decided. Administrators see none."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        department = user.department
        if not department.is_member:
            return self.none()
        own = Q(department_id=department.pk)
        others = ~Q(state__in=[S.DRAFT]) if department.kind == "DRC" else Q(state__in=DECIDED)
        return self.filter(own | others, department__jurisdiction_id=department.jurisdiction_id)

    def deciding(self) -> "CreditRecordQuerySet":
        return self.filter(state__in=DECIDED)

    def search(self, text: str) -> "CreditRecordQuerySet":
        """By the subject's name, its code, or the decision number."""
        text = (text or "").strip()[:100]
        if not text:
            return self
        return self.filter(
            Q(subject_name__icontains=text)
            | Q(subject_code=text.upper())
            | Q(decision_number__icontains=text)
        )


class CreditRecord(models.Model):
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="credit_records",
        verbose_name=_("处罚机关"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="credit_records",
        null=True,
        blank=True,
        verbose_name=_("案件"),
    )
    kind = models.CharField(_("记录类别"), max_length=10, choices=RecordKind.choices)
    # The subject (行政相对人).
    subject_name = models.CharField(_("行政相对人名称"), max_length=200)
    subject_key = models.CharField(max_length=200, editable=False, db_index=True)
    subject_category = models.CharField(
        _("行政相对人类别"), max_length=12, choices=SubjectCategory.choices
    )
    subject_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=60, blank=True)
    id_number_sealed = models.TextField(_("证件号码（SM4加密）"), blank=True, editable=False)
    id_number_tail = models.CharField(max_length=4, blank=True, editable=False)
    # The decision.
    decision_number = models.CharField(_("行政处罚决定书文号"), max_length=60)
    violation_type = models.CharField(_("违法行为类型"), max_length=200)
    facts = models.TextField(_("违法事实"))
    basis = models.TextField(_("处罚依据"))
    penalty_category = models.CharField(_("处罚类别"), max_length=100)
    penalty_content = models.TextField(_("处罚内容"))
    fine = models.DecimalField(
        _("罚款金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    confiscated = models.DecimalField(
        _("没收违法所得、没收非法财物的金额（元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    licence = models.CharField(_("暂扣或吊销证照名称及编号"), max_length=200, blank=True)
    decision_date = models.DateField(_("处罚决定日期"))
    ban_start = models.DateField(_("禁止参加政府采购活动起始日期"), null=True, blank=True)
    ban_end = models.DateField(_("禁止参加政府采购活动截止日期"), null=True, blank=True)
    severity = models.CharField(
        _("失信程度"), max_length=10, choices=SeverityChoice.choices, default=Severity.GENERAL
    )
    valid_until = models.DateField(_("处罚有效期"))
    publication_end = models.DateField(_("公示截止期"))
    earliest_repair = models.DateField(_("可申请信用修复日期"), null=True, blank=True)
    period_explanation = models.TextField(_("公示期说明"), blank=True)
    listing_explanation = models.TextField(_("严重违法失信名单说明"), blank=True)
    remarks = models.TextField(_("备注"), blank=True)
    # The workflow.
    state = models.CharField(
        _("状态"), max_length=10, choices=RecordState.choices, default=RecordState.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.TextField(_("审核意见"), blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("终止时间"), null=True, blank=True)
    end_reason = models.TextField(_("终止原因"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CreditRecordQuerySet.as_manager()

    AUDITED_FIELDS = (
        "kind",
        "subject_name",
        "subject_category",
        "subject_code",
        "legal_representative",
        "decision_number",
        "violation_type",
        "facts",
        "basis",
        "penalty_category",
        "penalty_content",
        "fine",
        "confiscated",
        "licence",
        "decision_date",
        "ban_start",
        "ban_end",
        "severity",
        "valid_until",
        "publication_end",
        "remarks",
        "state",
    )

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ban_start__isnull=True, ban_end__isnull=True)
                | Q(
                    ban_start__isnull=False,
                    ban_end__isnull=False,
                    ban_end__gte=models.F("ban_start"),
                ),
                name="credit_ban_dates_together",
            ),
            models.CheckConstraint(
                condition=Q(publication_end__gte=models.F("decision_date")),
                name="credit_publication_after_decision",
            ),
        ]
        indexes = [
            models.Index(
                fields=["department", "state", "-created_at"], name="credit_by_department"
            ),
            models.Index(fields=["state", "-created_at"], name="credit_by_state"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} {self.decision_number}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code

    @property
    def masked_id_number(self) -> str:
        return "*" * 14 + self.id_number_tail if self.id_number_tail else ""

    def penalty(self) -> listing.Penalty:
        """The record as the listing rules read it."""
        return listing.Penalty(
            decided_on=self.decision_date,
            fine=self.fine or 0,
            ban_start=self.ban_start,
            ban_end=self.ban_end,
            document_number=self.decision_number,
            authority=self.department.name,
        )


class PushState(models.TextChoices):
    WAITING = "waiting", _("待推送")
    RETRYING = "retrying", _("推送失败，等待重试")
    SENT = "sent", _("已推送")
    FAILED = "failed", _("多次推送失败，需人工处理")
    MANUAL = "manual", _("已人工报送，不再推送")
    CANCELLED = "cancelled", _("记录已撤销，不再推送")


class PushOperation(models.TextChoices):
    PUBLISH = "publish", _("公示")
    WITHDRAW = "withdraw", _("撤下")


class Push(models.Model):
    """One message to the credit platform about one record: sent until it is accepted, under
    one idempotency key, so that a retry after a lost answer cannot publish it twice."""

    record = models.ForeignKey(CreditRecord, on_delete=models.PROTECT, related_name="pushes")
    operation = models.CharField(_("推送内容"), max_length=10, choices=PushOperation.choices)
    idempotency_key = models.UUIDField(_("幂等键"), default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField(_("报文"))
    state = models.CharField(
        _("推送状态"), max_length=10, choices=PushState.choices, default=PushState.WAITING
    )
    attempts = models.PositiveSmallIntegerField(_("已尝试次数"), default=0)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("推送成功时间"), null=True, blank=True)
    last_error = models.TextField(_("最近一次错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("推送")
        verbose_name_plural = _("推送")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="credit_push_due")]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} {self.record}"


class PushAttempt(models.Model):
    """What one try at sending a push got: kept for every try, visible on the record."""

    push = models.ForeignKey(Push, on_delete=models.CASCADE, related_name="tries")
    number = models.PositiveSmallIntegerField(_("次序"))
    at = models.DateTimeField(_("时间"), default=timezone.now)
    ok = models.BooleanField(_("成功"), default=False)
    status_code = models.PositiveSmallIntegerField(_("HTTP状态码"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=200)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"), default=0)

    class Meta:
        verbose_name = _("推送尝试")
        verbose_name_plural = _("推送尝试")
        ordering = ["push", "number"]
        constraints = [
            models.UniqueConstraint(fields=["push", "number"], name="credit_push_attempt_once")
        ]

    def __str__(self) -> str:
        return f"{self.push} #{self.number}"


class ListKindChoice(models.TextChoices):
    JUDGMENT_DEFAULTER = listing.ListKind.JUDGMENT_DEFAULTER.value, _("失信被执行人名单")
    MAJOR_TAX_VIOLATION = listing.ListKind.MAJOR_TAX_VIOLATION.value, _("重大税收违法失信主体名单")
    SERIOUS_VIOLATION = (
        listing.ListKind.SERIOUS_VIOLATION.value,
        _("政府采购严重违法失信行为记录名单"),
    )


class ListImport(models.Model):
    """One upload of an external list (CSV or XLSX with a column mapping)."""

    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("名单类别"), max_length=24, choices=ListKindChoice.choices)
    source = models.CharField(_("来源"), max_length=200)
    file_name = models.CharField(_("文件名"), max_length=200)
    digest = models.CharField(_("文件SM3摘要"), max_length=64)
    mapping = models.JSONField(_("列对应关系"))
    rows_read = models.PositiveIntegerField(_("读取行数"), default=0)
    rows_imported = models.PositiveIntegerField(_("导入行数"), default=0)
    rows_skipped = models.PositiveIntegerField(_("跳过行数"), default=0)
    problems = models.JSONField(_("错误行"), default=list)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        verbose_name = _("外部名单导入")
        verbose_name_plural = _("外部名单导入")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.source}）"

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code


class ListedSubject(models.Model):
    """A subject on an external list, as imported."""

    batch = models.ForeignKey(ListImport, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("名单类别"), max_length=24, choices=ListKindChoice.choices)
    name = models.CharField(_("名称"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, db_index=True)
    listed_on = models.DateField(_("列入日期"))
    removed_after = models.DateField(_("移出日期"), null=True, blank=True)
    reason = models.TextField(_("列入原因"), blank=True)

    class Meta:
        verbose_name = _("外部名单主体")
        verbose_name_plural = _("外部名单主体")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def entry(self) -> listing.ListEntry:
        return listing.ListEntry(
            kind=listing.ListKind(self.kind),
            listed_on=self.listed_on,
            removed_after=self.removed_after,
            source=self.batch.source,
        )


class PeriodVersion(models.Model):
    """A version of the publication periods (RULES.md §6), in force from ``since``: the table
    an administrator keeps when the rules change. Seeded from ``periods.VERSIONS``."""

    since = models.DateField(_("施行日期"), unique=True)
    title = models.CharField(_("规定名称"), max_length=200)
    basis = models.TextField(_("依据"))
    terms = models.JSONField(_("公示期"))  # {severity: [min_months, max_months, published]}
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("公示期规则")
        verbose_name_plural = _("公示期规则")
        ordering = ["since"]

    def __str__(self) -> str:
        return f"{self.title}（{self.since.isoformat()}起）"


class CheckClient(models.Model):
    """A purchaser or procurement agency that checks suppliers through the API (or the
    purchasers' page) with its own token, within its rate limit."""

    class Kind(models.TextChoices):
        PURCHASER = "purchaser", _("采购人")
        AGENCY = "agency", _("采购代理机构")

    jurisdiction = models.ForeignKey(
        "organizations.Jurisdiction", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("单位名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    token_prefix = models.CharField(max_length=12, editable=False)
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    per_minute = models.PositiveIntegerField(_("每分钟查询上限"), default=120)
    window_start = models.DateTimeField(null=True, blank=True, editable=False)
    window_count = models.PositiveIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("查询单位")
        verbose_name_plural = _("查询单位")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "uscc"], name="check_client_once")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_jurisdiction(self) -> str:
        return self.jurisdiction.code
