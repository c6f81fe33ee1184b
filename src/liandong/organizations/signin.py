"""Signing in and out: password step, lockout, second factor, idle expiry — all audited.

Failed attempts are counted per user name typed, whether or not the account exists, and the
messages never say which: a locked name and an unknown name look the same from outside.
"""

import datetime as dt
import time

from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.audit.models import Outcome
from liandong.organizations import actions
from liandong.organizations.models import LoginThrottle, User
from liandong.organizations.rules import (
    IDLE_MINUTES,
    LOGIN_FAILURES_BEFORE_LOCK,
    PENDING_SECOND_FACTOR_MINUTES,
    lock_period,
)

PENDING_USER = "signin_pending_user"
PENDING_AT = "signin_pending_at"
ENROL_SECRET = "signin_enrol_secret"  # noqa: S105 - a session key name
LAST_ACTIVITY = "last_activity"


class SignInRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalize_username(username: str) -> str:
    return (username or "").strip().lower()


def _locked_message() -> str:
    return _("登录失败次数过多，请 %(m)d 分钟后再试，或联系系统管理员解锁。") % {
        "m": int(lock_period().total_seconds() // 60)
    }


def _audit_refusal(action: str, name: str, message: str) -> None:
    """Audit a refused sign-in under the name typed (and the account, when there is one)."""
    person = User.objects.select_related("department__jurisdiction").filter(username=name).first()
    audit.record(
        action,
        actor=None,
        actor_name=name[:150],
        obj=person,
        object_repr=str(person) if person else name[:200],
        outcome=Outcome.DENIED,
        message=message,
        jurisdiction=person.department.jurisdiction.code if person else "",
    )


def _count_failure(name: str, reason: str) -> bool:
    """Count a failure for ``name``, locking it at the limit; True when it is now locked."""
    now = timezone.now()
    throttle, _new = LoginThrottle.objects.select_for_update().get_or_create(username=name)
    throttle.failures += 1
    throttle.last_failure_at = now
    locked = throttle.failures >= LOGIN_FAILURES_BEFORE_LOCK.value
    if locked:
        throttle.locked_until = now + lock_period()
        throttle.failures = 0
    throttle.save()
    _audit_refusal("auth.login.failed", name, reason)
    if locked:
        until = timezone.localtime(throttle.locked_until).strftime("%Y-%m-%d %H:%M")
        _audit_refusal(
            "auth.login.locked",
            name,
            _("连续 %(n)d 次登录失败，锁定至 %(t)s")
            % {"n": LOGIN_FAILURES_BEFORE_LOCK.value, "t": until},
        )
    return locked


def _locked(name: str) -> bool:
    """True (and the attempt audited) when ``name`` is locked."""
    throttle = LoginThrottle.objects.filter(username=name).first()
    if throttle and throttle.is_locked():
        _audit_refusal("auth.login.failed", name, "locked")
        return True
    return False


def check_password_step(request, username: str, password: str) -> User:
    """The first step. Returns the person, or raises SignInRefused with what to show."""
    name = normalize_username(username)
    if not name or not password:
        raise SignInRefused(_("请输入用户名和密码。"))
    with transaction.atomic():
        if _locked(name):
            person, refusal = None, _locked_message()
        else:
            person = authenticate(request, username=name, password=password)
            if person is None:
                locked = _count_failure(name, "password")
                refusal = _locked_message() if locked else _("用户名或密码错误。")
    if person is None:
        raise SignInRefused(refusal)
    return person


def begin_second_factor(request, person: User) -> None:
    request.session.cycle_key()
    request.session[PENDING_USER] = person.pk
    request.session[PENDING_AT] = time.time()


def pending_person(request) -> User | None:
    """The person who passed the password step and still owes a code, if still in time."""
    pk = request.session.get(PENDING_USER)
    started = request.session.get(PENDING_AT, 0)
    if not pk or time.time() - started > PENDING_SECOND_FACTOR_MINUTES * 60:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def check_code_step(request, person: User, code: str) -> None:
    """The second step; a wrong code counts towards the lockout like a wrong password."""
    name = person.username
    with transaction.atomic():
        locked = _locked(name)
    if locked:
        raise SignInRefused(_locked_message())
    try:
        actions.check_second_factor(person, code=code, acting_user=person)
    except ValidationError:
        with transaction.atomic():
            locked = _count_failure(name, "second_factor")
        raise SignInRefused(
            _locked_message() if locked else _("动态口令不正确或已使用。")
        ) from None


def complete(request, person: User, *, second_factor: bool) -> None:
    for key in (PENDING_USER, PENDING_AT, ENROL_SECRET):
        request.session.pop(key, None)
    with transaction.atomic():
        # Failures are forgiven only once both steps pass: a known password alone
        # must not buy fresh guesses at the code.
        LoginThrottle.objects.filter(username=person.username).delete()
        login(request, person, backend="django.contrib.auth.backends.ModelBackend")
        request.session[LAST_ACTIVITY] = time.time()
        audit.record(
            "auth.login",
            actor=person,
            obj=person,
            after={"second_factor": second_factor},
        )


def sign_out(request, *, reason: str = "auth.logout") -> None:
    person = request.user
    if person.is_authenticated:
        with transaction.atomic():
            audit.record(reason, actor=person, obj=person)
    logout(request)


def idle_expired(request, now: float | None = None) -> bool:
    last = request.session.get(LAST_ACTIVITY)
    now = time.time() if now is None else now
    return (
        last is not None and now - last > dt.timedelta(minutes=IDLE_MINUTES.value).total_seconds()
    )
