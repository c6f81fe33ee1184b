"""The chain of custody of an item, read from the audit log: collected, uploaded, viewed,
downloaded, shared, exported, recognised, corrected."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import pgettext_lazy

from liandong.audit.models import AuditEntry
from liandong.evidence.models import EvidenceItem

LABELS = {
    "evidence.item.add": pgettext_lazy("custody", "登记上传"),
    "evidence.item.view": pgettext_lazy("custody", "查看"),
    "evidence.item.download": pgettext_lazy("custody", "下载"),
    "evidence.item.export": pgettext_lazy("custody", "导出证据包"),
    "evidence.item.recognise": pgettext_lazy("custody", "互认意见"),
    "evidence.item.supersede": pgettext_lazy("custody", "被更正"),
    "cases.case.share": pgettext_lazy("custody", "随案件共享"),
}
COLLECTED = pgettext_lazy("custody", "收集")


@dataclass(frozen=True)
class Event:
    at: object
    label: str
    who: str
    department: str
    detail: str
    seq: int | None = None


def _shares(item: EvidenceItem) -> Q:
    """Sharing is done on the case; it hands over the evidence when the part is 证据 or 全部."""
    return Q(
        object_type="cases.case",
        object_id=str(item.case_id),
        action="cases.case.share",
    ) & (Q(after_json__contains='"part":"evidence"') | Q(after_json__contains='"part":"all"'))


def events(item: EvidenceItem) -> list[Event]:
    entries = (
        AuditEntry.objects.filter(outcome="ok")
        .filter(
            Q(object_type=item._meta.label_lower, object_id=str(item.pk))
            | (_shares(item) & Q(created_at__gte=item.added_at))
        )
        .order_by("seq")
    )
    found = [
        Event(
            at=item.collected_at,
            label=str(COLLECTED),
            who=item.collectors,
            department=item.provided_by.name,
            detail=f"{item.get_method_display()}，{item.place}",
        )
    ]
    for entry in entries:
        found.append(
            Event(
                at=entry.created_at,
                label=str(LABELS.get(entry.action, entry.action)),
                who=entry.actor_name or "—",
                department=entry.department,
                detail=entry.message,
                seq=entry.seq,
            )
        )
    return found


def as_manifest(item: EvidenceItem) -> list[dict]:
    return [
        {
            "at": e.at.isoformat(),
            "event": e.label,
            "who": e.who,
            "department": e.department,
            "detail": e.detail,
            "audit_seq": e.seq,
        }
        for e in events(item)
    ]
