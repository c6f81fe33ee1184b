"""The inbox and the email outbox: once per event, queued on commit, retried, never lost."""

import datetime as dt

from django.core import mail
from django.db import transaction
from django.utils import timezone

from liandong.notifications import actions, tasks
from liandong.notifications.models import EmailState, Notification, OutgoingEmail
from liandong.notifications.service import Message, notify
from liandong.organizations import actions as people


def _with_email(cast, name):
    person = cast.people[name]
    return people.update_user(person, email=f"{name}@example.gov.cn", acting_user=None)


def test_it_tells_each_person_once_and_queues_email_after_commit(
    cast, django_capture_on_commit_callbacks
):
    liaison = _with_email(cast, "fin_liaison")
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        notify([liaison, cast.fin_head], Message("test", "请答复咨询"), dedupe_key="e1")
        notify([liaison], Message("test", "请答复咨询"), dedupe_key="e1")  # the same event
    assert Notification.objects.filter(dedupe_key="e1").count() == 2
    assert OutgoingEmail.objects.count() == 1  # the head has no email address
    assert len(callbacks) == 1  # the send is queued only once the transaction commits


def test_a_person_can_turn_email_off(cast):
    liaison = _with_email(cast, "fin_liaison")
    actions.set_preference(liaison, email=False, acting_user=liaison)
    with transaction.atomic():
        notify([liaison], Message("test", "提醒"), dedupe_key="e2")
    assert Notification.objects.filter(recipient=liaison).count() == 1
    assert not OutgoingEmail.objects.exists()


def test_a_failed_send_is_retried_with_back_off_then_sent(cast, settings):
    liaison = _with_email(cast, "fin_liaison")
    with transaction.atomic():
        notify([liaison], Message("test", "提醒"), dedupe_key="e3")
    email = OutgoingEmail.objects.get()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    assert tasks.deliver(email.pk) is False  # nothing listens on port 9
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.QUEUED, 1)
    assert email.next_attempt_at > timezone.now()
    assert "Error" in email.last_error
    assert tasks.deliver(email.pk) is False  # not due yet: not even tried
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tasks.requeue_due(now=timezone.now() + dt.timedelta(minutes=2)) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 2)
    assert mail.outbox[0].to == ["fin_liaison@example.gov.cn"]


def test_an_email_a_dead_worker_held_goes_out_later(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    liaison = _with_email(cast, "fin_liaison")
    with transaction.atomic():
        notify([liaison], Message("test", "提醒"), dedupe_key="e4")
    email = OutgoingEmail.objects.get()
    long_ago = timezone.now() - dt.timedelta(hours=1)
    OutgoingEmail.objects.filter(pk=email.pk).update(state=EmailState.SENDING, claimed_at=long_ago)
    assert tasks.requeue_due() == 1
    email.refresh_from_db()
    assert email.state == EmailState.SENT
    assert len(mail.outbox) == 1


def test_the_inbox_counts_unread_and_marks_read(client, cast):
    with transaction.atomic():
        notify([cast.fin_officer], Message("test", "第一条"), dedupe_key="a")
        notify([cast.fin_officer], Message("test", "第二条", url="/deadlines/"), dedupe_key="b")
    client.force_login(cast.fin_officer)
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 2}
    page = client.get("/messages/").content.decode()
    assert "第一条" in page and '<span class="count">2</span>' in page
    second = Notification.objects.get(dedupe_key="b")
    response = client.post(f"/messages/{second.pk}/read/")
    assert response["Location"] == "/deadlines/"
    assert client.get("/api/v1/notifications/unread-count").json() == {"unread": 1}
    assert client.post("/api/v1/notifications/read-all").json() == {"marked": 1}
