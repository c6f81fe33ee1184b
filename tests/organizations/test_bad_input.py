"""Bad input gets a clear message naming the field, and leaves nothing half-written."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liandong.audit.models import AuditEntry
from liandong.organizations import actions
from liandong.organizations.models import Department, Liaison, LiaisonRank, User

BAD_USCC = "914403001922038217"  # the real 914403001922038216 with its check character changed


def _details(response) -> dict[str, str]:
    body = response.json()
    assert set(body) == {"code", "message", "details"}
    return {d["field"]: d["message"] for d in body["details"]}


def test_the_form_names_a_wrong_uscc_check_digit_and_writes_nothing(client, cast):
    client.force_login(cast.admin)
    count = Department.objects.count()
    response = client.post(
        reverse("organizations:department_create"),
        {"name": "泉州市鲤城区某中心", "short_name": "某中心", "kind": "OTHER", "uscc": BAD_USCC},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "统一社会信用代码校验位错误" in page
    assert 'name="uscc"' in page and "has-error" in page
    assert Department.objects.count() == count
    refusal = AuditEntry.objects.latest("seq")
    assert (refusal.action, refusal.outcome) == ("organizations.department.create", "invalid")


def test_the_api_names_a_wrong_uscc_check_digit(client, cast):
    client.force_login(cast.admin)
    count = Department.objects.count()
    response = client.post(
        "/api/v1/departments",
        {
            "kind": "OTHER",
            "name": "某中心",
            "short_name": "某中心",
            "is_member": False,
            "uscc": BAD_USCC,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "校验位错误" in _details(response)["uscc"]
    assert Department.objects.count() == count


def test_a_real_uscc_passes():
    from liandong.organizations.validators import validate_uscc

    assert validate_uscc("914403001922038216") == "914403001922038216"
    with pytest.raises(ValidationError, match="18位"):
        validate_uscc("91440300192203821")


@pytest.mark.parametrize(
    ("body", "field", "text"),
    [
        ('{"kind": "OTHER", "name": "x",', "body", "不是有效的 JSON"),
        (
            '{"kind": "OTHER", "name": "x", "short_name": "x", "colour": "red"}',
            "colour",
            "不允许的字段",
        ),
        ('{"kind": "OTHER", "name": ["x"], "short_name": "x"}', "name", "应为字符串"),
        ('{"kind": "BANK", "name": "x", "short_name": "x"}', "kind", "取值无效"),
        ('{"name": "x", "short_name": "x"}', "kind", "缺少必填字段"),
    ],
    ids=["malformed JSON", "unknown field", "wrong type", "unknown choice", "missing field"],
)
def test_the_api_answers_422_naming_the_field(client, cast, body, field, text):
    client.force_login(cast.admin)
    response = client.post("/api/v1/departments", body, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert text in _details(response)[field]


def test_api_errors_follow_the_request_language(client, cast):
    client.force_login(cast.admin)
    response = client.post(
        "/api/v1/departments",
        '{"kind": "OTHER"',
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 422
    assert response.json()["message"] == "The request body is not valid JSON."


def test_a_second_primary_liaison_is_refused_and_nothing_is_written(cast):
    with pytest.raises(ValidationError) as refused:
        actions.appoint_liaison(cast.fin_officer, rank=LiaisonRank.PRIMARY, acting_user=cast.admin)
    assert "每个成员单位只能有一名联络员" in refused.value.message_dict["rank"][0]
    assert not Liaison.objects.filter(user=cast.fin_officer).exists()
    assert Liaison.objects.filter(department=cast.fin, rank=LiaisonRank.PRIMARY).count() == 1


def test_a_second_primary_liaison_is_refused_by_form_and_api(client, cast):
    client.force_login(cast.admin)
    page = client.post(
        reverse("organizations:liaison_appoint", kwargs={"department_pk": cast.fin.pk}),
        {"user": cast.fin_officer.pk, "rank": "primary"},
    )
    assert page.status_code == 200
    assert "已有联络员" in page.content.decode()
    response = client.post(
        f"/api/v1/departments/{cast.fin.pk}/liaisons",
        {"user_id": cast.fin_officer.pk, "rank": "primary"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "每个成员单位只能有一名联络员" in _details(response)["rank"]
    assert Liaison.objects.filter(department=cast.fin).count() == 1


def test_the_database_itself_allows_one_primary_liaison(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Liaison.objects.create(department=cast.fin, user=cast.fin_officer, rank=LiaisonRank.PRIMARY)


def test_a_stale_edit_is_refused(client, cast):
    stale = cast.fin.version
    actions.update_department(cast.fin, acting_user=cast.admin, phone="0595-1")
    client.force_login(cast.admin)
    response = client.patch(
        f"/api/v1/departments/{cast.fin.pk}",
        {"version": stale, "phone": "0595-2"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "已被他人修改" in _details(response)["version"]
    cast.fin.refresh_from_db()
    assert cast.fin.phone == "0595-1"


def test_a_second_lead_unit_is_refused(cast):
    with pytest.raises(ValidationError) as refused:
        actions.update_department(cast.psb, acting_user=cast.admin, is_lead=True)
    assert "本辖区已有牵头单位" in refused.value.message_dict["is_lead"][0]


def test_errors_never_show_a_stack_trace(client, cast, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(cast.admin)
    response = client.get("/departments/999999/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert "页面不存在" in response.content.decode()
    response = client.get("/api/v1/departments/999999")
    assert response.json() == {
        "code": "not_found",
        "message": "对象不存在或您无权查看。",
        "details": None,
    }


def test_null_in_a_patch_leaves_the_field_alone(client, cast):
    client.force_login(cast.admin)
    response = client.patch(
        f"/api/v1/departments/{cast.fin.pk}",
        {"name": None, "phone": "0595-3"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["name"] == "泉州市鲤城区财政局"
    assert response.json()["phone"] == "0595-3"


def test_an_account_given_a_hash_that_is_none_is_refused_naming_the_password(cast):
    count = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        actions.create_user(
            cast.fin,
            acting_user=cast.admin,
            username="fin_new",
            full_name="新用户",
            role="officer",
            password_hash="plain text",
        )
    assert list(refused.value.message_dict) == ["password"]
    assert AuditEntry.objects.count() == count + 1  # the refusal, audited; no account
    assert AuditEntry.objects.order_by("-seq").first().outcome == "invalid"
    assert not User.objects.filter(username="fin_new").exists()
