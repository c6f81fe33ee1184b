"""What text an official document may hold."""

import dataclasses
import re

# C0 controls and DEL but tab, line feed and carriage return: not allowed in OOXML text
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value):
    """``value`` (a document, a block, a row, a text) with its control characters left out: a
    .docx cannot hold them, and a document is never refused for a stray one someone typed."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, tuple | list):
        return type(value)(without_controls(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = [f.name for f in dataclasses.fields(value) if f.init]
        return dataclasses.replace(
            value, **{name: without_controls(getattr(value, name)) for name in fields}
        )
    return value
