"""The supplier check for purchasers: a check token, a rate limit, the bulk form; the record
API's errors."""

import datetime as dt

import pytest
from django.test import Client

from liandong.credit import actions
from liandong.credit.models import CheckClient
from tests.credit.support import SUPPLIER_CODE, record_values, reviewed
from tests.transfers.support import frozen


@pytest.fixture
def token(cast):
    _client, token = actions.create_client(
        kind="purchaser",
        name="泉州市鲤城区实验小学",
        uscc="914403001922038216",
        per_minute=3,
        acting_user=cast.drc_liaison,
    )
    return token


def _get(token, query):
    return Client().get(f"/api/v1/credit/check?{query}", HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_purchaser_checks_a_supplier_with_its_token(cast, token):
    reviewed(cast)
    answer = _get(token, f"code={SUPPLIER_CODE}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["barred"] is True and body["until"] == "2027-11-01"
    assert body["verdict"] == "禁止参加"
    assert any("泉鲤政财〔2026〕5号" in reason for reason in body["reasons"])


def test_the_rate_limit_answers_429_with_json_then_lets_through_the_next_minute(cast, token):
    with frozen("2026-11-10 09:00:10") as clock:
        for _ in range(3):
            assert _get(token, f"code={SUPPLIER_CODE}").status_code == 200
        limited = _get(token, f"code={SUPPLIER_CODE}")
        assert limited.status_code == 429
        assert "查询过于频繁" in limited.json()["message"]
        clock.set("2026-11-10 09:01:00")
        assert _get(token, f"code={SUPPLIER_CODE}").status_code == 200


def test_a_revoked_or_wrong_token_is_refused(cast, token):
    assert _get("ldc_wrong", "code=1").status_code == 401
    actions.revoke_client(CheckClient.objects.get(), acting_user=cast.drc_liaison)
    assert _get(token, f"code={SUPPLIER_CODE}").status_code == 401


def test_the_bulk_check_answers_each_supplier_in_order(cast, token):
    reviewed(cast)
    answer = Client().post(
        "/api/v1/credit/check",
        {"suppliers": [{"name": "某公司"}, {"code": SUPPLIER_CODE}, {"code": "123"}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    body = answer.json()
    assert (body["checked"], body["barred"]) == (3, 1)
    assert [r["verdict"] for r in body["results"]] == ["未发现禁止情形", "禁止参加", "无法核查"]


def test_a_record_with_a_bad_code_gets_a_json_error_naming_the_field(cast):
    client = Client()
    client.force_login(cast.fin_officer)
    body = record_values(subject_code="914403001922038217")
    body["decision_date"] = body["decision_date"].isoformat()
    for day in ("ban_start", "ban_end"):
        body[day] = body[day].isoformat()
    answer = client.post("/api/v1/credit/records", body, content_type="application/json")
    assert answer.status_code == 422
    error = answer.json()
    assert error["code"] == "validation_error"
    assert any(d["field"] == "subject_code" for d in error["details"])


def test_a_record_walks_through_the_api(cast):
    fin, drc = Client(), Client()
    fin.force_login(cast.fin_officer)
    drc.force_login(cast.drc_liaison)
    body = record_values()
    body.update({k: v.isoformat() for k, v in body.items() if isinstance(v, dt.date)})
    made = fin.post("/api/v1/credit/records", body, content_type="application/json").json()
    assert (made["state"], made["kind"]) == ("draft", "ban")  # it carries a ban
    url = f"/api/v1/credit/records/{made['id']}"
    assert fin.post(f"{url}/submit", {}, content_type="application/json").json()["state"] == (
        "submitted"
    )
    done = drc.post(f"{url}/review", {"note": "好。"}, content_type="application/json").json()
    assert done["state"] == "reviewed"
    assert done["pushes"][0]["state"] == "waiting"
