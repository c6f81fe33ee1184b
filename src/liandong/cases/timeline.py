"""The case timeline: everything that happened to a case, read from the audit log.

Other apps put their steps on it (evidence, consultations, transfers …) by registering a
``Source``: which audit entries belong to a case, and how each action reads on the timeline.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from liandong.audit.models import AuditEntry


@dataclass(frozen=True)
class Source:
    entries: Callable[[object], Q]  # case → the audit entries of this source that concern it
    labels: dict = field(default_factory=dict)  # action → label
    name_object: bool = False  # say which object (the entry's object_repr) after the label


_sources: list[Source] = []


def register(source: Source) -> None:
    _sources.append(source)


def entries_for(case, limit: int = 100) -> list[tuple[AuditEntry, str]]:
    """The case's timeline, newest first, as (entry, label)."""
    query = Q()
    for source in _sources:
        query |= source.entries(case)
    rows = AuditEntry.objects.filter(outcome="ok").filter(query).order_by("-seq")[:limit]
    out = []
    for entry in rows:
        for source in _sources:
            if entry.action in source.labels:
                label = str(source.labels[entry.action])
                if source.name_object and entry.object_repr:
                    label = f"{label}：{entry.object_repr}"
                out.append((entry, label))
                break
        else:
            out.append((entry, entry.action))
    return out
