"""How a state change is written.

Every state change is an action function: ``@action("app.thing.verb")`` on a function with a
keyword-only ``acting_user``. The decorator runs it in one transaction; the function checks the
policy, validates, writes, and appends its audit entry (``audit.record``) in that transaction.
When it refuses (permission or validation), the transaction is rolled back and the refusal alone
is audited, so a failed action leaves no trace but its audit.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from liandong.audit import log as audit

P = ParamSpec("P")
R = TypeVar("R")


def action(name: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            if "acting_user" not in kwargs:
                raise TypeError(f"{name}: acting_user is required")
            acting_user = kwargs["acting_user"]
            try:
                with transaction.atomic():
                    return fn(*args, **kwargs)
            except PermissionDenied as exc:
                audit.record_refusal(name, actor=acting_user, outcome="denied", message=str(exc))
                raise
            except ValidationError as exc:
                audit.record_refusal(
                    name, actor=acting_user, outcome="invalid", message="; ".join(exc.messages)
                )
                raise

        run.action_name = name  # type: ignore[attr-defined]
        return run

    return decorate
