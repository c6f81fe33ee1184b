"""The integrity sweep: stored files are re-hashed in turn and any that no longer match the digests
recorded when they arrived raise an alert (GB/T 39786-2021: integrity of important data by SM3)."""

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from liandong.evidence import actions, storage
from liandong.evidence.models import Blob, Integrity

logger = logging.getLogger("liandong.evidence")


def check(blob: Blob) -> tuple[Integrity, str]:
    path = storage.blob_path(blob.sha256)
    if not path.exists():
        return Integrity.MISSING, f"{path} 不存在"
    found = storage.digest_file(path)
    if (found.sm3, found.sha256, found.size) != (blob.sm3, blob.sha256, blob.size):
        return Integrity.MISMATCH, f"SM3 {found.sm3}（应为 {blob.sm3}），{found.size} 字节"
    return Integrity.OK, ""


def sweep(now: dt.datetime | None = None, budget: int | None = None) -> dict:
    """Re-hash files not checked for EVIDENCE_SWEEP_DAYS, oldest first, until ``budget`` bytes
    have been read (the worker runs this every minute; a big store is covered over days). Files
    already found bad are checked on every run until they are put right."""
    now = now or timezone.now()
    budget = settings.EVIDENCE_SWEEP_BYTES if budget is None else budget
    due = Blob.objects.filter(
        Q(checked_at__isnull=True)
        | Q(checked_at__lt=now - dt.timedelta(days=settings.EVIDENCE_SWEEP_DAYS))
        | Q(integrity__in=[Integrity.MISMATCH, Integrity.MISSING])
    ).order_by("checked_at", "pk")
    read = checked = failed = 0
    for blob in due.iterator(chunk_size=200):
        if checked and read + blob.size > budget:
            break
        found, detail = check(blob)
        read += blob.size
        checked += 1
        if found == Integrity.OK and blob.integrity == Integrity.OK:
            # unchanged: only the time of the check moves (bookkeeping, not an event)
            Blob.objects.filter(pk=blob.pk).update(checked_at=timezone.now())
        else:
            actions.record_check(blob, found=found, detail=detail, acting_user=None)
        if found != Integrity.OK:
            failed += 1
            logger.error("evidence file %s failed its integrity check: %s", blob.sha256, detail)
    return {"checked": checked, "bytes": read, "failed": failed}
