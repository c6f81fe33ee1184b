"""A complaint through the pages and the API: registered on the form (a bad date named on its
field), accepted, copies sent, decided by the head; the documents listed on its page."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from liandong.complaints.models import Complaint, State
from tests.complaints.support import FACTS, received


def _browser(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_registered_accepted_and_decided_on_the_pages(cast):
    officer = _browser(cast.fin_officer)
    form = {**FACTS, "answer_due_on": "2099-01-01", "received_at": ""}
    page = officer.post("/complaints/new/", form)
    assert page.status_code == 200 and "质疑答复日期不能晚于收到投诉的日期" in page.content.decode()
    assert not Complaint.objects.exists()
    form["answer_due_on"] = (timezone.localdate() - dt.timedelta(days=2)).isoformat()
    response = officer.post("/complaints/new/", form)
    complaint = Complaint.objects.get()
    assert response.url == f"/complaints/{complaint.pk}/"
    detail = officer.get(response.url).content.decode()
    assert 'id="step-accept"' in detail and "投诉审查" in detail
    officer.post(f"/complaints/{complaint.pk}/accept/", {"version": complaint.version})
    complaint.refresh_from_db()
    officer.post(
        f"/complaints/{complaint.pk}/send_copies/",
        {"version": complaint.version, "to": "泉州市鲤城区某某中学"},
    )
    complaint.refresh_from_db()
    assert complaint.state == State.COPIES_SENT
    assert 'id="step-decide"' not in officer.get(f"/complaints/{complaint.pk}/").content.decode()
    head = _browser(cast.fin_head)
    head.post(
        f"/complaints/{complaint.pk}/decide/",
        {
            "version": complaint.version,
            "outcome": "dismissed",
            "decision": "投诉事项缺乏事实依据。",
        },
    )
    complaint.refresh_from_db()
    assert complaint.state == State.DECIDED
    page = head.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "投诉处理决定书" in page and "投诉答复通知书" in page
    listed = head.get("/complaints/").content.decode()
    assert complaint.project in listed
    assert _browser(cast.psb_liaison).get("/complaints/").status_code == 403


def test_the_api_refuses_a_field_a_step_does_not_take(cast):
    complaint = received(cast)
    api = _browser(cast.fin_officer)
    body = {"version": complaint.version, "reason": "x"}
    response = api.post(
        f"/api/v1/complaints/{complaint.pk}/accept", body, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "reason"
    response = api.post(
        f"/api/v1/complaints/{complaint.pk}/accept",
        {"version": complaint.version},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["state"] == "accepted"
