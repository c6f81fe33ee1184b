"""Writing and checking the audit log.

``record`` is called by action functions inside their transaction. It serialises appenders (a
transaction-scoped advisory lock on PostgreSQL; SQLite's IMMEDIATE transactions already hold the
write lock), so the chain order is the commit order and no two entries share a predecessor.
"""

from django.db import connection, models, transaction
from django.utils import timezone

from liandong.audit.chain import (
    GENESIS,
    HASHED_FIELDS,
    Verification,
    digest,
    normalize,
    verify_rows,
)
from liandong.audit.models import AuditEntry, Outcome
from liandong.core import context

_CHAIN_LOCK_KEY = 0x6C69616E646F6E67  # "liandong"


def _actor_identity(actor) -> tuple[int | None, str, str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "", "", ""
    name, department, jurisdiction = actor.audit_identity()
    return actor.pk, name, department, jurisdiction


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def snapshot(instance: models.Model, fields: list[str] | tuple[str, ...]) -> dict:
    """The named fields of a model instance as JSON-ready values (foreign keys by id)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(obj.pk for obj in getattr(instance, name).all())
        else:
            values[name] = field.value_from_object(instance)
    return normalize(values)


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
        "before": normalize(before),
        "after": normalize(after),
        "message": message,
        "request_id": ctx.request_id,
        "client_ip": ctx.client_ip,
    }
    _lock_chain()
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
    prev_seq, prev_hash = last if last else (0, GENESIS)
    fields["seq"] = prev_seq + 1
    return AuditEntry.objects.create(**fields, prev_hash=prev_hash, hash=digest(prev_hash, fields))


def record_refusal(action: str, *, actor, outcome: str, message: str, **kwargs) -> AuditEntry:
    """Audit a refused action in a transaction of its own (the action's was rolled back)."""
    with transaction.atomic():
        return record(action, actor=actor, outcome=outcome, message=message, **kwargs)


def verify(*, chunk_size: int = 5000, progress=None) -> Verification:
    rows = (
        AuditEntry.objects.order_by("seq")
        .values_list(*HASHED_FIELDS, "prev_hash", "hash")
        .iterator(chunk_size=chunk_size)
    )
    return verify_rows(rows, progress=progress)
