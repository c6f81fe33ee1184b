"""Telling people: ``notify`` is called by actions inside their transaction."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from liandong.notifications.models import Notification, OutgoingEmail, Preference


@dataclass(frozen=True)
class Message:
    kind: str  # dotted, e.g. "deadline.reminder"
    title: str
    body: str = ""
    url: str = ""


def notify(recipients: Iterable, message: Message, *, dedupe_key: str) -> list[Notification]:
    """Put ``message`` in each recipient's inbox once per ``dedupe_key``, and queue its email
    for those who want email; the email leaves after the surrounding transaction commits."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify must run inside the action's transaction")
    created = []
    people = {person.pk: person for person in recipients if person.is_active}
    no_email = set(
        Preference.objects.filter(user_id__in=people, email=False).values_list("user_id", flat=True)
    )
    for person in people.values():
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    recipient=person,
                    kind=message.kind,
                    title=message.title[:200],
                    body=message.body,
                    url=message.url[:300],
                    dedupe_key=dedupe_key[:200],
                )
        except IntegrityError:
            continue  # already told about this event
        created.append(notification)
        if person.email and person.pk not in no_email:
            email = OutgoingEmail.objects.create(
                notification=notification,
                to=person.email,
                subject=message.title[:200],
                body=_email_body(message),
            )
            transaction.on_commit(lambda pk=email.pk: _enqueue_send(pk))
    return created


def notify_many(deliveries: list[tuple[Iterable, Message, str]]) -> int:
    """``notify`` for many events at once (a sweep): [(recipients, message, dedupe_key)].
    Returns how many notifications were created; their emails go out after the commit."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("notify_many must run inside the action's transaction")
    rows = [
        Notification(
            recipient=person,
            kind=message.kind,
            title=message.title[:200],
            body=message.body,
            url=message.url[:300],
            dedupe_key=key[:200],
        )
        for recipients, message, key in deliveries
        for person in recipients
        if person.is_active
    ]
    if not rows:
        return 0
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    keys = {row.dedupe_key for row in rows}
    no_email = set(Preference.objects.filter(email=False).values_list("user_id", flat=True))
    fresh = Notification.objects.filter(dedupe_key__in=keys, email__isnull=True).select_related(
        "recipient"
    )
    emails = [
        OutgoingEmail(
            notification=n,
            to=n.recipient.email,
            subject=n.title,
            body=_email_body(Message(n.kind, n.title, n.body, n.url)),
        )
        for n in fresh
        if n.recipient.email and n.recipient_id not in no_email
    ]
    OutgoingEmail.objects.bulk_create(emails)
    if emails:
        transaction.on_commit(_enqueue_send_queued)
    return len(rows)


def _enqueue_send_queued() -> None:
    from liandong.notifications.tasks import send_queued

    send_queued.enqueue()


def _email_body(message: Message) -> str:
    parts = [message.body] if message.body else []
    if message.url:
        parts.append(settings.SITE_URL.rstrip("/") + message.url)
    parts.append("— 联动执法协作平台")
    return "\n\n".join(parts)


def _enqueue_send(pk: int) -> None:
    from liandong.notifications.tasks import send_email

    send_email.enqueue(pk)
