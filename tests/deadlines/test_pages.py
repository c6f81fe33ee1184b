"""What people see of timers: an object's timers, the list, the calendar warning, the demo."""

import datetime as dt

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from liandong.deadlines import actions, demo
from liandong.deadlines.models import Deadline, DeadlineState
from liandong.notifications.models import Notification


def test_an_objects_page_shows_its_timers(cast):
    actions.start_deadline(cast.psb, rule="transfer.send", department=cast.fin, acting_user=None)
    request = RequestFactory().get("/")
    request.user = cast.fin_liaison
    html = Template("{% load deadlines %}{% timers_for subject %}").render(
        Context({"request": request, "subject": cast.psb})
    )
    assert "批准后移送公安机关" in html and "剩余 23 小时" in html
    request.user = cast.psb_officer  # another department does not see FIN's clock
    other = Template("{% load deadlines %}{% timers_for subject %}").render(
        Context({"request": request, "subject": cast.psb})
    )
    assert "批准后移送公安机关" not in other


def test_a_deadline_counted_on_an_assumed_year_says_so(client, cast):
    start = timezone.make_aware(dt.datetime(2026, 12, 28, 9, 0))
    deadline = actions.start_deadline(
        cast.psb, rule="consultation.answer", department=cast.fin, start=start, acting_user=None
    )
    client.force_login(cast.fin_liaison)
    assert "按周一至周五推定" in client.get("/deadlines/").content.decode()
    page = client.get(f"/deadlines/{deadline.pk}/").content.decode()
    assert "2027 年的节假日安排尚未录入" in page


def test_the_demo_has_timers_in_several_states_and_their_notices(db):
    from liandong.organizations import demo as organizations_demo

    organizations_demo.load(lambda line: None)
    lines = []
    demo.load(lines.append)
    assert Deadline.objects.filter(state=DeadlineState.MISSED).count() == 1
    assert Deadline.objects.filter(state=DeadlineState.RUNNING).count() == 4
    assert Notification.objects.filter(kind="deadline.overdue", recipient__username="psb_head")
    assert Notification.objects.filter(kind="deadline.reminder", recipient__username="fin_liaison")
    demo.load(lines.append)  # idempotent
    assert Deadline.objects.count() == 5
