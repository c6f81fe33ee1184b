"""The publications API: the same steps as the pages, through the same actions; JSON errors."""

import json

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liandong.publicity.models import Publication
from tests.publicity.support import BODY, PERSON, closed_case, submitted


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _send(client, method, path, body=None):
    send = getattr(client, method)
    response = send(f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json")
    return response.status_code, response.json()


def test_a_publication_goes_from_case_to_public_through_the_api(cast):
    case = closed_case(cast)
    officer, head = _client(cast.fin_officer), _client(cast.fin_head)
    status, made = _send(
        officer, "post", "/publications", {"case_id": case.pk, "kind": "typical_case"}
    )
    assert status == 201 and made["state"] == "draft" and made["public_url"] is None
    assert case.number not in made["body"]
    pid = made["id"]
    status, made = _send(
        officer,
        "patch",
        f"/publications/{pid}",
        {
            "title": "提供虚假材料案",
            "body": BODY,
            "extra_names": ["李四"],
            "version": made["version"],
        },
    )
    assert status == 200 and made["anonymisation_current"] is False
    status, error = _send(officer, "post", f"/publications/{pid}/submit", {})
    assert (status == 422 and error["code"] == "validation_error") or error["code"]
    assert {d["field"] for d in error["details"]} == {"anonymisation"}
    status, made = _send(officer, "post", f"/publications/{pid}/anonymise", {})
    assert status == 200 and PERSON not in made["body"] and made["anonymisation_current"]
    assert made["anonymisation"][0] == {
        "kind": "name",
        "label": "姓名",
        "original": PERSON,
        "masked": "张某",
        "count": 1,
    }
    status, made = _send(
        officer, "post", f"/publications/{pid}/submit", {"version": made["version"]}
    )
    assert status == 200 and made["state"] == "submitted"
    status, made = _send(head, "post", f"/publications/{pid}/approve", {})
    assert status == 200 and made["state"] == "published"
    assert made["public_url"] == f"/public/{Publication.objects.get().public_id}/"
    assert made["published_body"] == made["body"]
    assert Client().get(made["public_url"]).status_code == 200
    status, error = _send(head, "post", f"/publications/{pid}/withdraw", {"reason": ""})
    assert status == 422 and error["details"][0]["field"] == "reason"
    status, made = _send(head, "post", f"/publications/{pid}/withdraw", {"reason": "有误。"})
    assert status == 200 and made["state"] == "withdrawn" and made["public_url"] is None


def test_a_stale_version_and_a_wrong_state_are_json_errors(cast):
    made = submitted(cast)
    officer = _client(cast.fin_officer)
    status, error = _send(officer, "post", f"/publications/{made.pk}/anonymise", {"version": 1})
    assert status == 422 and error["details"][0]["type"] == "stale"
    status, error = _send(officer, "post", f"/publications/{made.pk}/anonymise", {})
    assert status == 422 and error["details"][0]["type"] == "wrong_state"
    status, error = _send(officer, "post", f"/publications/{made.pk}/approve", {})
    assert status == 403 and set(error) == {"code", "message", "details"}


def test_returning_another_departments_draft_answers_with_it(cast):
    made = submitted(cast)
    status, back = _send(
        _client(cast.fin_head), "post", f"/publications/{made.pk}/return", {"reason": "请补充。"}
    )
    assert status == 200 and back["state"] == "draft" and back["return_reason"] == "请补充。"


def test_the_list_is_scoped_filtered_and_reads_in_few_queries(cast):
    for i in range(4):
        submitted(cast, case=closed_case(cast, title=f"采购项目{i}"))
    client = _client(cast.fin_head)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/publications?state=submitted")
    body = response.json()
    assert response.status_code == 200 and body["count"] == 4
    assert {row["drafted_by_name"] for row in body["items"]} == {"Fin Officer"}
    assert len(queries) <= 6
    assert _client(cast.psb_officer).get("/api/v1/publications").json()["count"] == 0
    assert client.get("/api/v1/publications?state=bogus").status_code == 422
