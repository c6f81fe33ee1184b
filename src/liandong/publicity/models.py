"""宣传曝光 (seed 三(四) 营造浓厚法治氛围): typical cases (典型案例) and penalty announcements
(行政处罚公告) drafted from a closed case by its department, anonymised, approved by the lead
unit's head and then shown on the public site (no login) and its Atom feed; withdrawal takes
them off both.

The draft (``title``, ``body``) is what the department edits; approval freezes a copy of it
(``published_title``, ``published_body``, with the department's name) and the public site shows
that copy and nothing else: no case number, no party codes, no internal ids but ``public_id``."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TYPICAL_CASE = "typical_case", _("典型案例")
    PENALTY_NOTICE = "penalty_notice", _("行政处罚公告")


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


# Each step: the states it may start from, and where it leads (None: the state stays).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "edit": (frozenset({State.DRAFT}), None),
    "anonymise": (frozenset({State.DRAFT}), None),
    "submit": (frozenset({State.DRAFT}), State.SUBMITTED),
    "return": (frozenset({State.SUBMITTED}), State.DRAFT),  # with the reason
    "approve": (frozenset({State.SUBMITTED}), State.PUBLISHED),  # freezes the published text
    "withdraw": (frozenset({State.PUBLISHED}), State.WITHDRAWN),  # with the reason
}


class PublicationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "PublicationQuerySet":
        """The drafting department's people, and the lead unit's head (the approver) for what
        its jurisdiction's departments have submitted. Administrators run the system: none."""
        if not getattr(user, "is_authenticated", False) or user.role == "admin":
            return self.none()
        seen = Q(department_id=user.department_id)
        if user.role == "head" and user.department.is_lead:
            seen |= Q(department__jurisdiction_id=user.department.jurisdiction_id) & ~Q(
                state=State.DRAFT
            )
        return self.filter(seen)

    def public(self) -> "PublicationQuerySet":
        """What the public site shows: published and not withdrawn, newest first."""
        return self.filter(state=State.PUBLISHED).order_by("-published_at", "-pk")


class Publication(models.Model):
    department = models.ForeignKey(
        "organizations.Department",
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("拟稿单位"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("案件"),
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    public_id = models.UUIDField(_("公开标识"), default=uuid.uuid4, unique=True, editable=False)

    # The draft, as the department edits it.
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    extra_names = models.TextField(
        _("其他需脱敏的自然人姓名"),
        blank=True,
        help_text=_("案件当事人中的自然人和评审专家会自动脱敏；正文中其他人的姓名写在这里。"),
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("拟稿人"),
    )
    created_at = models.DateTimeField(_("拟稿时间"), default=timezone.now)

    # The last anonymisation: what it changed, and a digest of the text it left, so that
    # submitting can tell whether the text was edited since.
    anonymised_at = models.DateTimeField(_("脱敏时间"), null=True, blank=True)
    anonymised_digest = models.CharField(max_length=64, blank=True, editable=False)
    anonymisation = models.JSONField(_("脱敏记录"), default=list, blank=True)

    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("提交人"),
    )
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    return_reason = models.CharField(_("退回意见"), max_length=500, blank=True)

    # Frozen at approval: the only text the public site shows.
    published_title = models.CharField(_("发布标题"), max_length=200, blank=True)
    published_body = models.TextField(_("发布正文"), blank=True)
    published_department_name = models.CharField(_("发布单位"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审批人"),
    )

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

    objects = PublicationQuerySet.as_manager()

    AUDITED_FIELDS = ("kind", "state", "title", "extra_names")

    class Meta:
        verbose_name = _("宣传曝光稿件")
        verbose_name_plural = _("宣传曝光稿件")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-published_at"], name="publication_public"),
            models.Index(fields=["department", "-created_at"], name="publication_dept_new"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind"],
                condition=~Q(state=State.WITHDRAWN),
                name="publication_one_per_case_kind",
            ),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="publication_kind"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="publication_state"),
            models.CheckConstraint(condition=~Q(title=""), name="publication_has_title"),
            models.CheckConstraint(
                condition=Q(state__in=[State.DRAFT, State.SUBMITTED])
                | (~Q(published_title="") & Q(published_at__isnull=False)),
                name="publication_published_frozen",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.WITHDRAWN)
                | (Q(withdrawn_at__isnull=False) & ~Q(withdraw_reason="")),
                name="publication_withdrawn_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code

    @property
    def is_public(self) -> bool:
        return self.state == State.PUBLISHED
