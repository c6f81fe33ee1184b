"""The one access policy.

Every permission question is ``can(user, action, obj)``; apps register the rule for each of
their actions in their own ``policy.py`` with ``@rule("app.thing.verb")``. An action nobody
registered is refused, so a forgotten rule fails closed. Lists are scoped separately, by each
model's ``objects.visible_to(user)``; an object outside the scope answers 404, not 403.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

Rule = Callable[[Any, Any], bool]
_rules: dict[str, Rule] = {}
# the actions a person of an external body (the procuratorate) may take at all; every other
# rule refuses them before it is asked (its narrow view is also a gate in front of the pages)
_external: set[str] = set()


def rule(action: str, *, external: bool = False) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        if action in _rules:
            raise RuntimeError(f"policy rule {action!r} registered twice")
        _rules[action] = fn
        if external:
            _external.add(action)
        return fn

    return register


def can(user, action: str, obj: Any = None) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    check = _rules.get(action)
    if check is None:
        return False
    if action not in _external and user.is_external:
        return False
    return bool(check(user, obj))


def require(user, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied (→ 403) unless ``can(user, action, obj)``."""
    if not can(user, action, obj):
        raise PermissionDenied(_("您没有执行此操作的权限。"))


def require_of(acting_user, action: str, obj: Any = None) -> None:
    """``require`` for action functions, where ``acting_user=None`` means the system itself
    (command line, demo loader, another action's system step); people always pass theirs."""
    if acting_user is not None:
        require(acting_user, action, obj)


def registered_actions() -> list[str]:
    return sorted(_rules)
