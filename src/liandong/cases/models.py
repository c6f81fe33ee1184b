from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ViolationType(models.Model):
    """An entry of the violation vocabulary, with its legal basis (RULES.md §4, §5)."""

    code = models.CharField(_("编号"), max_length=60, unique=True)
    name = models.CharField(_("违法行为类型"), max_length=200)
    basis = models.TextField(_("依据"))
    penalty_rule = models.CharField(_("罚款计算规则"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("违法行为类型")
        verbose_name_plural = _("违法行为类型")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CaseSource(models.TextChoices):
    COMPLAINT = "complaint", _("投诉")
    REPORT = "report", _("举报")
    INSPECTION = "inspection", _("监督检查")
    AUDIT_TRANSFER = "audit_transfer", _("审计移送")
    DEPARTMENT_TRANSFER = "department_transfer", _("部门移送")
    SCREENING = "screening", _("线索筛查")
    OTHER = "other", _("其他")


class ProcurementMethod(models.TextChoices):
    OPEN_TENDER = "open_tender", _("公开招标")
    INVITED_TENDER = "invited_tender", _("邀请招标")
    NEGOTIATION = "negotiation", _("竞争性谈判")
    CONSULTATION = "consultation", _("竞争性磋商")
    INQUIRY = "inquiry", _("询价")
    SINGLE_SOURCE = "single_source", _("单一来源")
    FRAMEWORK = "framework", _("框架协议")


class CaseState(models.TextChoices):
    CLUE = "clue", _("线索登记")
    PRELIMINARY = "preliminary", _("初核")
    FILED = "filed", _("立案")
    INVESTIGATION = "investigation", _("调查取证")
    HEARING = "hearing", _("审理")
    DECIDED = "decided", _("决定")
    EXECUTION = "execution", _("执行")
    CLOSED = "closed", _("结案")
    ARCHIVED = "archived", _("归档")


class DecisionKind(models.TextChoices):
    PENALTY = "penalty", _("处罚")
    NO_PENALTY = "no_penalty", _("不予处罚")
    TRANSFER = "transfer", _("移送")
    WITHDRAWN = "withdrawn", _("撤案")


class ServiceMethod(models.TextChoices):
    """How a penalty decision reaches the party (行政处罚法 第六十一条; 民事诉讼法 送达)."""

    HANDED = "handed", _("宣告后当场交付")
    DIRECT = "direct", _("直接送达")
    LEFT = "left", _("留置送达")
    ELECTRONIC = "electronic", _("电子送达（当事人同意并签订确认书）")
    ENTRUSTED = "entrusted", _("委托送达")
    POST = "post", _("邮寄送达")
    NOTICE = "notice", _("公告送达")


class CasePart(models.TextChoices):
    SUMMARY = "summary", _("案件概况")
    PARTIES = "parties", _("当事人")
    EVIDENCE = "evidence", _("证据")
    ALL = "all", _("全部")


class InSubquery(Func):
    """``field IN (subquery)``, written ``field = ANY(ARRAY(subquery))`` on PostgreSQL: there the
    subquery runs once before the scan and its result is looked up in the field's index, even
    inside an OR, where a plain IN becomes a filter run on every row of the table."""

    output_field = models.BooleanField()
    template = "(%(expressions)s)"
    arg_joiner = " IN "

    def __init__(self, field: str, values: models.QuerySet):
        super().__init__(F(field), Subquery(values))

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(%(expressions)s))",
            arg_joiner=" = ANY(ARRAY",
            **extra_context,
        )


def case_follows(user, path: str | None = "case") -> Q:
    """The one rule for everything that names a case (a timer, a consultation, an assistance
    request, a to-do …): it is seen only where the case is. What names no case, or a case that is
    not 涉密, keeps its own scope; what names a 涉密 case is seen only by those who see the case
    (its department's head and assigned officers, a department it was shared with).
    ``path=None``: the cases themselves (a list of cases beyond those ``visible_to`` gives, as
    the lead unit's overview of the jurisdiction)."""
    secret = Case.objects.visible_to(user).filter(confidential=True).values("pk")
    if path is None:
        return Q(confidential=False) | Q(pk__in=secret)
    return (
        Q(**{f"{path}__isnull": True})
        | Q(**{f"{path}__confidential": False})
        | Q(**{f"{path}__in": secret})
    )


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CaseQuerySet":
        """The department's own cases, and those another department shared with it. A case
        marked 涉密 is seen in its department only by the head and its assigned officers.
        System administrators run the platform; they do not read case files."""
        parts = self.visible_parts(user)
        if not parts:
            return self.none()
        either = parts[0]
        for part in parts[1:]:
            either |= part
        return self.filter(either)

    @staticmethod
    def own_cases(user) -> Q | None:
        """The department's own cases ``user`` sees (all of ``visible_parts`` but the shared)."""
        parts = CaseQuerySet.visible_parts(user)
        if parts is None:
            return None
        own = parts[0]
        for part in parts[1:-1]:
            own |= part
        return own

    @staticmethod
    def visible_parts(user) -> tuple[Q, ...] | None:
        """What ``visible_to`` lets ``user`` see, as conditions that never overlap: the
        department's own cases (for other than the head: those not 涉密, and the 涉密 ones they
        handle), and those shared with it. The case list reads each apart, as an
        ordered index scan that stops at the page; their OR is not one."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return None
        department = Q(department_id=user.department_id)
        shared = CaseGrant.objects.filter(department_id=user.department_id).values("case_id")
        shared = Q(InSubquery("pk", shared)) & ~department
        # 涉密 or not: two parts, each an ordered scan of the list's indexes (an OR inside a
        # part would cost it that). 涉密 cases only for the head and their officers.
        secret = department & Q(confidential=True)
        if user.role != "head":
            assigned = Case.officers.through.objects.filter(user_id=user.pk).values("case_id")
            secret &= Q(pk__in=assigned)
        return department & Q(confidential=False), secret, shared


class Case(models.Model):
    """An investigation file of one department (案件)."""

    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("办案单位"),
    )
    number = models.CharField(_("案件编号"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveIntegerField(_("序号"))
    title = models.CharField(_("案由"), max_length=200)
    source = models.CharField(_("案件来源"), max_length=24, choices=CaseSource.choices)
    summary = models.TextField(_("案情摘要"), blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=CaseState.choices, default=CaseState.CLUE
    )
    confidential = models.BooleanField(_("涉密"), default=False)
    officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="cases", blank=True, verbose_name=_("办案人员")
    )
    violation_types = models.ManyToManyField(
        ViolationType, related_name="cases", blank=True, verbose_name=_("违法行为类型")
    )
    # The procurement the case concerns.
    project_number = models.CharField(_("采购项目编号"), max_length=60, blank=True)
    project_name = models.CharField(_("采购项目名称"), max_length=200, blank=True)
    purchaser = models.CharField(_("采购人"), max_length=200, blank=True)
    agency = models.CharField(_("采购代理机构"), max_length=200, blank=True)
    procurement_method = models.CharField(
        _("采购方式"), max_length=20, choices=ProcurementMethod.choices, blank=True
    )
    budget = models.DecimalField(_("预算金额（元）"), max_digits=16, decimal_places=2, null=True)
    winning_amount = models.DecimalField(
        _("中标（成交）金额（元）"), max_digits=16, decimal_places=2, null=True
    )
    announced_on = models.DateField(_("公告日期"), null=True, blank=True)
    awarded_on = models.DateField(_("中标（成交）日期"), null=True, blank=True)
    # Facts the transfer advisor reads (RULES.md §3), in yuan.
    direct_loss = models.DecimalField(
        _("直接经济损失（元）"), max_digits=16, decimal_places=2, null=True
    )
    illegal_gains = models.DecimalField(
        _("违法所得（元）"), max_digits=16, decimal_places=2, null=True
    )
    coercion_or_bribery = models.BooleanField(_("采取威胁、欺骗或者贿赂等非法手段"), default=False)
    prior_collusion_penalties = models.JSONField(
        _("此前因串通投标受行政处罚的日期"), default=list, blank=True
    )
    act_date = models.DateField(
        _("违法行为发生日期"),
        null=True,
        blank=True,
        help_text=_("有连续或者继续状态的，填行为终了之日（行政处罚法第三十六条）"),
    )
    counterfeit_sales = models.DecimalField(
        _("伪劣产品销售金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    counterfeit_unsold = models.DecimalField(
        _("尚未销售的伪劣产品货值金额（元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    fraud_amount = models.DecimalField(
        _("合同诈骗数额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    false_ad_gains = models.DecimalField(
        _("虚假广告违法所得（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    false_ad_food_drug = models.BooleanField(_("对食品、药品作虚假宣传"), default=False)
    prior_false_ad_penalties = models.JSONField(
        _("此前因利用广告作虚假宣传受行政处罚的日期"), default=list, blank=True
    )
    private_bribe = models.DecimalField(
        _("向公司、企业或者其他单位的工作人员行贿数额（元）"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    private_bribe_by_unit = models.BooleanField(_("单位行贿"), default=False)
    official_bribe = models.DecimalField(
        _("向国家工作人员行贿数额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    official_bribe_aggravating = models.BooleanField(
        _("具有法释〔2016〕9号第七条第二款所列情形"), default=False
    )
    # The decision.
    decision_kind = models.CharField(
        _("决定类别"), max_length=12, choices=DecisionKind.choices, blank=True
    )
    decision_number = models.CharField(_("决定书文号"), max_length=60, blank=True)
    decision_date = models.DateField(_("决定日期"), null=True, blank=True)
    # 听证 (行政处罚法 第六十三条、第六十四条)
    hearing_notified_on = models.DateField(_("告知听证权利日期"), null=True, blank=True)
    hearing_requested = models.BooleanField(_("当事人要求听证"), null=True, blank=True)
    hearing_on = models.DateField(_("听证日期"), null=True, blank=True)
    hearing_place = models.CharField(_("听证地点"), max_length=200, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(
        _("送达方式"), max_length=12, choices=ServiceMethod.choices, blank=True
    )
    filed_at = models.DateTimeField(_("立案时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    AUDITED_FIELDS = (
        "state",
        "title",
        "summary",
        "confidential",
        "decision_kind",
        "decision_number",
        "decision_date",
        "served_on",
        "service_method",
        "hearing_notified_on",
        "hearing_requested",
        "hearing_on",
        "hearing_place",
    )

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "year", "sequence"], name="case_number_once"
            )
        ]
        indexes = [
            # The case list, newest first, of one department (queries.CaseList), with and
            # without the state filter; 涉密 or not is a part of the list of its own (see
            # CaseQuerySet.visible_parts). The search's trigram indexes are in migration 0002.
            models.Index(
                fields=["department", "confidential", "state", "-created_at", "-id"],
                name="case_list_by_state",
            ),
            models.Index(
                fields=["department", "confidential", "-created_at", "-id"], name="case_list"
            ),
            # the figures of a period (reports.figures): index-only reads on PostgreSQL
            models.Index(
                fields=["department", "created_at"],
                include=["id", "source", "state", "filed_at"],
                name="case_period",
            ),
            models.Index(
                fields=["department", "filed_at"],
                include=["id"],
                condition=Q(filed_at__isnull=False),
                name="case_filed",
            ),
            models.Index(
                fields=["department", "closed_at"],
                include=["id"],
                condition=Q(closed_at__isnull=False),
                name="case_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code


class CaseGrant(models.Model):
    """A part of a case given to another department (by a consultation, an assistance request,
    a transfer, or shared by hand)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.CASCADE, related_name="case_grants"
    )
    part = models.CharField(_("范围"), max_length=10, choices=CasePart.choices)
    source = models.CharField(_("来源"), max_length=30, default="manual")
    note = models.CharField(_("说明"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "department", "part"], name="case_grant_once")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.department_id}: {self.part}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.case.department.jurisdiction.code


class PartyRole(models.TextChoices):
    SUPPLIER = "supplier", _("供应商")
    PURCHASER = "purchaser", _("采购人")
    AGENCY = "agency", _("采购代理机构")
    EXPERT = "expert", _("评审专家")
    PERSON = "person", _("自然人")


ORGANISATION_ROLES = (PartyRole.SUPPLIER, PartyRole.PURCHASER, PartyRole.AGENCY)


class Party(models.Model):
    """当事人. An organisation by its 统一社会信用代码; a person by an ID number kept
    SM4-encrypted and shown masked except to the case's own officers."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("角色"), max_length=12, choices=PartyRole.choices)
    name = models.CharField(_("名称或姓名"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    id_number_sealed = models.TextField(_("身份证号码（SM4加密）"), blank=True, editable=False)
    id_number_tail = models.CharField(max_length=4, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    @property
    def masked_id_number(self) -> str:
        return "*" * 14 + self.id_number_tail if self.id_number_tail else ""


class JournalEntry(models.Model):
    """工作记录: a free-text note on a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="journal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("内容"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("工作记录")
        verbose_name_plural = _("工作记录")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]


class Threshold(models.Model):
    """A threshold of the transfer advisor (RULES.md §3), one row per version: a revised figure
    is a new row with the date it applies from."""

    code = models.CharField(_("编号"), max_length=60)
    offence = models.CharField(_("罪名或情形"), max_length=100)
    track = models.CharField(_("类别"), max_length=30)
    measure = models.CharField(_("指标"), max_length=40)
    amount = models.DecimalField(_("标准"), max_digits=16, decimal_places=2)
    window_years = models.PositiveSmallIntegerField(_("期间（年）"), null=True, blank=True)
    basis = models.TextField(_("依据"))
    effective_from = models.DateField(_("施行日期"))

    class Meta:
        verbose_name = _("移送标准")
        verbose_name_plural = _("移送标准")
        ordering = ["code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="threshold_version"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="threshold_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.offence} {self.amount}（{self.effective_from} 起）"
