"""Document numbers (发文字号, RULES.md §8): 代字〔年份〕序号号, e.g. 泉鲤政财〔2022〕113号.

Numbers are allocated per department, per kind of document and per year, inside the caller's
transaction: the sequence row is locked until the caller commits, so two concurrent requests get
consecutive numbers, and a transaction that rolls back gives its number back (no gaps).
"""

import re
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction

from liandong.documents.models import NumberSequence

PATTERN = re.compile(r"^.+〔\d{4}〕[1-9]\d*号$")


@dataclass(frozen=True)
class Kind:
    """A kind of numbered document; ``infix`` follows the department's 代字 (e.g. 案 for cases)."""

    code: str
    infix: str = ""


def format_number(prefix: str, year: int, sequence: int) -> str:
    number = f"{prefix}〔{year}〕{sequence}号"
    if not PATTERN.match(number):
        raise ValueError(f"not a document number: {number!r}")
    return number


def allocate(department, kind: Kind, year: int) -> tuple[int, str]:
    """The next number of ``kind`` for ``department`` in ``year``: (sequence, text)."""
    if not connection.in_atomic_block:
        raise RuntimeError("numbers are allocated inside the action's transaction")
    if not department.doc_prefix:
        raise ValueError(f"{department} has no document prefix (发文代字)")
    lookup = {"department": department, "kind": kind.code, "year": year}
    sequence = NumberSequence.objects.select_for_update().filter(**lookup).first()
    if sequence is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(**lookup)
        except IntegrityError:
            pass  # another request created it first; the lock below waits for it
        sequence = NumberSequence.objects.select_for_update().get(**lookup)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    return sequence.last, format_number(department.doc_prefix + kind.infix, year, sequence.last)


def peek(department, kind: Kind, year: int) -> tuple[int, str]:
    """The number ``allocate`` would give now if nobody takes one first (read without a lock):
    for rendering a document before the transaction that allocates its number."""
    if not department.doc_prefix:
        raise ValueError(f"{department} has no document prefix (发文代字)")
    lookup = {"department": department, "kind": kind.code, "year": year}
    last = NumberSequence.objects.filter(**lookup).values_list("last", flat=True).first() or 0
    return last + 1, format_number(department.doc_prefix + kind.infix, year, last + 1)
