"""Security figures, each with the text it comes from (RULES.md §9)."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

_GB22239 = "GB/T 22239-2019《信息安全技术 网络安全等级保护基本要求》第三级 8.1.4.1 身份鉴别"


@dataclass(frozen=True)
class SecurityRule:
    id: str
    name: str
    basis: str
    value: int


LOGIN_FAILURES_BEFORE_LOCK = SecurityRule(
    "security.login.max_failures",
    _("连续登录失败锁定次数"),
    _GB22239 + " b)：应具有登录失败处理功能，限制非法登录次数",
    5,
)
LOCK_MINUTES = SecurityRule(
    "security.login.lock_minutes",
    _("登录锁定时长（分钟）"),
    _GB22239 + " b)：限制非法登录次数",
    30,
)
IDLE_MINUTES = SecurityRule(
    "security.session.idle_minutes",
    _("会话空闲超时（分钟）"),
    _GB22239 + " b)：当登录连接超时自动退出",
    30,
)
PASSWORD_MIN_LENGTH = SecurityRule(
    "security.password.min_length",
    _("口令最小长度"),
    _GB22239 + " a)：身份鉴别信息具有复杂度要求并定期更换",
    8,
)
PASSWORD_MIN_CLASSES = SecurityRule(
    "security.password.min_classes",
    _("口令至少包含的字符类别数"),
    _GB22239 + " a)：身份鉴别信息具有复杂度要求",
    3,
)
TWO_FACTOR_ROLES = _GB22239 + (
    " d)：应采用口令、密码技术、生物技术等两种或两种以上组合的鉴别技术对用户进行身份鉴别，"
    "且其中一种鉴别技术至少应使用密码技术来实现"
)
TOKEN_DAYS = SecurityRule(
    "security.token.days",
    _("API 令牌默认有效期（日）"),
    _GB22239
    + " a)：身份鉴别信息具有复杂度要求并定期更换（令牌到期失效，可在创建时另选，最长一年）",
    90,
)
TOKEN_MAX_DAYS = 365
PENDING_SECOND_FACTOR_MINUTES = 5  # how long a password step stays valid waiting for the code


def lock_period() -> dt.timedelta:
    return dt.timedelta(minutes=LOCK_MINUTES.value)


def idle_period() -> dt.timedelta:
    return dt.timedelta(minutes=IDLE_MINUTES.value)
