from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liandong.core import policy


class Jurisdiction(models.Model):
    """行政区划: the area whose member departments form one mechanism."""

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^\d{6}$", _("行政区划代码应为6位数字。"))],
    )

    class Meta:
        verbose_name = _("辖区")
        verbose_name_plural = _("辖区")

    def __str__(self) -> str:
        return self.name

    @property
    def audit_jurisdiction(self) -> str:
        return self.code


class DepartmentKind(models.TextChoices):
    FIN = "FIN", _("财政")
    PSB = "PSB", _("公安")
    DRC = "DRC", _("发展改革")
    AUD = "AUD", _("审计")
    SAMR = "SAMR", _("市场监管")
    PROCURATORATE = "PROC", _("检察")  # an external body: the same-level procuratorate
    OTHER = "OTHER", _("其他")


class DepartmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> "DepartmentQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(jurisdiction_id=user.department.jurisdiction_id)

    def members(self) -> "DepartmentQuerySet":
        return self.filter(is_member=True)


class Department(models.Model):
    """A member department (成员单位) or an external body (外部机关) of a jurisdiction."""

    jurisdiction = models.ForeignKey(
        Jurisdiction, on_delete=models.PROTECT, related_name="departments", verbose_name=_("辖区")
    )
    kind = models.CharField(_("类别"), max_length=8, choices=DepartmentKind.choices)
    is_member = models.BooleanField(_("成员单位"), default=True)
    is_lead = models.BooleanField(_("牵头单位"), default=False)
    name = models.CharField(_("单位全称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30)
    doc_prefix = models.CharField(
        _("发文代字"),
        max_length=20,
        blank=True,
        help_text=_("发文字号中的代字，如“泉鲤政财”。"),
    )
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = DepartmentQuerySet.as_manager()

    AUDITED_FIELDS = (
        "kind",
        "is_member",
        "is_lead",
        "name",
        "short_name",
        "doc_prefix",
        "uscc",
        "phone",
        "address",
        "is_active",
    )

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["-is_member", "-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name"], name="department_name_unique_in_jurisdiction"
            ),
            models.UniqueConstraint(
                fields=["jurisdiction"],
                condition=Q(is_lead=True),
                name="one_lead_unit_per_jurisdiction",
            ),
            models.UniqueConstraint(
                fields=["jurisdiction", "kind"],
                condition=Q(is_member=True) & ~Q(kind="OTHER"),
                name="one_member_department_per_kind",
            ),
            models.CheckConstraint(
                condition=Q(is_lead=False) | Q(is_member=True), name="lead_unit_is_a_member"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_jurisdiction(self) -> str:
        return self.jurisdiction.code

    @property
    def takes_part(self) -> bool:
        """A member, or the one external body that works on the platform: the procuratorate
        (抄送的涉嫌犯罪移送, 立案监督). Other external bodies are addresses only."""
        return self.is_member or self.kind == DepartmentKind.PROCURATORATE


class Role(models.TextChoices):
    HEAD = "head", _("负责人")
    OFFICER = "officer", _("办案人员")
    ADMIN = "admin", _("系统管理员")
    VIEWER = "viewer", _("只读用户")


SECOND_FACTOR_ROLES = frozenset({Role.HEAD, Role.ADMIN})


class UserQuerySet(models.QuerySet):
    def visible_to(self, user) -> "UserQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(department__jurisdiction_id=user.department.jurisdiction_id)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True


class User(AbstractBaseUser):
    """A person who signs in: always in one department, with one role in it."""

    username = models.CharField(
        _("用户名"),
        max_length=50,
        unique=True,
        validators=[
            RegexValidator(
                r"^[a-zA-Z0-9_.-]{3,50}$",
                _("用户名只能包含字母、数字、下划线、点和短横线，3至50位。"),
            )
        ],
    )
    full_name = models.CharField(_("姓名"), max_length=50)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="people", verbose_name=_("所在单位")
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices)
    title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    must_change_password = models.BooleanField(_("须修改密码"), default=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    totp_secret = models.TextField(_("动态口令密钥（SM4加密）"), blank=True, editable=False)
    totp_enrolled_at = models.DateTimeField(_("动态口令绑定时间"), null=True, blank=True)
    totp_last_step = models.BigIntegerField(default=0, editable=False)
    date_joined = models.DateTimeField(_("创建时间"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    AUDITED_FIELDS = (
        "username",
        "full_name",
        "department",
        "role",
        "title",
        "phone",
        "email",
        "is_active",
        "must_change_password",
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["department_id", "role", "id"]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name

    def audit_identity(self) -> tuple[str, str, str]:
        department = self.department
        return (
            f"{self.full_name}（{self.username}）",
            department.name,
            department.jurisdiction.code,
        )

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code

    @property
    def requires_second_factor(self) -> bool:
        return self.role in SECOND_FACTOR_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_external(self) -> bool:
        """Of an external body (the procuratorate): a narrow view of its own, nothing else."""
        return not self.department.is_member

    @property
    def is_head(self) -> bool:
        return self.role == Role.HEAD

    @property
    def liaison_rank(self) -> str | None:
        liaison = getattr(self, "liaison", None)
        return liaison.rank if liaison else None

    def can(self, action: str, obj=None) -> bool:
        return policy.can(self, action, obj)


class LiaisonRank(models.TextChoices):
    PRIMARY = "primary", _("联络员")
    DEPUTY = "deputy", _("副联络员")


class LiaisonQuerySet(models.QuerySet):
    def visible_to(self, user) -> "LiaisonQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(department__jurisdiction_id=user.department.jurisdiction_id)


class Liaison(models.Model):
    """联络员: routes every cross-department item of a member department (seed 二(一))."""

    department = models.ForeignKey(
        Department, on_delete=models.CASCADE, related_name="liaisons", verbose_name=_("单位")
    )
    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="liaison", verbose_name=_("人员")
    )
    rank = models.CharField(_("类别"), max_length=10, choices=LiaisonRank.choices)
    appointed_at = models.DateTimeField(_("指定时间"), default=timezone.now)

    objects = LiaisonQuerySet.as_manager()

    class Meta:
        verbose_name = _("联络员")
        verbose_name_plural = _("联络员")
        ordering = ["department_id", "rank", "id"]  # "deputy" < "primary": sorted in views
        constraints = [
            models.UniqueConstraint(
                fields=["department"],
                condition=Q(rank="primary"),
                name="one_primary_liaison_per_department",
            )
        ]

    def __str__(self) -> str:
        return f"{self.department.short_name} {self.get_rank_display()} {self.user.full_name}"

    @property
    def audit_jurisdiction(self) -> str:
        return self.department.jurisdiction.code


class LoginThrottle(models.Model):
    """Failed sign-ins per user name typed, whether or not such an account exists."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True)
    locked_until = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.username}: {self.failures}"

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None) -> "ApiTokenQuerySet":
        """Not revoked and not expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now or timezone.now())

    def visible_to(self, user) -> "ApiTokenQuerySet":
        """Tokens are personal: each person sees only their own."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user_id=user.pk)


class ApiToken(models.Model):
    """A personal API token; only its SM3 digest is stored, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    expires_at = models.DateTimeField(_("到期时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def audit_jurisdiction(self) -> str:
        return self.user.department.jurisdiction.code

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
