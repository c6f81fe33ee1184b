"""The API's request parser: JSON as ninja reads it, but no text may carry a NUL byte or another
control character (PostgreSQL refuses a NUL; the official documents cannot hold control
characters), and no number may pass what a database integer holds. Such a value is refused as
a bad field (422), naming where it is, before any action sees it."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja.parser import Parser

# C0 controls and DEL; tab, line feed and carriage return are text
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


INTEGER_LIMIT = 2**63  # what a database integer holds


def _refuse(field: str) -> ValidationError:
    message = _("不能包含空字符或其他控制字符。")
    return ValidationError({field or "body": ValidationError(message, code="control_character")})


def _too_large(field: str) -> ValidationError:
    message = _("数值超出允许的范围。")
    return ValidationError({field or "body": ValidationError(message, code="out_of_range")})


def check_text(value, field: str = "") -> None:
    """Raise naming the first text under ``value`` (a parsed body) with a control character."""
    if isinstance(value, str):
        if CONTROL.search(value):
            raise _refuse(field)
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= INTEGER_LIMIT:
            raise _too_large(field)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and CONTROL.search(key):
                raise _refuse(field)
            check_text(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_text(item, f"{field}.{index}" if field else str(index))


class TextParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        check_text(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        for key, values in data.lists():
            for value in values:
                check_text(value, key)
        return super().parse_querydict(data, list_fields, request)
