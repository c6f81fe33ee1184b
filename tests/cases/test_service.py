"""行政处罚法 第六十一条: a penalty decision is handed over when announced or served within 7
days — workdays (第八十五条) — under the rules of the 民事诉讼法. The clock starts with the
decision and is met by the service the department records."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from liandong.audit.models import AuditEntry
from liandong.cases import actions
from liandong.deadlines.models import Deadline
from tests.transfers.support import at, case_under_investigation, frozen


def _decided(cast, day):
    case = case_under_investigation(cast, to="hearing")
    return actions.move_case(
        case,
        "decide",
        decision_kind="penalty",
        decision_number="泉鲤政财罚〔2026〕9号",
        decision_date=day,
        acting_user=cast.fin_head,
    )


def test_the_decision_is_served_within_seven_workdays(cast):
    with frozen("2026-09-29 10:00") as clock:
        case = _decided(cast, dt.date(2026, 9, 29))
        clock_of = Deadline.objects.for_object(case).get(rule__code="case.decision_service")
        # 7 workdays from Tue 09-29: 09-30, then (National Day) 10-08, 10-09, 10-10 (a make-up
        # Saturday), 10-12, 10-13, 10-14
        assert clock_of.last_day == dt.date(2026, 10, 14)
        assert "第六十一条" in clock_of.basis and "第八十五条" in clock_of.basis
        clock.set("2026-10-16 09:00")
        with pytest.raises(ValidationError) as refused:
            actions.serve_decision(
                case, served_on=dt.date(2026, 9, 28), method="post", acting_user=cast.fin_officer
            )
        assert "served_on" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            actions.serve_decision(
                case, served_on=dt.date(2026, 10, 15), method="fax", acting_user=cast.fin_officer
            )
        assert "method" in refused.value.message_dict
        case = actions.serve_decision(
            case, served_on=dt.date(2026, 10, 15), method="post", acting_user=cast.fin_officer
        )
        clock_of.refresh_from_db()
        assert clock_of.state == "met" and clock_of.met_at == at("2026-10-15 12:00")
        assert clock_of.met_at > clock_of.due_at  # one day late, recorded as such
        assert (case.served_on, case.get_service_method_display()) == (
            dt.date(2026, 10, 15),
            "邮寄送达",
        )
        entry = AuditEntry.objects.filter(action="cases.case.serve", outcome="ok").get()
        assert entry.after == {"served_on": "2026-10-15", "service_method": "post"}
        with pytest.raises(ValidationError, match="已于2026-10-15送达"):
            actions.serve_decision(
                case, served_on=dt.date(2026, 10, 15), method="post", acting_user=cast.fin_officer
            )


def test_service_through_the_page_and_the_api(cast):
    case = _decided(cast, dt.date.today())
    browser = Client()
    browser.force_login(cast.fin_officer)
    page = browser.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="decision"' in page and "第六十一条" in page
    answer = browser.post(
        f"/api/v1/cases/{case.pk}/service",
        {"served_on": dt.date.today().isoformat(), "method": "handed", "version": case.version},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["service_method"] == "handed"
    assert 'id="decision"' not in browser.get(f"/cases/{case.pk}/").content.decode()
