"""The SM3 hash chain: the canonical form of an entry, its digest, and verification.

hash = SM3(prev_hash || canonical_json(entry)), where canonical_json(entry) is the JSON array of
the HASHED_FIELDS in that order: the time as UTC ISO 8601 with microseconds, ``before`` and
``after`` as the canonical JSON text they are stored as. Verification reads rows straight from a
database cursor and can split the chain into segments checked in parallel, then joined.
"""

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

GENESIS = "0" * 64

# The entry fields that are hashed, in this order (also the order verification reads them).
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
    "before_json",
    "after_json",
    "message",
    "request_id",
    "client_ip",
)
_SEQ = HASHED_FIELDS.index("seq")
_CREATED_AT = HASHED_FIELDS.index("created_at")
_WIDTH = len(HASHED_FIELDS)


def _default(value):
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    raise TypeError(f"cannot put {type(value).__name__} in an audit entry")


def canonical_json(value) -> str:
    """Sorted keys, no spaces, UTF-8 text as it is; Decimals, dates and UUIDs as strings."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_default
    )


def timestamp(moment: dt.datetime | str) -> str:
    """The hashed form of an entry's time: UTC, ISO 8601, microseconds.

    A raw SQLite cursor hands the stored value back naive (it is UTC); PostgreSQL's is aware.
    """
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_SM3 = hashlib.new("sm3")


def digest(prev_hash: str, values: list) -> str:
    """The SM3 digest of an entry given its HASHED_FIELDS values (time already ``timestamp``ed)."""
    h = _SM3.copy()
    h.update(prev_hash.encode("ascii"))
    h.update(_encode(values).encode("utf-8"))
    return h.hexdigest()


@dataclass(frozen=True)
class Segment:
    """What verifying a run of consecutive entries found."""

    first_seq: int
    first_prev: str
    last_seq: int
    last_hash: str
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def verify_segment(rows: Iterable[tuple], start_seq: int, progress=None) -> Segment:
    """Check rows of (*HASHED_FIELDS, prev_hash, hash) that should start at ``start_seq``:
    no gap, each linked to the one before, each matching its digest. Stops at the first break."""
    expected = start_seq
    first_prev = None
    prev = None
    checked = 0
    for row in rows:
        values = list(row[:_WIDTH])
        seq = values[_SEQ]
        stored_prev, stored_hash = row[_WIDTH], row[_WIDTH + 1]
        if first_prev is None:
            first_prev = prev = stored_prev
        if seq != expected:
            return Segment(start_seq, first_prev, expected - 1, prev, checked, expected, "missing")
        if stored_prev != prev:
            return Segment(start_seq, first_prev, seq - 1, prev, checked, seq, "prev_hash")
        values[_CREATED_AT] = timestamp(values[_CREATED_AT])
        if digest(prev, values) != stored_hash:
            return Segment(start_seq, first_prev, seq - 1, prev, checked, seq, "altered")
        prev = stored_hash
        expected += 1
        checked += 1
        if progress is not None and checked % 10_000 == 0:
            progress(checked)
    return Segment(start_seq, first_prev or "", expected - 1, prev or "", checked)


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


def join(segments: list[Segment], last_seq: int) -> Verification:
    """Join consecutive segments (covering 1..last_seq) into the verdict on the whole chain."""
    checked = 0
    prev = GENESIS
    expected = 1
    for segment in segments:
        if segment.checked and segment.first_prev != prev:
            return Verification(checked, expected - 1, prev, segment.first_seq, "prev_hash")
        checked += segment.checked
        if segment.broken_seq is not None:
            return Verification(
                checked, segment.last_seq, segment.last_hash, segment.broken_seq, segment.reason
            )
        if segment.checked == 0 and segment.first_seq <= last_seq:
            return Verification(checked, expected - 1, prev, segment.first_seq, "missing")
        prev, expected = segment.last_hash or prev, segment.last_seq + 1
    if expected <= last_seq:
        return Verification(checked, expected - 1, prev, expected, "missing")
    return Verification(checked, expected - 1, prev)


def verify_rows(rows: Iterable[tuple], *, progress: Callable[[int], None] | None = None):
    """Verify a whole chain given all its rows in seq order."""
    segment = verify_segment(rows, 1, progress)
    return join([segment], segment.last_seq)
