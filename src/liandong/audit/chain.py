"""The SM3 hash chain: canonical form of an entry, its digest, and verification."""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

GENESIS = "0" * 64

# The entry fields that are hashed, in the order verification reads them.
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_name",
    "department",
    "jurisdiction",
    "action",
    "outcome",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "message",
    "request_id",
    "client_ip",
)


def _default(value):
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"cannot put {type(value).__name__} in an audit entry")


def canonical_json(value) -> str:
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
    )


def normalize(value):
    """The JSON value as it will read back from the database (Decimals and dates as text)."""
    if value is None:
        return None
    return json.loads(canonical_json(value))


def timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def digest(prev_hash: str, fields: dict) -> str:
    fields = dict(fields, created_at=timestamp(fields["created_at"]))
    h = hashlib.new("sm3")
    h.update(prev_hash.encode("ascii"))
    h.update(canonical_json(fields).encode("utf-8"))
    return h.hexdigest()


@dataclass(frozen=True)
class Verification:
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_rows(
    rows: Iterable[tuple], *, progress: Callable[[int], None] | None = None
) -> Verification:
    """Walk rows of (*HASHED_FIELDS, prev_hash, hash) in seq order; stop at the first break."""
    expected_seq = 1
    prev = GENESIS
    checked = 0
    n = len(HASHED_FIELDS)
    for row in rows:
        fields = dict(zip(HASHED_FIELDS, row[:n], strict=True))
        seq = fields["seq"]
        stored_prev, stored_hash = row[n], row[n + 1]
        if seq != expected_seq:
            return Verification(checked, expected_seq - 1, prev, expected_seq, "missing")
        if stored_prev != prev:
            return Verification(checked, seq - 1, prev, seq, "prev_hash")
        if digest(prev, fields) != stored_hash:
            return Verification(checked, seq - 1, prev, seq, "altered")
        prev = stored_hash
        expected_seq += 1
        checked += 1
        if progress is not None and checked % 10000 == 0:
            progress(checked)
    return Verification(checked, expected_seq - 1, prev)
