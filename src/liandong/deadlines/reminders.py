"""The minute sweep: reminders before a timer is due, and the overdue notice with escalation to
the responsible department's head. Safe to run twice or in two workers at once: a timer turns
"missed" only once (under a row lock, skipping rows another worker holds), and each reminder is
recorded once (``DeadlineAlert`` is unique per timer, kind and offset)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.deadlines.models import AlertKind, Deadline, DeadlineAlert, DeadlineState
from liandong.deadlines.periods import due_text
from liandong.notifications.service import Message, notify_many

BATCH = 1000


@dataclass(frozen=True)
class SweepResult:
    missed: int
    reminded: int


def _people_by_department(department_ids) -> tuple[dict, dict]:
    """Liaisons and heads of each department (those who are told and those escalated to)."""
    from liandong.organizations.models import Liaison, Role, User

    liaisons, heads = defaultdict(list), defaultdict(list)
    for liaison in Liaison.objects.filter(department_id__in=department_ids).select_related("user"):
        liaisons[liaison.department_id].append(liaison.user)
    for head in User.objects.filter(
        department_id__in=department_ids, role=Role.HEAD, is_active=True
    ):
        heads[head.department_id].append(head)
    return liaisons, heads


def _secret_officers(case_ids) -> dict[int, list]:
    """For the 涉密 cases among ``case_ids``: their assigned, active officers. A timer of such a
    case is told to them (and escalated to the head), never to the liaisons, who may not see
    the case."""
    from django.apps import apps

    found: dict[int, list] = {}
    cases = apps.get_model("cases", "Case").objects.filter(pk__in=case_ids, confidential=True)
    for case in cases.prefetch_related("officers"):
        found[case.pk] = [p for p in case.officers.all() if p.is_active]
    return found


def _lock(queryset):
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True, of=("self",))
    return queryset  # SQLite: the IMMEDIATE transaction already holds the database


def mark_missed(now: dt.datetime) -> int:
    """Running timers past due become missed; liaisons are told and heads escalated to."""
    with transaction.atomic():
        rows = list(
            _lock(Deadline.objects.filter(state=DeadlineState.RUNNING, due_at__lte=now))
            .order_by("due_at")
            .values_list("pk", "department_id", "name", "object_repr", "due_at", "case_id")[:BATCH]
        )
        if not rows:
            return 0
        ids = [row[0] for row in rows]
        Deadline.objects.filter(pk__in=ids).update(
            state=DeadlineState.MISSED, next_reminder_at=None
        )
        DeadlineAlert.objects.bulk_create(
            [
                DeadlineAlert(deadline_id=row[0], kind=AlertKind.OVERDUE, due_at=row[4])
                for row in rows
            ],
            ignore_conflicts=True,
        )
        liaisons, heads = _people_by_department({row[1] for row in rows})
        secret = _secret_officers({row[5] for row in rows if row[5]})
        deliveries = []
        for pk, department_id, name, subject, due_at, case_id in rows:
            message = Message(
                "deadline.overdue",
                _("已逾期：%(name)s（%(subject)s），期限已于 %(due)s 届满")
                % {"name": name, "subject": subject, "due": due_text(due_at)},
                _("请尽快办理并在平台上记录；本通知同时报送单位负责人。"),
                reverse("deadlines:detail", args=[pk]),
            )
            told = secret[case_id] if case_id in secret else liaisons[department_id]
            recipients = told + heads[department_id]
            deliveries.append((recipients, message, f"deadline:{pk}:overdue:{due_at.isoformat()}"))
        notify_many(deliveries)
        audit.record(
            "deadlines.deadline.missed",
            actor=None,
            after={"deadlines": ids},
            message=_("%(n)d 个期限届满未完成") % {"n": len(ids)},
        )
        return len(ids)


def send_reminders(now: dt.datetime) -> int:
    """Timers whose next reminder time has come: the reminder of the nearest offset reached,
    once per offset and due time; then the time of the next one."""
    with transaction.atomic():
        due = list(
            _lock(
                Deadline.objects.filter(
                    state=DeadlineState.RUNNING, next_reminder_at__lte=now, due_at__gt=now
                )
            ).select_related("rule")[:BATCH]
        )
        if not due:
            return 0
        alerts, deliveries = [], []
        liaisons, heads = _people_by_department({d.department_id for d in due})
        secret = _secret_officers({d.case_id for d in due if d.case_id})
        for deadline in due:
            reached = [
                h
                for h in deadline.rule.reminder_hours
                if deadline.due_at - dt.timedelta(hours=h) <= now
            ]
            later = [
                deadline.due_at - dt.timedelta(hours=h)
                for h in deadline.rule.reminder_hours
                if deadline.due_at - dt.timedelta(hours=h) > now
            ]
            deadline.next_reminder_at = min(later) if later else None
            Deadline.objects.filter(pk=deadline.pk).update(
                next_reminder_at=deadline.next_reminder_at
            )
            if not reached:
                continue
            hours = min(reached)
            alerts.append(
                DeadlineAlert(
                    deadline=deadline,
                    kind=AlertKind.REMINDER,
                    hours_before=hours,
                    due_at=deadline.due_at,
                )
            )
            told = (
                secret[deadline.case_id] + heads[deadline.department_id]
                if deadline.case_id in secret
                else liaisons[deadline.department_id]
            )
            deliveries.append(
                (
                    told,
                    Message(
                        "deadline.reminder",
                        _("期限提醒：%(name)s（%(subject)s）将于 %(due)s 届满")
                        % {
                            "name": deadline.name,
                            "subject": deadline.object_repr,
                            "due": due_text(deadline.due_at),
                        },
                        "",
                        reverse("deadlines:detail", args=[deadline.pk]),
                    ),
                    f"deadline:{deadline.pk}:reminder:{hours}:{deadline.due_at.isoformat()}",
                )
            )
        DeadlineAlert.objects.bulk_create(alerts, ignore_conflicts=True)
        notify_many(deliveries)
        if alerts:
            audit.record(
                "deadlines.deadline.remind",
                actor=None,
                after={"deadlines": [a.deadline_id for a in alerts]},
            )
        return len(alerts)


def sweep(now: dt.datetime | None = None) -> SweepResult:
    now = now or timezone.now()
    missed = 0
    while batch := mark_missed(now):
        missed += batch
        if batch < BATCH:
            break
    return SweepResult(missed=missed, reminded=send_reminders(now))
