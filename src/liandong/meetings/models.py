"""联席会议 (seed 二(一), DESIGN.md §4.5): member departments propose topics (议题); the lead unit
convenes a meeting with an agenda of accepted topics, invites the liaisons and others (external
bodies 列席), records attendance, drafts the minutes, has the members review them, and its head
issues them as a numbered 纪要 delivered to every member department with read receipts. Each
议定事项 has owner departments and a due date on a clock, receives progress reports, and is
confirmed done by the lead unit."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TopicCategory(models.TextChoices):
    WORK_INFO = "work_info", _("通报工作信息")
    MAJOR_CASE = "major_case", _("重大案件情况")
    DIFFICULT = "difficult", _("疑难问题")
    COOPERATION = "cooperation", _("协作方式方法")
    EXPERIENCE = "experience", _("经验推广")
    OTHER = "other", _("其他")


class TopicState(models.TextChoices):
    PROPOSED = "proposed", _("待牵头单位审核")
    ACCEPTED = "accepted", _("已列入议程")
    DECLINED = "declined", _("未采纳")
    WITHDRAWN = "withdrawn", _("已撤回")


class MeetingState(models.TextChoices):
    CONVENED = "convened", _("已通知")
    HELD = "held", _("已召开")
    ISSUED = "issued", _("纪要已印发")
    CANCELLED = "cancelled", _("已取消")


class Reply(models.TextChoices):
    PENDING = "pending", _("待回复")
    ATTEND = "attend", _("参加")
    DEPUTY = "deputy", _("委派他人参加")
    LEAVE = "leave", _("请假")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("未记录")
    PRESENT = "present", _("出席")
    LEAVE = "leave", _("请假")
    OBSERVER = "observer", _("列席")
    ABSENT = "absent", _("缺席")


class MinutesState(models.TextChoices):
    DRAFT = "draft", _("起草中")
    REVIEW = "review", _("征求意见中")
    ISSUED = "issued", _("已印发")


class ResolutionState(models.TextChoices):
    OPEN = "open", _("落实中")
    CLOSE_REQUESTED = "close_requested", _("申请办结")
    DONE = "done", _("已办结")


class InJurisdiction(models.QuerySet):
    department_path = "department"

    def visible_to(self, user):
        """The joint meeting's records are the members': every head, officer and viewer of a
        member department of the jurisdiction (system administrators run the platform)."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        if not user.department.is_member:
            return self.none()
        return self.filter(
            **{f"{self.department_path}__jurisdiction_id": user.department.jurisdiction_id}
        )


class Topic(models.Model):
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="topics",
        verbose_name=_("提出单位"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("提出人"),
    )
    category = models.CharField(_("议题类别"), max_length=16, choices=TopicCategory.choices)
    title = models.CharField(_("议题"), max_length=200)
    description = models.TextField(_("说明"))
    cases = models.ManyToManyField(
        "cases.Case", blank=True, related_name="topics", verbose_name=_("相关案件")
    )
    shared_part = models.CharField(_("随议题共享"), max_length=10, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=TopicState.choices, default=TopicState.PROPOSED
    )
    decline_reason = models.TextField(_("未采纳的理由"), blank=True)
    meeting = models.ForeignKey(
        "Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="topics"
    )
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InJurisdiction.as_manager()

    class Meta:
        verbose_name = _("议题")
        verbose_name_plural = _("议题")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code


class Meeting(models.Model):
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("召集单位"),
    )
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("召集人"),
    )
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("会议时间"))
    place = models.CharField(_("会议地点"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=12, choices=MeetingState.choices, default=MeetingState.CONVENED
    )
    cancel_reason = models.CharField(_("取消理由"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InJurisdiction.as_manager()

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agenda")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(_("议程"), max_length=200)
    topic = models.OneToOneField(
        Topic, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_item"
    )
    discussion = models.TextField(_("讨论情况"), blank=True)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["meeting_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "order"], name="agenda_order_once")
        ]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """An invitation: a person of a member department (参会), or an external body's attendee
    named in text (列席)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitations")
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    observer = models.BooleanField(_("列席"), default=False)
    reply = models.CharField(_("回复"), max_length=8, choices=Reply.choices, default=Reply.PENDING)
    deputy = models.CharField(_("委派参会人"), max_length=100, blank=True)
    reply_note = models.CharField(_("说明"), max_length=300, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(
        _("出席情况"), max_length=8, choices=Attendance.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("会议通知")
        verbose_name_plural = _("会议通知")
        ordering = ["meeting_id", "observer", "department_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="invitation_once_per_person",
            )
        ]

    def __str__(self) -> str:
        return self.attendee

    @property
    def attendee(self) -> str:
        who = self.deputy if self.reply == Reply.DEPUTY and self.deputy else None
        if who:
            return who
        return self.person.full_name if self.person_id else self.name


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    summary = models.TextField(_("会议概况"), blank=True)
    state = models.CharField(
        _("状态"), max_length=8, choices=MinutesState.choices, default=MinutesState.DRAFT
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    document = models.OneToOneField(
        "documents.IssuedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("纪要"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")

    def __str__(self) -> str:
        return f"{self.meeting}纪要"

    @property
    def audit_jurisdiction(self) -> str:
        return self.meeting.audit_jurisdiction


class MinutesComment(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="comments")
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("意见"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ResolutionQuerySet(InJurisdiction):
    department_path = "minutes__meeting__department"


class Resolution(models.Model):
    """议定事项: what the meeting decided, owned by one or more departments, due by a date."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="resolutions")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="resolutions"
    )
    text = models.TextField(_("议定事项"))
    owners = models.ManyToManyField(
        "organizations.Department", related_name="resolutions", verbose_name=_("责任单位")
    )
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=ResolutionState.choices, default=ResolutionState.OPEN
    )
    close_note = models.TextField(_("办结说明"), blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("议定事项")
        verbose_name_plural = _("议定事项")
        ordering = ["minutes_id", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def audit_jurisdiction(self) -> str:
        return self.minutes.meeting.audit_jurisdiction

    @property
    def number(self) -> int:
        """Its place among its minutes' items (一、二 …), counted from 1."""
        return list(self.minutes.resolutions.values_list("pk", flat=True)).index(self.pk) + 1


class ProgressReport(models.Model):
    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="reports")
    department = models.ForeignKey(
        "organizations.Department", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("落实情况"))
    blob = models.ForeignKey(
        "evidence.Blob", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filename = models.CharField(_("附件"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("落实情况报告")
        verbose_name_plural = _("落实情况报告")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
