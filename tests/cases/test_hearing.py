"""行政处罚法 第六十三条、第六十四条: the party is told of its right to a hearing, has 5 workdays
to ask (第八十五条: workdays), is told the time and place at least 7 workdays before, and no
decision is taken until its days have run or the hearing it asked for has been held."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from liandong.cases import actions, hearing
from liandong.deadlines.models import Deadline
from tests.transfers.support import case_under_investigation, frozen

DECISION = {
    "decision_kind": "penalty",
    "decision_number": "泉鲤政财罚〔2026〕11号",
}


def refused(code, run, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        run(*args, **kwargs)
    codes = [e.code for errors in caught.value.error_dict.values() for e in errors]
    assert code in codes, (codes, caught.value.messages)
    return caught.value


def test_a_hearing_asked_for_is_noticed_seven_workdays_ahead_and_held_before_the_decision(cast):
    with frozen("2026-09-28 09:00") as clock:
        case = case_under_investigation(cast, to="hearing")
        case = hearing.notify_right(case, acting_user=cast.fin_officer)
        asked = Deadline.objects.for_object(case).get(rule__code="case.hearing_request")
        # 5 workdays from Mon 09-28: 09-29, 09-30, then 10-08, 10-09, 10-10 (a make-up Saturday)
        assert asked.last_day == dt.date(2026, 10, 10)
        # while the party may still ask, no decision
        error = refused(
            "held_back",
            actions.move_case,
            case,
            "decide",
            decision_date=dt.date(2026, 9, 28),
            acting_user=cast.fin_head,
            **DECISION,
        )
        assert "第六十四条" in error.messages[0]

        clock.set("2026-09-30 10:00")
        case = hearing.record_request(case, requested=True, acting_user=cast.fin_officer)
        asked.refresh_from_db()
        assert asked.state == "met"
        # told on 09-30, the 7th workday after it: 10-08, 09, 10 (a make-up Saturday), 12, 13,
        # 14, 15
        assert hearing.earliest_hearing(dt.date(2026, 9, 30)) == dt.date(2026, 10, 15)
        error = refused(
            "too_soon",
            hearing.schedule,
            case,
            held_on=dt.date(2026, 10, 14),
            place="区财政局三楼会议室",
            acting_user=cast.fin_officer,
        )
        assert "2026-10-15" in error.messages[0] and "第六十四条" in error.messages[0]
        case = hearing.schedule(
            case,
            held_on=dt.date(2026, 10, 15),
            place="区财政局三楼会议室",
            acting_user=cast.fin_officer,
        )
        clock.set("2026-10-14 10:00")
        refused(
            "held_back",
            actions.move_case,
            case,
            "decide",
            decision_date=dt.date(2026, 10, 14),
            acting_user=cast.fin_head,
            **DECISION,
        )
        clock.set("2026-10-15 10:00")
        case = actions.move_case(
            case,
            "decide",
            decision_date=dt.date(2026, 10, 15),
            acting_user=cast.fin_head,
            **DECISION,
        )
        assert case.state == "decided"


def test_a_party_that_gives_the_right_up_lets_the_decision_follow(cast, client):
    case = case_under_investigation(cast, to="hearing")
    browser = Client()
    browser.force_login(cast.fin_officer)
    assert 'id="hearing"' in browser.get(f"/cases/{case.pk}/").content.decode()
    answer = browser.post(
        f"/api/v1/cases/{case.pk}/hearing",
        {"step": "request", "requested": False},
        content_type="application/json",
    )
    assert answer.status_code == 422 and "告知" in answer.content.decode()  # not told yet
    for step in ({"step": "notify"}, {"step": "request", "requested": False}):
        answer = browser.post(
            f"/api/v1/cases/{case.pk}/hearing", step, content_type="application/json"
        )
        assert answer.status_code == 200, answer.content
    assert answer.json()["hearing_requested"] is False
    case.refresh_from_db()
    case = actions.move_case(
        case, "decide", decision_date=dt.date.today(), acting_user=cast.fin_head, **DECISION
    )
    assert case.state == "decided"
