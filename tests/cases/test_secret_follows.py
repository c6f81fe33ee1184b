"""A 涉密 case is seen in its department only by its head and assigned officers — and so is
everything that names it: its timers (list, detail, 工作台, the API, marking them done), their
reminders (to the officers and the head, not the liaison), a consultation about it, the lead
unit's 建议移送 list; administrators see no case's timers. (Issue 18.)"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from liandong.cases import actions as cases
from liandong.consultations import actions as consultations
from liandong.consultations.models import Consultation
from liandong.deadlines import actions as deadlines
from liandong.deadlines import reminders
from liandong.deadlines.models import Deadline
from liandong.notifications.models import Notification
from tests.evidence.support import filed_case
from tests.transfers.support import frozen

SEEING = ("fin_head", "fin_officer", "fin_officer2")  # the head and the assigned officers
NOT_SEEING = ("fin_liaison", "fin_viewer", "admin")  # same department, not the case's


def _secret(cast):
    case = filed_case(cast)
    case = cases.update_case(case, confidential=True, acting_user=cast.fin_head)
    case = cases.move_case(case, "review", acting_user=cast.fin_head)
    return cases.move_case(case, "file", acting_user=cast.fin_head)  # starts the 90 days


def _browser(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_its_timers_are_seen_and_marked_only_where_the_case_is(cast):
    case = _secret(cast)
    timer = Deadline.objects.for_object(case).get(rule__code="case.penalty_decision")
    assert timer.case_id == case.pk
    for name in SEEING:
        person = cast.people[name]
        assert Deadline.objects.visible_to(person).filter(pk=timer.pk).exists(), name
    for name in NOT_SEEING:
        person = cast.people[name]
        assert not Deadline.objects.visible_to(person).filter(pk=timer.pk).exists(), name
        browser = _browser(person)
        assert case.number not in browser.get("/deadlines/").content.decode(), name
        assert browser.get(f"/deadlines/{timer.pk}/").status_code == 404, name
        assert browser.get(f"/api/v1/deadlines/{timer.pk}").status_code == 404, name
        listed = browser.get("/api/v1/deadlines").json()
        assert timer.pk not in [row["id"] for row in listed["items"]], name
        assert case.title not in browser.get("/").content.decode(), name  # 工作台
    with pytest.raises(PermissionDenied):
        deadlines.meet_deadline(timer, acting_user=cast.fin_liaison)
    officer = _browser(cast.fin_officer)
    assert case.title in officer.get("/deadlines/").content.decode()


def test_its_reminders_go_to_its_officers_and_head_not_the_liaison(cast):
    with frozen("2026-11-02 09:00") as clock:
        case = _secret(cast)
        timer = Deadline.objects.for_object(case).get(rule__code="case.penalty_decision")
        clock.now = timer.due_at - dt.timedelta(hours=100)
        reminders.sweep(clock.now)
        clock.now = timer.due_at + dt.timedelta(minutes=1)
        reminders.sweep(clock.now)
    told = set(
        Notification.objects.filter(kind__startswith="deadline.").values_list(
            "recipient__username", flat=True
        )
    )
    assert told and told <= set(SEEING)
    assert "fin_liaison" not in told


def test_a_consultation_about_it_is_the_askers_and_the_consulted(cast):
    case = _secret(cast)
    asked = consultations.ask(
        department=cast.psb,
        topic="procurement",
        subject="关于涉密案件的咨询",
        question="请问……",
        case=case,
        acting_user=cast.fin_officer,
    )
    for name in ("fin_officer", "fin_head", "psb_liaison"):
        assert Consultation.objects.visible_to(cast.people[name]).filter(pk=asked.pk).exists()
    assert not Consultation.objects.visible_to(cast.fin_liaison).filter(pk=asked.pk).exists()
    assert _browser(cast.fin_liaison).get(f"/consultations/{asked.pk}/").status_code == 404


def test_the_lead_units_suggestions_leave_it_out_for_those_who_do_not_see_it(cast):
    case = _secret(cast)
    # 中标项目金额 over 400万元: a 串通投标 suggestion
    cases.update_facts(case, winning_amount=Decimal(5_000_000), acting_user=cast.fin_officer)
    head = _browser(cast.fin_head).get("/cases/suggested-transfers/").content.decode()
    liaison = _browser(cast.fin_liaison).get("/cases/suggested-transfers/").content.decode()
    assert case.number in head
    assert case.number not in liaison
