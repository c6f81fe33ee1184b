"""阅读回执: who was given something to read (a bulletin, issued minutes) and who has read it.

``deliver`` records the delivery to each person (once), ``mark_read`` the first time a person
opens it, ``status`` lists both, department by department. The object's own app decides who
receives it and calls these inside its actions."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from liandong.audit import log as audit
from liandong.core.actions import action
from liandong.notifications.models import Receipt


def deliver(obj, people) -> int:
    """Deliver ``obj`` to ``people`` (active ones; each once). Returns how many were new."""
    content_type = ContentType.objects.get_for_model(obj)
    have = set(
        Receipt.objects.filter(content_type=content_type, object_id=str(obj.pk)).values_list(
            "recipient_id", flat=True
        )
    )
    rows = [
        Receipt(
            content_type=content_type,
            object_id=str(obj.pk),
            recipient=person,
            department_id=person.department_id,
        )
        for person in {p.pk: p for p in people if p.is_active}.values()
        if person.pk not in have
    ]
    Receipt.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@action("notifications.receipt.read")
def mark_read(obj, *, acting_user) -> bool:
    """``acting_user`` opened ``obj``: their receipt is marked read the first time (audited).
    False when nothing was delivered to them or it was already read."""
    changed = (
        Receipt.objects.for_object(obj)
        .filter(recipient=acting_user, read_at__isnull=True)
        .update(read_at=timezone.now())
    )
    if changed:
        audit.record("notifications.receipt.read", actor=acting_user, obj=obj)
    return bool(changed)


@dataclass(frozen=True)
class Line:
    department: str
    person: str
    delivered_at: object
    read_at: object


def status(obj) -> list[Line]:
    """Everyone ``obj`` was delivered to, with when they read it (None: not yet)."""
    rows = Receipt.objects.for_object(obj).select_related("recipient", "department")
    return [
        Line(r.department.short_name, r.recipient.full_name, r.delivered_at, r.read_at)
        for r in rows.order_by("department_id", "recipient__full_name")
    ]


def unread_count(user, model) -> int:
    return (
        Receipt.objects.filter(
            recipient=user, content_type=ContentType.objects.get_for_model(model)
        )
        .unread()
        .count()
    )
