"""Demo timers for 泉州市鲤城区, until the workflows that start them (consultations, transfers)
exist: each names the counterpart department as its object. Idempotent."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from liandong.deadlines import actions, reminders
from liandong.deadlines.models import Deadline, DeadlineAlert, DeadlineState
from liandong.organizations.models import Department

# (responsible department, rule, counterpart department, hours since the clock started)
TIMERS = [
    ("FIN", "transfer.send", "PSB", 21),  # due in 3 hours: a reminder is due
    ("PSB", "transfer.filing_decision", "FIN", 8 * 24),  # well past its three days: overdue
    ("SAMR", "consultation.answer", "PSB", 30),
    ("DRC", "consultation.answer_urgent", "FIN", 2),
    ("FIN", "consultation.answer", "AUD", 50),
]


def load(say) -> None:
    departments = {
        d.kind: d for d in Department.objects.filter(jurisdiction__code="350502", is_member=True)
    }
    if not departments:
        return
    # The demo's own timers are those whose object is a department (not a case).
    demo_timers = Deadline.objects.filter(
        department__in=departments.values(),
        content_type=ContentType.objects.get_for_model(Department),
    )
    if not demo_timers.exists():
        now = timezone.now()
        for owner, rule, counterpart, hours in TIMERS:
            actions.start_deadline(
                departments[counterpart],
                rule=rule,
                department=departments[owner],
                start=now - dt.timedelta(hours=hours),
                acting_user=None,
            )
        reminders.sweep()
    say(
        f"演示期限：{demo_timers.count()} 个（"
        f"{demo_timers.filter(state=DeadlineState.MISSED).count()} 个已逾期并已报送负责人，"
        f"{DeadlineAlert.objects.filter(deadline__in=demo_timers, kind='reminder').count()} "
        "个已发到期提醒）。"
    )
