import datetime as dt

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liandong.deadlines.periods import Unit


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class CalendarYear(models.Model):
    """A year's holiday arrangement entered by an administrator (years the chinesecalendar
    package does not cover)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(
        _("依据"),
        max_length=200,
        blank=True,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知"),
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}"


class CalendarDay(models.Model):
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日安排日期")
        verbose_name_plural = _("节假日安排日期")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class UnitChoice(models.TextChoices):
    HOURS = Unit.HOURS.value, _("小时")
    CALENDAR_DAYS = Unit.CALENDAR_DAYS.value, _("日")
    WORKDAYS = Unit.WORKDAYS.value, _("工作日")


def period_label(amount: int, unit_display: str) -> str:
    """ "3日" in Chinese, "3 days" in English."""
    return gettext("%(amount)d%(unit)s") % {"amount": amount, "unit": unit_display}


class EscalateTo(models.TextChoices):
    DEPARTMENT_HEAD = "department_head", _("责任单位负责人")


class DeadlineRule(models.Model):
    """A period the law or the mechanism sets, with the text it comes from (RULES.md §1, §2)."""

    code = models.CharField(_("编号"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    basis = models.TextField(_("依据"))
    amount = models.PositiveIntegerField(_("期限"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("单位"), max_length=16, choices=UnitChoice.choices)
    configurable = models.BooleanField(_("可调整"), default=False)
    pausable = models.BooleanField(
        _("可中止计时"), default=False, help_text=_("检验、检测、鉴定、专家评审、补正的时间不计入")
    )
    statutory = models.BooleanField(
        _("法定期限"), default=False, help_text=_("期限由法律规定，只能调整按日或按工作日计算")
    )
    reminder_hours = models.JSONField(
        _("提前提醒（小时）"),
        default=list,
        blank=True,
        help_text=_("到期前多少小时提醒，如 [48, 4]"),
    )
    escalate_to = models.CharField(
        _("逾期上报"), max_length=20, choices=EscalateTo.choices, default=EscalateTo.DEPARTMENT_HEAD
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    AUDITED_FIELDS = ("amount", "unit", "reminder_hours")

    class Meta:
        verbose_name = _("期限规则")
        verbose_name_plural = _("期限规则")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=1), name="deadline_rule_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit__in=[u.value for u in Unit]), name="deadline_rule_unit_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.period}）"

    @property
    def period(self) -> str:
        return period_label(self.amount, self.get_unit_display())

    @property
    def audit_jurisdiction(self) -> str:
        return ""


class DeadlineState(models.TextChoices):
    RUNNING = "running", _("计时中")
    PAUSED = "paused", _("已中止计时")
    MET = "met", _("已完成")
    MISSED = "missed", _("已逾期")
    CANCELLED = "cancelled", _("已撤销")


OPEN_STATES = (DeadlineState.RUNNING, DeadlineState.PAUSED, DeadlineState.MISSED)

# The timer's workflow: each verb and the states it may start from. "miss" is the sweep's.
TRANSITIONS: dict[str, frozenset[str]] = {
    "pause": frozenset({DeadlineState.RUNNING}),
    "resume": frozenset({DeadlineState.PAUSED}),
    "extend": frozenset({DeadlineState.RUNNING, DeadlineState.PAUSED}),
    "meet": frozenset(OPEN_STATES),
    "cancel": frozenset(OPEN_STATES),
    "miss": frozenset({DeadlineState.RUNNING}),
}


class PauseReason(models.TextChoices):
    INSPECTION = "inspection", _("检验")
    TESTING = "testing", _("检测")
    APPRAISAL = "appraisal", _("鉴定")
    EXPERT_REVIEW = "expert_review", _("专家评审")
    CORRECTION = "correction", _("补正")
    TRANSFER = "transfer", _("移送公安机关")


class DeadlineQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DeadlineQuerySet":
        """A timer is seen by the department that must meet it — and, when it names a case,
        only where the case is: a 涉密 case's timers by those who see the case (its head and
        assigned officers), and no case's timers by system administrators, who do not read
        case files."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from liandong.cases.models import case_follows  # by name: cases sits above deadlines

        mine = self.filter(department_id=user.department_id)
        if user.role == "admin":
            return mine.filter(case__isnull=True)
        return mine.filter(case_follows(user))

    def actionable_by(self, user) -> "DeadlineQuerySet":
        """What ``user`` may mark done, pause or cancel: what they see, as a head or officer."""
        if user.role not in ("head", "officer"):
            return self.none()
        return self.visible_to(user)

    def for_object(self, obj) -> "DeadlineQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )

    def open(self) -> "DeadlineQuerySet":
        return self.filter(state__in=OPEN_STATES)


class Deadline(models.Model):
    """A running clock: what it belongs to, which rule, when it started and when it is due.

    The rule's figures and basis are copied when the timer starts, so a later change of the rule
    applies to timers started afterwards only.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    # the case the timer names (its subject's case, or the subject itself): a timer is seen
    # only where its case is (``visible_to``)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("所属案件"),
    )
    object_repr = models.CharField(_("对象"), max_length=200)
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("责任单位"),
    )
    rule = models.ForeignKey(DeadlineRule, on_delete=models.PROTECT, verbose_name=_("规则"))
    name = models.CharField(_("名称"), max_length=100)
    basis = models.TextField(_("依据"))
    amount = models.PositiveIntegerField(_("期限"))
    unit = models.CharField(_("单位"), max_length=16, choices=UnitChoice.choices)
    started_at = models.DateTimeField(_("起算时间"))
    # Day periods are (re)computed from here: the start, or the last resumption after a pause.
    counted_from = models.DateTimeField(_("本次计时起点"))
    counted_amount = models.PositiveIntegerField(_("本次计时长度"))
    due_at = models.DateTimeField(_("届满时间"), db_index=True)
    last_day = models.DateField(_("最后一日"), null=True, blank=True)
    assumed_years = models.JSONField(_("按周一至周五推定的年份"), default=list, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=DeadlineState.choices, default=DeadlineState.RUNNING
    )
    paused_at = models.DateTimeField(_("中止时间"), null=True, blank=True)
    pause_reason = models.CharField(
        _("中止原因"), max_length=20, choices=PauseReason.choices, blank=True
    )
    paused_total = models.DurationField(_("累计中止"), default=dt.timedelta)
    met_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # When the sweep should next look at this timer for a reminder (None: nothing left to send).
    next_reminder_at = models.DateTimeField(null=True, blank=True)
    closed_note = models.CharField(_("说明"), max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = DeadlineQuerySet.as_manager()

    AUDITED_FIELDS = (
        "state",
        "due_at",
        "last_day",
        "paused_at",
        "pause_reason",
        "met_at",
        "name",
        "amount",
    )

    class Meta:
        verbose_name = _("期限")
        verbose_name_plural = _("期限")
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(
                fields=["due_at"],
                condition=Q(state="running"),
                name="deadline_running_due",
            ),
            models.Index(
                fields=["next_reminder_at"],
                condition=Q(state="running"),
                name="deadline_running_reminder",
            ),
            # the figures of a period (reports.figures: on-time rates by rule, resolved items):
            # index-only reads on PostgreSQL
            models.Index(
                fields=["department", "due_at"],
                include=["id", "rule", "state", "met_at"],
                name="deadline_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}：{self.object_repr}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code

    @property
    def period(self) -> str:
        return period_label(self.amount, self.get_unit_display())

    def plan_reminder(self, now: dt.datetime) -> None:
        """The earliest reminder still to come; one whose time has passed is due at once."""
        times = [self.due_at - dt.timedelta(hours=h) for h in self.rule.reminder_hours]
        self.next_reminder_at = max(min(times), now) if times and self.due_at > now else None

    @property
    def is_overdue(self) -> bool:
        """Missed, or running past its due time (the sweep marks it missed a little later)."""
        if self.state == DeadlineState.MISSED:
            return True
        return self.state == DeadlineState.RUNNING and self.due_at < timezone.now()

    def time_left(self, now=None) -> dt.timedelta | None:
        if self.state != DeadlineState.RUNNING:
            return None
        return self.due_at - (now or timezone.now())


class AlertKind(models.TextChoices):
    REMINDER = "reminder", _("到期提醒")
    OVERDUE = "overdue", _("逾期通知")


class DeadlineAlert(models.Model):
    """That a reminder or an overdue notice for a timer went out: each goes out once, however
    many sweeps or workers run."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    hours_before = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField()  # a recount or a pause moves the due time: alerts start over
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "hours_before", "due_at"], name="deadline_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind} {self.hours_before}"
