"""信息通报 (seed 二(三) 信息共享机制, 三(二) 畅通信息共享渠道): a member department shares work
information, case reports, policy, warnings or problems with all the mechanism's members or with
chosen ones. Each person of an audience department gets a read receipt (``notifications.receipts``);
the audience replies; the author (or their head) may withdraw it with a reason.

The audience is recorded as departments when the bulletin is published, also when it goes to all
members: who was told stays what it was, whatever the roster becomes later."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    WORK = "work", _("工作信息")
    CASE = "case", _("案件通报")
    POLICY = "policy", _("政策法规")
    WARNING = "warning", _("预警")
    PROBLEM = "problem", _("问题反映")


class State(models.TextChoices):
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


# What each step needs the bulletin to be (publishing makes it; nothing leads back).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "attach": (frozenset({State.PUBLISHED}), None),
    "reply": (frozenset({State.PUBLISHED}), None),
    "withdraw": (frozenset({State.PUBLISHED}), State.WITHDRAWN),
}


class BulletinQuerySet(models.QuerySet):
    def visible_to(self, user) -> "BulletinQuerySet":
        """The author's department and the audience departments, of the viewer's own
        jurisdiction; administrators see none (they run the system, not the mechanism)."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        told = Bulletin.audience.through.objects.filter(department_id=user.department_id)
        return self.filter(
            Q(department_id=user.department_id) | Q(pk__in=told.values("bulletin_id")),
            department__jurisdiction_id=user.department.jurisdiction_id,
        )


class Bulletin(models.Model):
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="bulletins",
        verbose_name=_("发布单位"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("发布人"),
    )
    category = models.CharField(_("类别"), max_length=10, choices=Category.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    to_all = models.BooleanField(_("发送全体成员单位"), default=False)
    audience = models.ManyToManyField(
        "organizations.Department",
        related_name="bulletins_received",
        blank=True,
        verbose_name=_("通报对象"),
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.PUBLISHED
    )
    created_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回人"),
    )
    withdraw_reason = models.CharField(_("撤回理由"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = BulletinQuerySet.as_manager()

    AUDITED_FIELDS = ("category", "title", "to_all", "audience", "state", "withdraw_reason")

    class Meta:
        verbose_name = _("信息通报")
        verbose_name_plural = _("信息通报")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["department", "-created_at"], name="bulletin_dept_new")]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="bulletin_category_known"
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="bulletin_state_known"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="bulletin_has_title"),
            models.CheckConstraint(
                condition=Q(state=State.PUBLISHED, withdrawn_at__isnull=True)
                | (Q(state=State.WITHDRAWN, withdrawn_at__isnull=False) & ~Q(withdraw_reason="")),
                name="bulletin_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code

    @property
    def is_withdrawn(self) -> bool:
        return self.state == State.WITHDRAWN


class BulletinAttachment(models.Model):
    """A file of a bulletin, kept in the evidence store (content-addressed, SM3-digested, never
    overwritten, covered by the integrity sweep's ``Blob`` rows)."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, related_name="attachments")
    blob = models.ForeignKey("evidence.Blob", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("文件名"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        verbose_name = _("通报附件")
        verbose_name_plural = _("通报附件")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["bulletin", "blob"], name="bulletin_file_once")
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def audit_jurisdiction(self) -> str:
        return self.bulletin.audit_jurisdiction


class BulletinReply(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.PROTECT, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("回复人"),
    )
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("回复单位"),
    )
    text = models.TextField(_("回复内容"))
    created_at = models.DateTimeField(_("回复时间"), default=timezone.now)

    class Meta:
        verbose_name = _("通报回复")
        verbose_name_plural = _("通报回复")
        ordering = ["created_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="bulletin_reply_text")]

    def __str__(self) -> str:
        return f"{self.bulletin_id}: {self.text[:20]}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.bulletin.audit_jurisdiction
