"""Writing and checking the audit log.

``record`` is called by action functions inside their transaction. It serialises appenders (a
transaction-scoped advisory lock on PostgreSQL; SQLite's IMMEDIATE transactions already hold the
write lock), so the chain order is the commit order and no two entries share a predecessor.
"""

import json

from django.db import connection, connections, models, transaction
from django.utils import timezone

from liandong.audit.chain import (
    GENESIS,
    HASHED_FIELDS,
    Verification,
    canonical_json,
    digest,
    join,
    timestamp,
    verify_rows,
    verify_segment,
)
from liandong.audit.models import AuditEntry, Outcome
from liandong.core import context

_CHAIN_LOCK_KEY = 0x6C69616E646F6E67  # "liandong"


def _actor_identity(actor) -> tuple[int | None, str, str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "", "", ""
    name, department, jurisdiction = actor.audit_identity()
    return actor.pk, name, department, jurisdiction


def _lock_chain_head() -> tuple[int, str]:
    """Serialise appenders and return the (seq, hash) of the chain's last entry."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT * FROM audit_chain_head(%s)", [_CHAIN_LOCK_KEY])
        else:  # SQLite: the IMMEDIATE transaction already holds the database's write lock
            cursor.execute("SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1")
        row = cursor.fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def snapshot(instance: models.Model, fields: list[str] | tuple[str, ...]) -> dict:
    """The named fields of a model instance as JSON-ready values (foreign keys by id)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(obj.pk for obj in getattr(instance, name).all())
        else:
            values[name] = field.value_from_object(instance)
    return json.loads(canonical_json(values))


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields whose value differs, as (before, after) for ``record``."""
    keys = [key for key in after if after[key] != before.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def record(
    action: str,
    *,
    actor,
    obj: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    outcome: str = Outcome.OK,
    message: str = "",
    object_repr: str | None = None,
    actor_name: str | None = None,
    jurisdiction: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain, in the caller's transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit.record must run inside the action's transaction")
    actor_id, name, department, actor_jurisdiction = _actor_identity(actor)
    if obj is not None and jurisdiction is None:
        jurisdiction = getattr(obj, "audit_jurisdiction", None)
    ctx = context.current()
    fields = {
        "created_at": timezone.now(),
        "actor_id": actor_id,
        "actor_name": (actor_name if actor_name is not None else name)[:150],
        "department": department[:100],
        "jurisdiction": jurisdiction or actor_jurisdiction,
        "action": action,
        "outcome": str(outcome),
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "object_repr": (object_repr if object_repr is not None else str(obj or ""))[:200],
        "before_json": canonical_json(before) if before is not None else "",
        "after_json": canonical_json(after) if after is not None else "",
        "message": message,
        "request_id": ctx.request_id,
        "client_ip": ctx.client_ip,
    }
    prev_seq, prev_hash = _lock_chain_head()
    fields["seq"] = prev_seq + 1
    values = [fields[name] for name in HASHED_FIELDS]
    values[HASHED_FIELDS.index("created_at")] = timestamp(fields["created_at"])
    entry = AuditEntry(**fields, prev_hash=prev_hash, hash=digest(prev_hash, values))
    _insert(entry)
    return entry


_COLUMNS = (*HASHED_FIELDS, "prev_hash", "hash")


def _insert(entry: AuditEntry) -> None:
    """One INSERT without the ORM's per-call query building: this runs in every action."""
    ops = connection.ops
    params = [getattr(entry, name) for name in _COLUMNS]
    params[1] = ops.adapt_datetimefield_value(entry.created_at)
    sql = _insert_sql.get(connection.vendor)
    if sql is None:
        meta = AuditEntry._meta
        columns = ", ".join(ops.quote_name(meta.get_field(n).column) for n in _COLUMNS)
        placeholders = ", ".join(["%s"] * len(_COLUMNS))
        sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608
        _insert_sql[connection.vendor] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    entry._state.adding = False
    entry._state.db = connection.alias


_insert_sql: dict[str, str] = {}


def record_refusal(action: str, *, actor, outcome: str, message: str, **kwargs) -> AuditEntry:
    """Audit a refused action in a transaction of its own (the action's was rolled back)."""
    with transaction.atomic():
        return record(action, actor=actor, outcome=outcome, message=message, **kwargs)


def _raw_rows(chunk_size: int, first: int = 1, last: int | None = None):
    """Entries first..last in chain order, straight from the cursor (the ORM's per-row
    conversions would cost more than the hashing)."""
    meta = AuditEntry._meta
    columns = ", ".join(
        connection.ops.quote_name(meta.get_field(name).column)
        for name in (*HASHED_FIELDS, "prev_hash", "hash")
    )
    table = connection.ops.quote_name(meta.db_table)
    seq = connection.ops.quote_name(meta.get_field("seq").column)
    where, params = f"{seq} >= %s", [first]
    if last is not None:
        where, params = f"{where} AND {seq} <= %s", [first, last]
    sql = f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {seq}"  # noqa: S608 - names from the model
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk_size):
            yield from batch


def verify(*, chunk_size: int = 10_000, progress=None, jobs: int = 1) -> Verification:
    """Re-walk the whole chain. ``jobs`` > 1 splits it into ranges checked by as many
    processes (each with its own connection), then joins the ranges."""
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    if jobs <= 1 or last < 20_000:
        return verify_rows(_raw_rows(chunk_size), progress=progress)
    import multiprocessing

    from liandong.audit import parallel

    step = -(-last // jobs)
    ranges = [(lo, min(lo + step - 1, last)) for lo in range(1, last + 1, step)]
    connections.close_all()  # each process opens its own
    # fork: the children start with Django loaded (spawn would spend ~0.4 s each importing it).
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        segments = pool.starmap(parallel.verify_range, ranges)
    return join(segments, last)


def verify_range(first: int, last: int):
    return verify_segment(_raw_rows(10_000, first, last), first)
