"""Pushing records to the credit platform (信用中国 or the province's credit platform): one JSON
message per record and operation, POSTed to ``settings.CREDIT_PUSH_URL``.

- Nothing lost: a push is a row (``Push``) written in the review's transaction; it is retried
  with growing back-off until the platform accepts it, every try kept (``PushAttempt``). After
  ``ALERT_AFTER`` failed tries it is marked 需人工处理 and DRC is told, and it keeps being retried
  once a day.
- Never twice: the message carries its idempotency key (header ``Idempotency-Key`` and in the
  body), so a retry after an answer that was lost is recognised by the platform; once a try is
  accepted (2xx, or 409 "already have it") the push is never sent again. Two workers cannot send
  the same push at once: a try first claims the row for ``LEASE``.
- The HTTP call runs outside any transaction; its outcome is written in one afterwards.
"""

import datetime as dt
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import refuse
from liandong.credit.models import (
    CreditRecord,
    Push,
    PushAttempt,
    PushOperation,
    PushState,
    RecordState,
)
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify

logger = logging.getLogger("liandong.credit.push")

# Waits after the 1st, 2nd … failed try; then once a day.
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
    dt.timedelta(hours=4),
)
DAILY = dt.timedelta(days=1)
ALERT_AFTER = 5
LEASE = dt.timedelta(minutes=2)
OPEN = (PushState.WAITING, PushState.RETRYING, PushState.FAILED)
ACCEPTED = {409}  # besides 2xx: the platform already has this idempotency key


def queue(record: CreditRecord, operation: str) -> Push:
    """A push of ``record`` (inside the caller's transaction): sent by the next run of
    ``send_due`` after the commit."""
    from liandong.credit.actions import export_row

    row = export_row(record)
    push = Push(record=record, operation=operation, next_attempt_at=timezone.now())
    push.payload = {
        "idempotency_key": str(push.idempotency_key),
        "operation": operation,
        "record_id": record.pk,
        "record": {k: _plain(v) for k, v in row.items()},
    }
    push.save()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_kick)
    return push


def _kick() -> None:
    """Send soon: queue a worker task (the minute clock would anyway)."""
    from liandong.credit.tasks import send_pushes

    try:
        send_pushes.enqueue()
    except Exception:  # the periodic job picks it up
        logger.exception("could not queue the credit push task")


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _wait_after(failures: int) -> dt.timedelta:
    return BACKOFF[failures - 1] if failures <= len(BACKOFF) else DAILY


def send_due(now: dt.datetime | None = None) -> dict[str, int]:
    """Try every push whose time has come (periodic job; safe in several workers)."""
    now = now or timezone.now()
    if not getattr(settings, "CREDIT_PUSH_URL", ""):
        return {"sent": 0, "failed": 0, "unconfigured": Push.objects.filter(state__in=OPEN).count()}
    counts = {"sent": 0, "failed": 0}
    due = Push.objects.filter(state__in=OPEN, next_attempt_at__lte=now).order_by("next_attempt_at")
    for pk in list(due.values_list("pk", flat=True)[:200]):
        outcome = send_one(pk, now=now)
        if outcome is not None:
            counts["sent" if outcome else "failed"] += 1
    return counts


def _claim(pk: int, now: dt.datetime) -> bool:
    claimed = (
        Push.objects.filter(pk=pk, state__in=OPEN)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + LEASE)
    )
    return claimed == 1


def send_one(pk: int, now: dt.datetime | None = None) -> bool | None:
    """Send one push once, if no one else is; True accepted, False failed, None not tried."""
    now = now or timezone.now()
    if not _claim(pk, now):
        return None
    push = Push.objects.get(pk=pk)
    body = json.dumps(push.payload, ensure_ascii=False).encode()
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Idempotency-Key": str(push.idempotency_key),
        "User-Agent": "liandong-credit-push/1",
    }
    token = getattr(settings, "CREDIT_PUSH_TOKEN", "")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    url = settings.CREDIT_PUSH_URL
    if not url.startswith(("http://", "https://")):
        raise ImproperlyConfigured("LIANDONG_CREDIT_PUSH_URL must be an http(s) URL")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    started = time.monotonic()
    status, outcome, ok = None, "", False
    try:
        with urllib.request.urlopen(  # noqa: S310  (http(s) only, checked above)
            request, timeout=settings.CREDIT_PUSH_TIMEOUT
        ) as answer:
            status = answer.status
            ok = 200 <= status < 300
            outcome = _("已接收（HTTP %(code)s）") % {"code": status}
    except urllib.error.HTTPError as error:
        status = error.code
        ok = status in ACCEPTED
        outcome = (
            _("平台已有该记录（HTTP %(code)s），视为已接收") % {"code": status}
            if ok
            else _("平台返回错误 HTTP %(code)s %(reason)s")
            % {"code": status, "reason": error.reason}
        )
    except TimeoutError:
        outcome = _("连接超时（%(s)s秒）") % {"s": settings.CREDIT_PUSH_TIMEOUT}
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            outcome = _("连接超时（%(s)s秒）") % {"s": settings.CREDIT_PUSH_TIMEOUT}
        else:
            outcome = _("无法连接信用平台：%(e)s") % {"e": reason}
    elapsed = int((time.monotonic() - started) * 1000)
    _record_attempt(pk, ok=ok, status=status, outcome=outcome[:200], elapsed=elapsed)
    return ok


@transaction.atomic
def _record_attempt(pk: int, *, ok: bool, status: int | None, outcome: str, elapsed: int) -> None:
    from liandong.credit.actions import publish_record

    push = Push.objects.select_for_update().select_related("record__department").get(pk=pk)
    now = timezone.now()
    push.attempts += 1
    PushAttempt.objects.create(
        push=push,
        number=push.attempts,
        ok=ok,
        status_code=status,
        outcome=outcome,
        duration_ms=elapsed,
    )
    push.claimed_until = None
    record = push.record
    if ok:
        push.state, push.sent_at, push.next_attempt_at, push.last_error = (
            PushState.SENT,
            now,
            None,
            "",
        )
        push.save()
        audit.record(
            "credit.push.sent",
            actor=None,
            obj=record,
            after={"push": push.pk, "operation": push.operation, "attempts": push.attempts},
        )
        if push.operation == PushOperation.PUBLISH and record.state == RecordState.REVIEWED:
            publish_record(record, acting_user=None, note=_("信用平台已接收"))
        return
    push.last_error = outcome
    push.next_attempt_at = now + _wait_after(push.attempts)
    alert = push.attempts == ALERT_AFTER
    push.state = PushState.FAILED if push.attempts >= ALERT_AFTER else PushState.RETRYING
    push.save()
    audit.record(
        "credit.push.failed",
        actor=None,
        obj=record,
        outcome="failed",
        after={"push": push.pk, "attempt": push.attempts, "outcome": outcome},
    )
    if alert:
        from liandong.credit.actions import _drc_people

        notify(
            _drc_people(record),
            Note(
                kind="credit.push.failed",
                title=_("信用记录推送连续%(n)s次失败：%(subject)s")
                % {"n": push.attempts, "subject": record.subject_name},
                body=outcome,
                url=f"/credit/{record.pk}/",
            ),
            dedupe_key=f"credit.push.failed.{push.pk}",
        )


@action("credit.push.retry")
def retry_now(push: Push, *, acting_user) -> Push:
    """DRC asks for the next try now (after fixing the endpoint, say)."""
    push = Push.objects.select_for_update().select_related("record__department").get(pk=push.pk)
    policy.require_of(acting_user, "credit.record.review", push.record)
    if push.state not in OPEN:
        raise refuse(
            "state",
            _("该推送当前为“%(state)s”，无需重试。") % {"state": push.get_state_display()},
            "wrong_state",
        )
    push.next_attempt_at = timezone.now()
    push.save(update_fields=["next_attempt_at"])
    audit.record("credit.push.retry", actor=acting_user, obj=push.record, after={"push": push.pk})
    transaction.on_commit(_kick)
    return push
