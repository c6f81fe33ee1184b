"""Hostile input answers 4xx, never 500 (issue 18): an offset beyond any database's integers, a
NUL byte or another control character in a text, a body of 10 MB — each refused naming the
field (or 413), nothing written but the audited refusal; a stray control character typed into a
page never breaks the letter it goes into."""

from django.test import Client

from liandong.audit.models import AuditEntry
from liandong.cases.models import Case
from liandong.consultations.models import Consultation
from liandong.documents.models import IssuedDocument


def _api(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _field(response) -> str:
    return response.json()["details"][0]["field"]


def test_an_offset_beyond_any_integer_is_a_bad_field(cast):
    api = _api(cast.fin_officer)
    for path in (
        "/api/v1/cases",
        "/api/v1/transfers",
        "/api/v1/deadlines",
        "/api/v1/notifications",
    ):
        response = api.get(f"{path}?offset={2**64}")
        assert response.status_code == 422, path
        assert _field(response) == "offset", path


def test_a_nul_or_a_control_character_in_a_text_is_refused_and_audited(cast):
    api = _api(cast.fin_officer)
    response = api.post(
        "/api/v1/cases",
        {"title": "某项目\x00涉嫌串通投标", "source": "report"},
        content_type="application/json",
    )
    assert response.status_code == 422 and _field(response) == "title"
    assert "控制字符" in response.json()["details"][0]["message"]
    assert not Case.objects.exists()
    entry = AuditEntry.objects.filter(action="api.request.invalid").latest("seq")
    assert entry.outcome == "invalid" and "/api/v1/cases" in entry.message
    response = api.post(
        "/api/v1/consultations",
        {
            "department_id": cast.psb.pk,
            "topic": "procurement",
            "subject": "咨询\x01\x02",
            "question": "q",
        },
        content_type="application/json",
    )
    assert response.status_code == 422 and _field(response) == "subject"
    response = api.get("/api/v1/cases?state=%00")
    assert response.status_code == 422 and _field(response) == "state"


def test_a_body_of_ten_megabytes_is_413(cast):
    api = _api(cast.fin_officer)
    body = '{"title": "' + "案" * (4 * 1024 * 1024) + '", "source": "report"}'
    response = api.post("/api/v1/cases", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_a_control_character_typed_on_a_page_never_breaks_the_letter(cast):
    page = _api(cast.fin_officer)
    response = page.post(
        "/consultations/new/",
        {
            "department": cast.psb.pk,
            "topic": "procurement",
            "subject": "关于\x01评审\x0b程序",
            "question": "请问。",
        },
    )
    assert response.status_code in (200, 302)
    asked = Consultation.objects.get()
    letter = IssuedDocument.objects.about(asked).get(kind="consultation_letter")
    assert "\x01" not in letter.title and "\x0b" not in letter.title


def test_a_time_without_its_zone_is_a_bad_field(cast):
    api = _api(cast.fin_liaison)
    response = api.post(
        "/api/v1/meetings",
        {"title": "第四次联席会议", "starts_at": "2026-12-20T09:30:00", "place": "区财政局"},
        content_type="application/json",
    )
    assert response.status_code == 422
    problem = next(d for d in response.json()["details"] if d["field"] == "starts_at")
    assert problem["type"] == "timezone_aware" and "时区" in problem["message"]
