"""The bulletin API: the same actions, JSON errors naming the field and its code."""

from django.test import Client

from liandong.evidence.models import Upload
from liandong.notifications.models import Notification, Receipt
from liandong.sharing.models import Bulletin
from tests.evidence.support import PDF, sealed
from tests.sharing.support import PROBLEM, publish, to


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _post(client, path, body):
    return client.post(f"/api/v1/bulletins{path}", body, content_type="application/json")


def test_the_api_runs_the_whole_flow(cast):
    drc, fin = _client(cast.drc_liaison), _client(cast.fin_liaison)
    upload = sealed(cast.drc_liaison, "报送情况.pdf", PDF)
    created = _post(
        drc,
        "",
        {**PROBLEM, "to_all": True, "upload_ids": [str(upload.pk)]},
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["category"] == "problem" and body["department_name"] == "区发改局"
    assert [d["name"] for d in body["audience"]] == [
        "泉州市鲤城区财政局",
        "泉州市公安局鲤城分局",
        "泉州市鲤城区审计局",
        "泉州市鲤城区市场监督管理局",
    ]
    assert body["attachments"][0]["sm3"] == Upload.objects.get(pk=upload.pk).sm3
    pk = body["id"]

    listed = fin.get("/api/v1/bulletins?unread=true").json()
    assert listed["count"] == 1 and listed["items"][0]["unread"] is True
    detail = fin.get(f"/api/v1/bulletins/{pk}").json()
    assert detail["body"] == PROBLEM["body"] and detail["unread"] is False
    assert fin.get("/api/v1/bulletins?unread=true").json()["count"] == 0

    attachment = body["attachments"][0]["id"]
    file = fin.get(f"/api/v1/bulletins/{pk}/attachments/{attachment}/file")
    assert b"".join(file.streaming_content) == PDF

    replied = _post(fin, f"/{pk}/replies", {"text": "区财政局赞同。"})
    assert replied.status_code == 201 and replied.json()["department"] == "区财政局"
    assert Notification.objects.filter(kind="sharing.replied", recipient=cast.drc_liaison)

    receipts = drc.get(f"/api/v1/bulletins/{pk}/receipts").json()
    assert [(r["person"], bool(r["read_at"])) for r in receipts if r["read_at"]] == [
        ("Fin Liaison", True)
    ]
    more = sealed(cast.drc_liaison, "补充说明.txt", "补充说明。".encode())
    attached = _post(drc, f"/{pk}/attachments", {"upload_id": str(more.pk)})
    assert attached.status_code == 201 and attached.json()["filename"] == "补充说明.txt"

    withdrawn = _post(drc, f"/{pk}/withdraw", {"reason": "数据有误。", "version": 1})
    assert withdrawn.status_code == 200 and withdrawn.json()["state"] == "withdrawn"
    late = _post(fin, f"/{pk}/replies", {"text": "收到"})
    assert late.status_code == 422
    assert late.json()["details"][0]["field"] == "state"
    assert late.json()["details"][0]["type"] == "wrong_state"


def test_the_list_filters(cast):
    to(cast, "psb", title="信用信息报送问题", body="统一社会信用代码")
    publish(cast, who="samr_liaison", category="warning", title="冒用厂名厂址预警")
    publish(cast, who="psb_officer", category="case", title="串通投标案件进展")
    psb = _client(cast.psb_liaison)

    def titles(query):
        return [row["title"] for row in psb.get(f"/api/v1/bulletins?{query}").json()["items"]]

    assert titles("") == ["串通投标案件进展", "冒用厂名厂址预警", "信用信息报送问题"]
    assert titles("q=统一社会信用代码") == ["信用信息报送问题"]
    assert titles("category=warning") == ["冒用厂名厂址预警"]
    assert titles("box=sent") == ["串通投标案件进展"]
    assert titles("box=received&unread=true") == ["冒用厂名厂址预警", "信用信息报送问题"]
    bad = psb.get("/api/v1/bulletins?category=gossip")
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "category"


def test_bad_publications_are_422_naming_field_and_code_and_write_nothing(cast):
    drc = _client(cast.drc_liaison)
    cases = [
        ({"audience_ids": [cast.procuratorate.pk]}, "audience", "external", "不能向外部机关发布"),
        ({"audience_ids": [cast.other_fin.pk]}, "audience", "outside", "不属于本辖区"),
        ({"audience_ids": []}, "audience", "required", "请选择通报对象"),
        ({"audience_ids": [999999]}, "audience_ids", "unknown", "通报对象不存在：999999"),
        ({"title": " ", "audience_ids": [cast.psb.pk]}, "title", "required", "请填写标题"),
        ({"category": "gossip", "audience_ids": [cast.psb.pk]}, "category", "enum", "取值无效"),
        ({"secret": 1, "audience_ids": [cast.psb.pk]}, "secret", "extra_forbidden", "不允许"),
    ]
    for overrides, field, code, message in cases:
        response = _post(drc, "", {**PROBLEM, **overrides})
        assert response.status_code == 422, overrides
        body = response.json()
        assert set(body) == {"code", "message", "details"}
        detail = body["details"][0]
        assert (detail["field"], detail["type"]) == (field, code), body
        assert message in detail["message"], body
    assert not Bulletin.objects.exists() and not Receipt.objects.exists()


def test_those_outside_get_404_and_those_who_may_not_act_get_403(cast):
    bulletin = to(cast, "psb")
    samr = _client(cast.samr_liaison)
    assert samr.get(f"/api/v1/bulletins/{bulletin.pk}").status_code == 404
    assert _post(samr, f"/{bulletin.pk}/replies", {"text": "x"}).status_code == 404
    psb = _client(cast.psb_officer)
    response = _post(psb, f"/{bulletin.pk}/withdraw", {"reason": "越权"})
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert psb.get(f"/api/v1/bulletins/{bulletin.pk}/receipts").status_code == 403
    assert _post(_client(cast.fin_viewer), "", {**PROBLEM, "to_all": True}).status_code == 403


def test_the_list_endpoint_asks_the_same_queries_for_any_number_of_rows(cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    psb = _client(cast.psb_liaison)
    publish(cast, title="通报0")

    def queries() -> int:
        with CaptureQueriesContext(connection) as counted:
            assert psb.get("/api/v1/bulletins?limit=50").status_code == 200
        return len(counted.captured_queries)

    queries()
    one = queries()
    for n in range(1, 6):
        to(cast, "psb", "aud", who=["fin_officer", "samr_liaison"][n % 2], title=f"通报{n}")
    assert psb.get("/api/v1/bulletins?limit=50").json()["count"] == 6
    assert queries() == one
