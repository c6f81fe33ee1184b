"""State changes of jurisdictions, departments, people, liaisons and accounts."""

import datetime as dt
import secrets
import string

import pyotp
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.crypto import sm3_hex, sm4_decrypt, sm4_encrypt
from liandong.core.validation import Errors, check_version, constraint_messages
from liandong.organizations import rules
from liandong.organizations.models import (
    ApiToken,
    Department,
    DepartmentKind,
    Jurisdiction,
    Liaison,
    LiaisonRank,
    LoginThrottle,
    Role,
    User,
)
from liandong.organizations.validators import validate_uscc

USER_FIELDS = ("full_name", "role", "title", "phone", "email", "is_active")


# ---------------------------------------------------------------- jurisdictions, departments


@action("organizations.jurisdiction.create")
def create_jurisdiction(*, name: str, code: str, acting_user) -> Jurisdiction:
    if acting_user is not None:
        policy.require(acting_user, "organizations.jurisdiction.create")
    jurisdiction = Jurisdiction(name=name.strip(), code=code.strip())
    errors = Errors()
    if not jurisdiction.name:
        errors.add("name", _("请填写辖区名称。"), "required")
    errors.check(
        "code",
        lambda v: Jurisdiction._meta.get_field("code").clean(v, jurisdiction),
        jurisdiction.code,
    )
    if Jurisdiction.objects.filter(code=jurisdiction.code).exists():
        errors.add("code", _("行政区划代码 %(code)s 已存在。") % {"code": code}, "duplicate")
    errors.raise_if_any()
    jurisdiction.save()
    audit.record(
        "organizations.jurisdiction.create",
        actor=acting_user,
        obj=jurisdiction,
        after={"name": jurisdiction.name, "code": jurisdiction.code},
    )
    return jurisdiction


def _validate_department(department: Department) -> None:
    errors = Errors()
    department.name = department.name.strip()
    department.short_name = department.short_name.strip()
    department.doc_prefix = department.doc_prefix.strip()
    department.uscc = department.uscc.strip().upper()
    if not department.name:
        errors.add("name", _("请填写单位全称。"), "required")
    if not department.short_name:
        errors.add("short_name", _("请填写单位简称。"), "required")
    if department.kind not in DepartmentKind.values:
        errors.add("kind", _("单位类别无效。"), "invalid_choice")
    if department.uscc:
        department.uscc = errors.check("uscc", validate_uscc, department.uscc)
    elif department.is_member:
        errors.add("uscc", _("成员单位须填写统一社会信用代码。"), "required")
    if department.is_member and not department.doc_prefix:
        errors.add("doc_prefix", _("成员单位须填写发文代字。"), "required")
    if department.is_lead and not department.is_member:
        errors.add("is_lead", _("牵头单位必须是成员单位。"), "lead_not_member")
    siblings = Department.objects.filter(jurisdiction_id=department.jurisdiction_id).exclude(
        pk=department.pk
    )
    if department.is_lead:
        lead = siblings.filter(is_lead=True).first()
        if lead:
            errors.add(
                "is_lead",
                _("本辖区已有牵头单位：%(name)s。") % {"name": lead.name},
                "duplicate_lead",
            )
    if department.name and siblings.filter(name=department.name).exists():
        errors.add("name", _("本辖区已有同名单位。"), "duplicate")
    if department.is_member and department.kind != DepartmentKind.OTHER:
        same_kind = siblings.filter(is_member=True, kind=department.kind).first()
        if same_kind:
            errors.add(
                "kind",
                _("本辖区已有%(kind)s类成员单位：%(name)s。")
                % {"kind": department.get_kind_display(), "name": same_kind.name},
                "duplicate_kind",
            )
    errors.raise_if_any()


_DEPARTMENT_CONSTRAINTS = {
    "one_lead_unit_per_jurisdiction": ("is_lead", _("本辖区已有牵头单位。")),
    "department_name_unique_in_jurisdiction": ("name", _("本辖区已有同名单位。")),
    "one_member_department_per_kind": ("kind", _("本辖区已有该类别的成员单位。")),
}


@action("organizations.department.create")
def create_department(jurisdiction: Jurisdiction, *, acting_user, **fields) -> Department:
    policy.require_of(acting_user, "organizations.department.manage", jurisdiction)
    unknown = set(fields) - set(Department.AUDITED_FIELDS)
    if unknown:
        raise TypeError(f"unknown department fields: {sorted(unknown)}")
    department = Department(jurisdiction=jurisdiction, **fields)
    _validate_department(department)
    with constraint_messages(_DEPARTMENT_CONSTRAINTS):
        department.save()
    audit.record(
        "organizations.department.create",
        actor=acting_user,
        obj=department,
        after=audit.snapshot(department, Department.AUDITED_FIELDS),
    )
    return department


@action("organizations.department.update")
def update_department(
    department: Department, *, acting_user, expected_version: int | None = None, **changes
) -> Department:
    policy.require_of(acting_user, "organizations.department.manage", department)
    department = (
        Department.objects.select_for_update(of=("self",))
        .select_related("jurisdiction")
        .get(pk=department.pk)
    )
    check_version(department, expected_version)
    unknown = set(changes) - set(Department.AUDITED_FIELDS)
    if unknown:
        raise TypeError(f"unknown department fields: {sorted(unknown)}")
    before = audit.snapshot(department, Department.AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(department, name, value)
    _validate_department(department)
    after = audit.snapshot(department, Department.AUDITED_FIELDS)
    if after == before:
        return department
    department.version += 1
    with constraint_messages(_DEPARTMENT_CONSTRAINTS):
        department.save()
    before, after = audit.changed(before, after)
    audit.record(
        "organizations.department.update",
        actor=acting_user,
        obj=department,
        before=before,
        after=after,
    )
    return department


# ---------------------------------------------------------------- people


def generate_password(length: int = 14) -> str:
    """A one-time password that satisfies the policy (all four character classes)."""
    alphabet = string.ascii_letters + string.digits + "#%+=@"
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(length))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(not c.isalnum() for c in candidate)
        ):
            return candidate


def _validate_person(person: User, errors: Errors) -> None:
    person.full_name = person.full_name.strip()
    person.email = person.email.strip()
    if not person.full_name:
        errors.add("full_name", _("请填写姓名。"), "required")
    if person.role not in Role.values:
        errors.add("role", _("角色无效。"), "invalid_choice")
    if person.email:
        errors.check("email", validate_email, person.email)
    if not person.department.is_member and person.is_active:
        if not person.department.takes_part:
            errors.add(
                "department",
                _("外部机关中只有同级人民检察院设用户（办理抄送的移送和立案监督）。"),
                "external",
            )
        elif person.role == Role.ADMIN:
            errors.add("role", _("外部机关的人员不能是系统管理员。"), "external_admin")


@action("organizations.user.create")
def create_user(
    department: Department,
    *,
    acting_user,
    username: str,
    full_name: str,
    role: str,
    title: str = "",
    phone: str = "",
    email: str = "",
    password: str | None = None,
    password_hash: str = "",
    must_change_password: bool = True,
) -> tuple[User, str]:
    """Create an account. Returns it and its first password (generated unless given). A caller
    that hashed a password already (``make_password``; the demo hashes its one password once,
    not a second a person) gives ``password_hash`` instead, and gets "" back."""
    policy.require_of(acting_user, "organizations.user.manage", department)
    person = User(
        department=department,
        username=username.strip().lower(),
        full_name=full_name,
        role=role,
        title=title,
        phone=phone,
        email=email,
        must_change_password=must_change_password,
    )
    errors = Errors()
    errors.check("username", lambda v: User._meta.get_field("username").clean(v, person), username)
    if User.objects.filter(username__iexact=person.username).exists():
        errors.add("username", _("用户名 %(u)s 已被使用。") % {"u": person.username}, "duplicate")
    _validate_person(person, errors)
    if password_hash:
        password = ""
        try:
            identify_hasher(password_hash)
        except ValueError:
            errors.add("password", _("密码摘要无效。"), "invalid")
    else:
        password = password or generate_password()
        errors.check(
            "password", lambda pw: password_validation.validate_password(pw, person), password
        )
    errors.raise_if_any()
    if password_hash:
        person.password = password_hash
    else:
        person.set_password(password)
    person.password_changed_at = timezone.now()
    with constraint_messages({"username": ("username", _("用户名已被使用。"))}):
        person.save()
    audit.record(
        "organizations.user.create",
        actor=acting_user,
        obj=person,
        after=audit.snapshot(person, User.AUDITED_FIELDS),
    )
    return person, password


@action("organizations.user.update")
def update_user(
    person: User, *, acting_user, expected_version: int | None = None, **changes
) -> User:
    policy.require_of(acting_user, "organizations.user.manage", person)
    person = (
        User.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction", "liaison__department")
        .get(pk=person.pk)
    )
    check_version(person, expected_version)
    unknown = set(changes) - set(USER_FIELDS) - {"department"}
    if unknown:
        raise TypeError(f"unknown user fields: {sorted(unknown)}")
    if "department" in changes and acting_user is not None:
        policy.require(acting_user, "organizations.user.manage", changes["department"])
    before = audit.snapshot(person, User.AUDITED_FIELDS)
    for name, value in changes.items():
        setattr(person, name, value)
    errors = Errors()
    _validate_person(person, errors)
    if acting_user is not None and person.pk == acting_user.pk and not person.is_active:
        errors.add("is_active", _("不能停用自己的账户。"), "self")
    liaison = getattr(person, "liaison", None)
    if liaison and (liaison.department_id != person.department_id or not person.is_active):
        errors.add(
            "department",
            _("此人是%(dept)s的%(rank)s，请先撤销联络员指定。")
            % {"dept": liaison.department.short_name, "rank": liaison.get_rank_display()},
            "liaison",
        )
    errors.raise_if_any()
    after = audit.snapshot(person, User.AUDITED_FIELDS)
    if after == before:
        return person
    person.version += 1
    person.save()
    before, after = audit.changed(before, after)
    audit.record(
        "organizations.user.update",
        actor=acting_user,
        obj=person,
        before=before,
        after=after,
    )
    if not person.is_active:
        revoke_all_tokens(person, reason=_("账户已停用"))
    return person


@action("organizations.user.reset_password")
def reset_password(person: User, *, acting_user) -> str:
    """Give the person a one-time password; they must change it at their next sign-in."""
    policy.require_of(acting_user, "organizations.user.manage", person)
    password = generate_password()
    person.set_password(password)
    person.must_change_password = True
    person.password_changed_at = timezone.now()
    person.save(update_fields=["password", "must_change_password", "password_changed_at"])
    LoginThrottle.objects.filter(username=person.username.lower()).delete()
    audit.record("organizations.user.reset_password", actor=acting_user, obj=person)
    revoke_all_tokens(person, reason=_("密码被重置"))
    return password


@action("organizations.user.unlock")
def unlock_user(person: User, *, acting_user) -> None:
    policy.require_of(acting_user, "organizations.user.manage", person)
    deleted, _n = LoginThrottle.objects.filter(username=person.username.lower()).delete()
    audit.record(
        "organizations.user.unlock", actor=acting_user, obj=person, after={"cleared": deleted > 0}
    )


@action("organizations.user.reset_second_factor")
def reset_second_factor(person: User, *, acting_user) -> None:
    """Forget the person's TOTP seed; they enrol again at their next sign-in."""
    policy.require_of(acting_user, "organizations.user.manage", person)
    person.totp_secret = ""
    person.totp_enrolled_at = None
    person.totp_last_step = 0
    person.save(update_fields=["totp_secret", "totp_enrolled_at", "totp_last_step"])
    audit.record("organizations.user.reset_second_factor", actor=acting_user, obj=person)


# ---------------------------------------------------------------- liaisons


@action("organizations.liaison.appoint")
def appoint_liaison(person: User, *, rank: str, acting_user) -> Liaison:
    department = person.department
    policy.require_of(acting_user, "organizations.liaison.manage", department)
    errors = Errors()
    if rank not in LiaisonRank.values:
        errors.add("rank", _("联络员类别无效。"), "invalid_choice")
    if not department.is_member:
        errors.add("user", _("只有成员单位设联络员。"), "external")
    if not person.is_active:
        errors.add("user", _("已停用的账户不能指定为联络员。"), "inactive")
    if hasattr(person, "liaison"):
        errors.add(
            "user",
            _("%(name)s 已是本单位的%(rank)s。")
            % {"name": person.full_name, "rank": person.liaison.get_rank_display()},
            "duplicate",
        )
    if rank == LiaisonRank.PRIMARY:
        current = department.liaisons.filter(rank=LiaisonRank.PRIMARY).select_related("user")
        if current:
            errors.add(
                "rank",
                _("%(dept)s已有联络员%(name)s，每个成员单位只能有一名联络员；请先撤销后再指定。")
                % {"dept": department.short_name, "name": current[0].user.full_name},
                "duplicate_primary",
            )
    errors.raise_if_any()
    liaison = Liaison(department=department, user=person, rank=rank)
    with constraint_messages(
        {
            "one_primary_liaison_per_department": (
                "rank",
                _("每个成员单位只能有一名联络员。"),
            )
        }
    ):
        liaison.save()
    audit.record(
        "organizations.liaison.appoint",
        actor=acting_user,
        obj=liaison,
        after={"department": department.pk, "user": person.pk, "rank": rank},
    )
    return liaison


@action("organizations.liaison.remove")
def remove_liaison(liaison: Liaison, *, acting_user) -> None:
    policy.require_of(acting_user, "organizations.liaison.manage", liaison.department)
    before = {"department": liaison.department_id, "user": liaison.user_id, "rank": liaison.rank}
    audit.record(
        "organizations.liaison.remove",
        actor=acting_user,
        obj=liaison,
        before=before,
    )
    liaison.delete()


# ---------------------------------------------------------------- one's own account


@action("organizations.account.change_password")
def change_password(person: User, *, old_password: str, new_password: str, acting_user) -> None:
    policy.require_of(acting_user, "organizations.account.manage", person)
    errors = Errors()
    if not person.check_password(old_password):
        errors.add("old_password", _("原密码不正确。"), "wrong_password")
    elif old_password == new_password:
        errors.add("new_password", _("新密码不能与原密码相同。"), "unchanged")
    errors.check(
        "new_password", lambda pw: password_validation.validate_password(pw, person), new_password
    )
    errors.raise_if_any()
    person.set_password(new_password)
    person.must_change_password = False
    person.password_changed_at = timezone.now()
    person.save(update_fields=["password", "must_change_password", "password_changed_at"])
    audit.record("organizations.account.change_password", actor=acting_user, obj=person)
    revoke_all_tokens(person, reason=_("修改了密码"))


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(person: User, secret: str) -> str:
    from django.conf import settings

    return pyotp.TOTP(secret).provisioning_uri(
        name=person.username, issuer_name=settings.TOTP_ISSUER
    )


def _accept_code(person: User, secret: str, code: str) -> int | None:
    """The time step the code belongs to, if it is valid now and not used before."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = timezone.now()
    for drift in (0, -1, 1):  # allow one step of clock difference either way
        at = now.timestamp() + drift * totp.interval
        if secrets.compare_digest(totp.at(at), code):
            step = int(at // totp.interval)
            return step if step > person.totp_last_step else None
    return None


@action("organizations.account.enrol_second_factor")
def enrol_second_factor(person: User, *, secret: str, code: str, acting_user) -> None:
    # During sign-in the person is not logged in yet: the password step vouches for them.
    if acting_user is not None and acting_user.pk != person.pk:
        policy.require(acting_user, "organizations.account.manage", person)
    step = _accept_code(person, secret, code)
    if step is None:
        raise ValidationError(
            {"code": _("动态口令不正确或已使用，请输入认证器上当前显示的6位数字。")}
        )
    person.totp_secret = sm4_encrypt(secret)
    person.totp_enrolled_at = timezone.now()
    person.totp_last_step = step
    person.save(update_fields=["totp_secret", "totp_enrolled_at", "totp_last_step"])
    audit.record("organizations.account.enrol_second_factor", actor=person, obj=person)


@action("organizations.account.check_second_factor")
def check_second_factor(person: User, *, code: str, acting_user) -> None:
    """Accept a TOTP code once (a replayed code is refused). A secret that cannot be decrypted
    (the key changed) is refused with what to do, never let through."""
    try:
        secret = sm4_decrypt(person.totp_secret) if person.totp_secret else ""
    except (ValueError, UnicodeDecodeError):
        raise ValidationError(
            {"code": _("动态口令密钥无法解密（加密密钥已变更），请联系系统管理员重置动态口令。")}
        ) from None
    step = _accept_code(person, secret, code) if secret else None
    if step is None:
        raise ValidationError({"code": _("动态口令不正确或已使用。")})
    person.totp_last_step = step
    person.save(update_fields=["totp_last_step"])


TOKEN_PREFIX = "ld_"  # noqa: S105 - a marker, not a secret


def token_digest(token: str) -> str:
    return sm3_hex(token.encode())


@action("organizations.account.create_token")
def create_api_token(
    person: User, *, name: str, acting_user, days: int | None = None
) -> tuple[ApiToken, str]:
    """A personal token, valid ``days`` (by default ``rules.TOKEN_DAYS``, at most a year)."""
    policy.require_of(acting_user, "organizations.account.manage", person)
    errors = Errors()
    name = name.strip()
    if not name:
        errors.add("name", _("请填写令牌用途。"), "required")
    elif len(name) > 100:
        errors.add("name", _("用途不能超过100个字符。"), "too_long")
    days = rules.TOKEN_DAYS.value if days is None else days
    if not 1 <= days <= rules.TOKEN_MAX_DAYS:
        errors.add(
            "days",
            _("有效期为1至%(max)d日。") % {"max": rules.TOKEN_MAX_DAYS},
            "invalid",
        )
    errors.raise_if_any()
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=person,
        name=name,
        prefix=plaintext[:10],
        digest=token_digest(plaintext),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    audit.record(
        "organizations.account.create_token",
        actor=acting_user,
        obj=token,
        after={"name": name, "prefix": token.prefix, "expires_at": token.expires_at},
    )
    return token, plaintext


def revoke_all_tokens(person: User, *, reason: str) -> int:
    """A system step of the action that changed the person's credentials or status: their
    tokens stop working (a password reset, a password change, a deactivation)."""
    count = ApiToken.objects.filter(user=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if count:
        audit.record(
            "organizations.account.revoke_tokens",
            actor=None,
            obj=person,
            after={"tokens": count},
            message=reason,
        )
    return count


@action("organizations.account.revoke_token")
def revoke_api_token(token: ApiToken, *, acting_user) -> None:
    policy.require_of(acting_user, "organizations.account.manage", token)
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record("organizations.account.revoke_token", actor=acting_user, obj=token)
