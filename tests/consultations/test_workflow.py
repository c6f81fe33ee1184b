"""案件咨询: asked, routed by the liaison, answered on a clock, followed up, closed by the asker."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from liandong.cases import actions as cases
from liandong.cases.models import Case
from liandong.consultations import actions
from liandong.consultations.models import Consultation, State
from liandong.deadlines.models import Deadline
from liandong.deadlines.periods import CHINA
from liandong.notifications.models import Notification


def _ask(cast, **overrides):
    data = {
        "department": cast.samr,
        "topic": "testing",
        "subject": "办公家具质量检测标准",
        "question": "应依据哪些国家标准委托检测？",
        "acting_user": cast.fin_officer,
    }
    data.update(overrides)
    return actions.ask(**data)


def _timer(consultation):
    return Deadline.objects.for_object(consultation).order_by("-pk").first()


def test_asking_starts_the_answer_clock_and_tells_the_liaison(cast):
    consultation = _ask(cast)
    timer = _timer(consultation)
    assert timer.rule.code == "consultation.answer" and timer.department == cast.samr
    start = timezone.localtime(timer.started_at, CHINA).date()
    # 5 workdays, counted from the day after, ending 24:00 (RULES.md §10)
    assert timezone.localtime(timer.due_at, CHINA).date() > start
    assert timer.amount == 5 and timer.unit == "workdays"
    told = Notification.objects.filter(kind="consultation.asked")
    assert [n.recipient for n in told] == [cast.samr_liaison]
    urgent = _ask(cast, urgent=True, subject="紧急：检测机构")
    assert _timer(urgent).rule.code == "consultation.answer_urgent" and _timer(urgent).amount == 2


def test_the_whole_exchange(cast):
    consultation = _ask(cast)
    actions.assign(consultation, assignee=cast.samr_liaison, acting_user=cast.samr_liaison)
    actions.answer(consultation, text="依据GB 28007等标准。", acting_user=cast.samr_liaison)
    consultation.refresh_from_db()
    assert consultation.state == State.ANSWERED
    assert _timer(consultation).state == "met"
    actions.follow_up(consultation, text="检测费用由谁承担？", acting_user=cast.fin_officer)
    consultation.refresh_from_db()
    assert consultation.state == State.ASSIGNED and _timer(consultation).state == "running"
    assert Deadline.objects.for_object(consultation).count() == 2
    actions.answer(consultation, text="由委托单位承担。", acting_user=cast.samr_liaison)
    actions.close(consultation, acting_user=cast.fin_officer)
    consultation.refresh_from_db()
    assert consultation.state == State.CLOSED and consultation.closed_at
    kinds = [m.kind for m in consultation.messages.all()]
    assert kinds == ["question", "answer", "follow_up", "answer"]
    assert (
        Notification.objects.filter(
            kind="consultation.answered", recipient=cast.fin_officer
        ).count()
        == 2
    )


def test_answering_what_you_were_not_assigned_is_refused(cast):
    consultation = _ask(cast)
    with pytest.raises(PermissionDenied):
        actions.answer(consultation, text="答复", acting_user=cast.samr_liaison)
    actions.assign(consultation, assignee=cast.samr_liaison, acting_user=cast.samr_liaison)
    with pytest.raises(PermissionDenied):
        actions.answer(consultation, text="越权答复", acting_user=cast.fin_officer)
    assert consultation.messages.count() == 1


def test_only_the_liaison_or_head_routes_and_only_to_their_own_people(cast):
    consultation = _ask(cast, department=cast.psb)
    with pytest.raises(PermissionDenied):
        actions.assign(consultation, assignee=cast.psb_officer, acting_user=cast.psb_officer)
    with pytest.raises(ValidationError) as caught:
        actions.assign(consultation, assignee=cast.fin_officer, acting_user=cast.psb_liaison)
    assert "assignee" in caught.value.message_dict
    actions.assign(consultation, assignee=cast.psb_officer, acting_user=cast.psb_liaison)


def test_two_liaisons_routing_at_once_one_is_told(cast):
    consultation = _ask(cast, department=cast.psb)
    seen = consultation.version
    actions.assign(
        consultation, assignee=cast.psb_officer, acting_user=cast.psb_liaison, expected_version=seen
    )
    with pytest.raises(ValidationError, match="已被他人修改"):
        actions.assign(
            consultation,
            assignee=cast.psb_liaison,
            acting_user=cast.psb_liaison,
            expected_version=seen,
        )


def test_bad_questions_name_their_fields_and_write_nothing(cast):
    with pytest.raises(ValidationError) as caught:
        _ask(cast, department=cast.fin, topic="gossip", subject=" ", question="")
    assert set(caught.value.message_dict) == {"department", "topic", "subject", "question"}
    with pytest.raises(ValidationError) as caught:
        _ask(cast, department=cast.other_fin)
    assert "本辖区" in caught.value.message_dict["department"][0]
    with pytest.raises(ValidationError) as caught:
        _ask(cast, shared_part="summary")
    assert "shared_part" in caught.value.message_dict
    assert not Consultation.objects.exists() and not Deadline.objects.exists()


def test_the_consulted_side_sees_only_what_was_shared(cast):
    case = cases.register_case(
        cast.fin, title="某家具采购项目以次充好", source="complaint", acting_user=cast.fin_officer
    )
    cases.add_party(
        case,
        role="supplier",
        name="泉州某家具有限公司",
        uscc="914403001922038216",
        acting_user=cast.fin_officer,
    )
    consultation = _ask(cast, case=case, shared_part="summary")
    assert Case.objects.visible_to(cast.samr_liaison).filter(pk=case.pk).exists()
    client = Client()
    client.force_login(cast.samr_liaison)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "某家具采购项目以次充好" in page and "泉州某家具有限公司" not in page
    assert "案件概况" in client.get(f"/consultations/{consultation.pk}/").content.decode()
    others = Client()
    others.force_login(cast.psb_officer)
    assert others.get(f"/consultations/{consultation.pk}/").status_code == 404


def test_withdrawing_before_an_answer_needs_a_reason_and_stops_the_clock(cast):
    consultation = _ask(cast)
    with pytest.raises(ValidationError) as caught:
        actions.close(consultation, acting_user=cast.fin_officer)
    assert "note" in caught.value.message_dict
    actions.close(consultation, note="已自行查明", acting_user=cast.fin_officer)
    assert _timer(consultation).state == "cancelled"
    with pytest.raises(ValidationError, match="已办结"):
        actions.close(consultation, note="再关", acting_user=cast.fin_officer)


def test_what_waits_appears_on_the_workbench(cast):
    consultation = _ask(cast)
    home = Client()
    home.force_login(cast.samr_liaison)
    assert "办公家具质量检测标准" in home.get("/").content.decode()
    actions.assign(consultation, assignee=cast.samr_liaison, acting_user=cast.samr_liaison)
    actions.answer(consultation, text="见标准", acting_user=cast.samr_liaison)
    asker = Client()
    asker.force_login(cast.fin_officer)
    assert "已答复，待办结" in asker.get("/").content.decode()


def test_the_case_timeline_shows_the_consultation(cast):
    case = cases.register_case(
        cast.fin, title="某家具采购项目以次充好", source="complaint", acting_user=cast.fin_officer
    )
    _ask(cast, case=case)
    client = Client()
    client.force_login(cast.fin_officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "提出咨询：区财政局→区市场监管局：办公家具质量检测标准" in page


def test_the_api_runs_the_exchange(cast):
    asker, samr = Client(), Client()
    asker.force_login(cast.fin_officer)
    samr.force_login(cast.samr_liaison)
    created = asker.post(
        "/api/v1/consultations",
        {
            "department_id": cast.samr.pk,
            "topic": "market_rules",
            "subject": "广告法适用",
            "question": "供应商虚假宣传如何处理？",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["due_at"] and body["state"] == "submitted"
    cid, version = body["id"], body["version"]
    assigned = samr.post(
        f"/api/v1/consultations/{cid}/assign",
        {"assignee_id": cast.samr_liaison.pk, "version": version},
        content_type="application/json",
    ).json()
    stale = samr.post(
        f"/api/v1/consultations/{cid}/assign",
        {"assignee_id": cast.samr_liaison.pk, "version": version},
        content_type="application/json",
    )
    assert stale.status_code == 422 and stale.json()["details"][0]["type"] == "stale"
    answered = samr.post(
        f"/api/v1/consultations/{cid}/answer",
        {"text": "依据广告法第二十八条。", "version": assigned["version"]},
        content_type="application/json",
    ).json()
    closed = asker.post(
        f"/api/v1/consultations/{cid}/close",
        {"version": answered["version"]},
        content_type="application/json",
    ).json()
    assert closed["state"] == "closed" and len(closed["messages"]) == 2


def test_due_time_follows_the_workday_calendar(cast, settings):
    """Asked on Friday 2026-10-09 (before the Saturday make-up workday 10-10): 5 workdays are
    10-10, 10-12, 10-13, 10-14, 10-15 → due 2026-10-15 24:00."""
    from unittest import mock

    friday = dt.datetime(2026, 10, 9, 10, 0, tzinfo=CHINA)
    with mock.patch("django.utils.timezone.now", return_value=friday):
        consultation = _ask(cast)
    due = timezone.localtime(_timer(consultation).due_at, CHINA)
    assert due == dt.datetime(2026, 10, 16, 0, 0, tzinfo=CHINA)  # the end of 10-15


def test_the_case_page_offers_to_ask_about_the_case(cast):
    case = cases.register_case(
        cast.fin, title="某家具采购项目以次充好", source="complaint", acting_user=cast.fin_officer
    )
    client = Client()
    client.force_login(cast.fin_officer)
    assert (
        f"/consultations/new/?case={case.pk}" in client.get(f"/cases/{case.pk}/").content.decode()
    )
    form = client.get(f"/consultations/new/?case={case.pk}").content.decode()
    assert f'<option value="{case.pk}" selected>' in form
