"""The minute sweep: reminders at their offsets, overdue notices escalated, nothing twice."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liandong.deadlines import actions, reminders
from liandong.deadlines.models import DeadlineAlert, DeadlineState
from liandong.notifications.models import Notification


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
