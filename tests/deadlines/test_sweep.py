"""The minute sweep: reminders at their offsets, overdue notices escalated, nothing twice."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liandong.deadlines import actions, reminders
from liandong.deadlines.models import DeadlineAlert, DeadlineState
from liandong.notifications.models import Notification
from tests.conftest import database_vendor


def _start(cast, hours_ago, rule="transfer.send"):
    return actions.start_deadline(
        cast.fin,
        rule=rule,
        department=cast.fin,
        start=timezone.now() - dt.timedelta(hours=hours_ago),
        acting_user=None,
    )


def test_overdue_timers_turn_missed_and_escalate_once(cast):
    late = _start(cast, 25)
    first = reminders.sweep()
    second = reminders.sweep()
    assert (first.missed, second.missed) == (1, 0)
    late.refresh_from_db()
    assert late.state == DeadlineState.MISSED
    told = set(
        Notification.objects.filter(kind="deadline.overdue").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"fin_liaison", "fin_head"}


def test_a_reminder_goes_out_at_the_nearest_offset_reached_and_once(cast):
    soon = _start(cast, 21)  # due in 3 hours; transfer.send reminds 4 hours before
    _start(cast, 1)  # due in 23 hours: no reminder yet
    assert reminders.sweep().reminded == 1
    assert reminders.sweep().reminded == 0
    alert = DeadlineAlert.objects.get()
    assert (alert.deadline_id, alert.hours_before) == (soon.pk, 4)
    assert Notification.objects.filter(kind="deadline.reminder").count() == 1


def test_a_paused_timer_is_not_chased(cast):
    paused = _start(cast, 30 * 24, rule="complaint.decision")
    actions.pause_deadline(paused, reason="expert_review", acting_user=None)
    assert reminders.sweep() == reminders.SweepResult(missed=0, reminded=0)


def test_the_sweep_costs_the_same_however_many_timers_are_not_due(cast):
    _start(cast, 25)
    with CaptureQueriesContext(connection) as few:
        reminders.sweep()
    _start(cast, 26)
    for _ in range(30):
        _start(cast, 0, rule="consultation.answer")  # far from due
    with CaptureQueriesContext(connection) as many:
        reminders.sweep()
    assert len(many) == len(few)


@pytest.mark.skipif(database_vendor() != "postgresql", reason="concurrent workers need a server")
@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_send_nothing_twice():
    from tests import cast as cast_module

    cast = cast_module.build()
    for hours in (25, 26, 27, 21, 22):
        _start(cast, hours)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            reminders.sweep()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert (
        Notification.objects.filter(kind="deadline.overdue", recipient=cast.fin_head).count() == 3
    )
    assert Notification.objects.filter(kind="deadline.reminder").count() == 2  # fin_liaison only
    assert DeadlineAlert.objects.count() == 5
