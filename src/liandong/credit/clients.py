"""Purchasers' and agencies' check tokens: who is asking, and whether they are within their
rate limit (a fixed one-minute window counted in the database, so every web process sees the
same count). Bookkeeping of the token itself, not domain state: no audit entry per check."""

import datetime as dt

from django.db.models import F
from django.utils import timezone

from liandong.core.crypto import sm3_hex
from liandong.credit.models import CheckClient

PREFIX = "ldc_"


def find(token: str) -> CheckClient | None:
    if not token or not token.startswith(PREFIX):
        return None
    return (
        CheckClient.objects.select_related("jurisdiction")
        .filter(token_digest=sm3_hex(token.encode()), is_active=True)
        .first()
    )


def take(client: CheckClient, now: dt.datetime | None = None) -> bool:
    """Count one request in the current minute; False when the limit is reached."""
    now = now or timezone.now()
    window = now.replace(second=0, microsecond=0)
    for _attempt in range(2):
        counted = CheckClient.objects.filter(
            pk=client.pk, window_start=window, window_count__lt=F("per_minute")
        ).update(window_count=F("window_count") + 1, last_used_at=now)
        if counted:
            return True
        opened = (
            CheckClient.objects.filter(pk=client.pk)
            .exclude(window_start=window)
            .update(window_start=window, window_count=1, last_used_at=now)
        )
        if opened:
            return True
        if CheckClient.objects.filter(pk=client.pk, window_start=window).exists():
            return False  # this minute's count is full
    return False


def retry_after(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    return 60 - now.second
