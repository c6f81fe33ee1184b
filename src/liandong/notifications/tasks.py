"""Sending queued emails: at least once, retried with back-off, never lost.

A send first claims its row (queued → sending) in a short transaction, talks to the SMTP server
outside any transaction, then records the outcome. A worker killed mid-send leaves the row
"sending"; the periodic job puts rows claimed too long ago back in the queue.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from liandong.notifications.models import EmailState, OutgoingEmail

logger = logging.getLogger("liandong.notifications")

MAX_ATTEMPTS = 8
STALE_CLAIM = dt.timedelta(minutes=10)


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes between attempts, at most an hour."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


def deliver(pk: int, now: dt.datetime | None = None) -> bool:
    """Try to send one queued email now; True when it went out."""
    now = now or timezone.now()
    claimed = OutgoingEmail.objects.filter(
        pk=pk, state=EmailState.QUEUED, next_attempt_at__lte=now
    ).update(state=EmailState.SENDING, claimed_at=now)
    if not claimed:
        return False  # sent already, claimed by another worker, or not due yet
    email = OutgoingEmail.objects.get(pk=pk)
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as exc:  # any SMTP or network failure: try again later
        logger.warning("email %s to %s failed: %s", pk, email.to, exc)
        with transaction.atomic():
            email.attempts += 1
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.state = EmailState.FAILED
            else:
                email.state = EmailState.QUEUED
                email.next_attempt_at = timezone.now() + backoff(email.attempts)
            email.save()
        return False
    with transaction.atomic():
        email.attempts += 1
        email.state = EmailState.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save()
    return True


@task()
def send_email(pk: int) -> bool:
    return deliver(pk)


@task()
def send_queued() -> int:
    return requeue_due()


def requeue_due(now: dt.datetime | None = None) -> int:
    """Periodic: retry what is due and take back what a dead worker held; returns emails sent."""
    now = now or timezone.now()
    OutgoingEmail.objects.filter(state=EmailState.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        state=EmailState.QUEUED, claimed_at=None
    )
    due = OutgoingEmail.objects.filter(state=EmailState.QUEUED, next_attempt_at__lte=now)
    return sum(deliver(pk, now) for pk in due.values_list("pk", flat=True)[:500])
