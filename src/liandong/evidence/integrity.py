"""The integrity sweep: stored files are re-hashed in turn and any that no longer match the digests
recorded when they arrived raise an alert (GB/T 39786-2021: integrity of important data by SM3).

The store holds evidence files (``Blob``) and the files of issued documents; each kind is a
``Source`` whose rows carry ``checked_at`` and ``integrity``. One run takes the due rows of every
source, oldest check first, until its byte budget is spent, so no kind waits behind another.
"""

import datetime as dt
import heapq
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from liandong.evidence import actions, storage
from liandong.evidence.models import Blob, Integrity
from liandong.organizations.models import Role, User

logger = logging.getLogger("liandong.evidence")

_NEVER = dt.datetime.min.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class Source:
    """One kind of stored file the sweep checks. Its rows have ``checked_at`` and ``integrity``."""

    due: Callable[[dt.datetime], models.QuerySet]  # rows due then, ordered as ``due_rows`` does
    size: Callable[[models.Model], int]
    check: Callable[[models.Model], tuple[Integrity, str]]
    record: Callable[[models.Model, Integrity, str], object]  # the action, unless still intact
    describe: Callable[[models.Model], str]  # for the log


def due_rows(rows: models.QuerySet, now: dt.datetime) -> models.QuerySet:
    """Rows not checked for EVIDENCE_SWEEP_DAYS, never-checked first, then oldest check first.
    Rows already found damaged are due on every run until they are put right."""
    stale = now - dt.timedelta(days=settings.EVIDENCE_SWEEP_DAYS)
    return rows.filter(
        Q(checked_at__isnull=True) | Q(checked_at__lt=stale) | Q(integrity__in=storage.DAMAGED)
    ).order_by(F("checked_at").asc(nulls_first=True), "pk")


def alerted(department) -> models.QuerySet:
    """Who is told that a file of ``department`` failed its check: the department's head and the
    administrators of its jurisdiction."""
    heads = User.objects.filter(is_active=True, department=department, role=Role.HEAD)
    admins = User.objects.filter(
        is_active=True, role=Role.ADMIN, department__jurisdiction_id=department.jurisdiction_id
    )
    return (heads | admins).distinct()


def check(blob: Blob) -> tuple[Integrity, str]:
    return storage.verify(blob.sha256, blob.sm3, blob.size)


BLOBS = Source(
    due=lambda now: due_rows(Blob.objects.all(), now),
    size=lambda blob: blob.size,
    check=check,
    record=lambda blob, found, detail: actions.record_check(
        blob, found=found, detail=detail, acting_user=None
    ),
    describe=lambda blob: f"evidence file {blob.sha256}",
)

_sources: list[Source] = [BLOBS]


def register(source: Source) -> None:
    """Another app's stored files join the sweep (called from its ``AppConfig.ready``)."""
    _sources.append(source)


def _due(source: Source, now: dt.datetime) -> Iterator[tuple[models.Model, Source]]:
    for row in source.due(now).iterator(chunk_size=200):
        yield row, source


def _oldest_first(pair: tuple[models.Model, Source]) -> tuple:
    checked_at = pair[0].checked_at
    return (checked_at is not None, checked_at or _NEVER)


def sweep(now: dt.datetime | None = None, budget: int | None = None) -> dict:
    """Re-hash files not checked for EVIDENCE_SWEEP_DAYS, oldest first, until ``budget`` bytes
    have been read (the worker runs this every minute; a big store is covered over days). Files
    already found bad are checked on every run until they are put right."""
    now = now or timezone.now()
    budget = settings.EVIDENCE_SWEEP_BYTES if budget is None else budget
    due = heapq.merge(*(_due(source, now) for source in _sources), key=_oldest_first)
    read = checked = failed = 0
    for row, source in due:
        size = source.size(row)
        if checked and read + size > budget:
            break
        found, detail = source.check(row)
        read += size
        checked += 1
        if found == Integrity.OK and row.integrity == Integrity.OK:
            # unchanged: only the time of the check moves (bookkeeping, not an event)
            type(row).objects.filter(pk=row.pk).update(checked_at=timezone.now())
        else:
            source.record(row, found, detail)
        if found != Integrity.OK:
            failed += 1
            logger.error("%s failed its integrity check: %s", source.describe(row), detail)
    return {"checked": checked, "bytes": read, "failed": failed}
