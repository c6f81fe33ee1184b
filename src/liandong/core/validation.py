"""Helpers that turn bad input into ValidationErrors naming the field."""

import contextlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _


class Errors:
    """Collects field errors so an action can report all of them at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, message: str, code: str = "invalid") -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=code))

    def check(self, field: str, validator, value):
        """Run ``validator(value)``; keep its error under ``field``; return its result."""
        try:
            return validator(value)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                found = [e for group in exc.error_dict.values() for e in group]
            else:
                found = exc.error_list
            self.by_field.setdefault(field, []).extend(found)
            return value

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def refuse(field: str, message: str, code: str = "invalid") -> ValidationError:
    """A refusal of one field whose code reaches the API's details (``ValidationError({f: m},
    code=c)`` would lose the code: it belongs to each message, not to the dict)."""
    return ValidationError({field: ValidationError(message, code=code)})


def check_version(obj, expected_version: int | None) -> None:
    """Optimistic locking: refuse an edit made on a page that has since gone stale."""
    if expected_version is not None and expected_version != obj.version:
        # The code goes on the field's error: a dict-form ValidationError drops its own code.
        stale = ValidationError(_("该记录已被他人修改，请刷新页面后重新提交。"), code="stale")
        raise ValidationError({"version": stale})


@contextlib.contextmanager
def constraint_messages(messages: dict[str, tuple[str, str]]):
    """Turn a database constraint violation (a race the checks could not see) into a message.

    ``messages`` maps a constraint name to (field, message).
    """
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        text = str(exc)
        for name, (field, message) in messages.items():
            if name in text:
                raise ValidationError({field: message}, code="conflict") from exc
        raise


def save_changes(obj, **changes):
    """Set ``changes`` on a versioned row, bump its version (the optimistic lock that
    ``check_version`` reads) and save it."""
    for field, value in changes.items():
        setattr(obj, field, value)
    obj.version += 1
    obj.save()
    return obj
