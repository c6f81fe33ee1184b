"""Who sees a bulletin: the author's department and the audience departments, of one
jurisdiction; everyone else gets nothing in lists and 404 for the bulletin and its files."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liandong.organizations import actions as organizations
from liandong.organizations.demo import demo_uscc
from liandong.sharing import actions
from liandong.sharing.models import Bulletin
from tests.cast import EXTERNAL
from tests.evidence.support import PDF, sealed
from tests.sharing.support import publish, to


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def other_officer(cast):
    """A member of the other jurisdiction (丰泽区) who could publish there."""
    person, _pw = organizations.create_user(
        cast.other_fin,
        acting_user=None,
        username="fz_officer",
        full_name="丰泽区办案人员",
        role="officer",
        password="Cast#2026pass",
        must_change_password=False,
    )
    return person


def _bulletin_with_file(cast):
    upload = sealed(cast.drc_liaison, "整改建议.pdf", PDF)
    return to(cast, "psb", upload_ids=[upload.pk])


def test_the_author_department_and_the_audience_see_it_no_one_else(cast, other_officer):
    bulletin = _bulletin_with_file(cast)
    attachment = bulletin.attachments.get()
    seeing = {"drc_liaison", "psb_liaison", "psb_officer"}
    for name, person in [*cast.people.items(), ("fz_officer", other_officer)]:
        visible = Bulletin.objects.visible_to(person).filter(pk=bulletin.pk).exists()
        assert visible is (name in seeing), name
        client = _client(person)
        detail = client.get(f"/sharing/{bulletin.pk}/")
        file = client.get(f"/sharing/attachments/{attachment.pk}/file/")
        api = client.get(f"/api/v1/bulletins/{bulletin.pk}")
        api_file = client.get(f"/api/v1/bulletins/{bulletin.pk}/attachments/{attachment.pk}/file")
        listed = client.get("/sharing/").content.decode()
        # the procuratorate's person meets the gate first (403): it is not a member's page
        expected = 200 if name in seeing else 403 if name in EXTERNAL else 404
        assert (detail.status_code, file.status_code) == (expected, expected), name
        assert (api.status_code, api_file.status_code) == (expected, expected), name
        assert (bulletin.title in listed) is (name in seeing), name


def test_another_jurisdictions_bulletins_stay_there(cast, other_officer):
    audit_office = organizations.create_department(
        cast.other_jurisdiction,
        acting_user=None,
        kind="AUD",
        name="泉州市丰泽区审计局",
        short_name="丰泽区审计局",
        doc_prefix="泉丰审",
        uscc=demo_uscc("003152025"),
    )
    theirs = actions.publish(
        category="work",
        title="丰泽区政府采购工作信息",
        body="丰泽区内部通报。",
        to_all=True,
        acting_user=other_officer,
    )
    assert list(theirs.audience.all()) == [audit_office]  # its own jurisdiction's members
    for person in cast.people.values():
        assert not Bulletin.objects.visible_to(person).filter(pk=theirs.pk).exists()
    assert _client(cast.fin_head).get(f"/sharing/{theirs.pk}/").status_code == 404


def test_administrators_see_no_bulletins(cast):
    publish(cast)
    assert not Bulletin.objects.visible_to(cast.admin).exists()
    body = _client(cast.admin).get("/api/v1/bulletins").json()
    assert body["count"] == 0
    assert "信息通报" not in _client(cast.admin).get("/").content.decode().split("<main")[0]


def test_a_download_is_audited(cast):
    from liandong.audit.models import AuditEntry

    bulletin = _bulletin_with_file(cast)
    attachment = bulletin.attachments.get()
    response = _client(cast.psb_officer).get(f"/sharing/attachments/{attachment.pk}/file/")
    assert b"".join(response.streaming_content) == PDF
    assert response["X-Content-SM3"] == attachment.blob.sm3
    entry = AuditEntry.objects.get(action="sharing.bulletin.download")
    assert entry.actor_id == cast.psb_officer.pk and entry.object_id == str(bulletin.pk)
    assert entry.after["filename"] == "整改建议.pdf"


def test_the_list_searches_filters_and_pages(cast):
    to(cast, "psb", title="信用信息报送问题", body="请核对统一社会信用代码。")
    publish(
        cast, who="samr_liaison", category="warning", title="冒用厂名厂址预警", body="实验室设备"
    )
    publish(cast, who="psb_officer", category="case", title="串通投标案件进展", body="已立案侦查。")
    client = _client(cast.psb_liaison)

    def titles(query: str) -> list[str]:
        page = client.get(f"/sharing/?{query}").content.decode()
        return [
            t for t in ("信用信息报送问题", "冒用厂名厂址预警", "串通投标案件进展") if t in page
        ]

    assert titles("") == ["信用信息报送问题", "冒用厂名厂址预警", "串通投标案件进展"]
    assert titles("q=统一社会信用代码") == ["信用信息报送问题"]  # in the body
    assert titles("q=预警") == ["冒用厂名厂址预警"]
    assert titles("category=warning") == ["冒用厂名厂址预警"]
    assert titles("box=sent") == ["串通投标案件进展"]
    assert titles("box=received") == ["信用信息报送问题", "冒用厂名厂址预警"]
    assert titles("unread=1") == ["信用信息报送问题", "冒用厂名厂址预警"]
    client.get(f"/sharing/{Bulletin.objects.get(title='冒用厂名厂址预警').pk}/")
    assert titles("unread=1") == ["信用信息报送问题"]
    page = client.get("/sharing/?category=gossip&box=sent").content.decode()
    assert "串通投标案件进展" in page and "冒用厂名厂址预警" not in page  # the valid filter
    assert 'class="field-error"' in page  # the bad one is named


def test_the_list_page_reads_in_a_fixed_number_of_queries(cast, monkeypatch):
    from liandong.sharing import views

    client = _client(cast.psb_liaison)
    publish(cast, title="通报0")

    def queries() -> int:
        with CaptureQueriesContext(connection) as counted:
            assert client.get("/sharing/?page=1").status_code == 200
        return len(counted.captured_queries)

    queries()  # warm the session
    one = queries()
    for n in range(1, 8):
        publish(cast, who=["fin_liaison", "aud_liaison", "samr_liaison"][n % 3], title=f"通报{n}")
    actions.reply(Bulletin.objects.first(), text="收到", acting_user=cast.psb_officer)
    assert queries() == one
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    page = client.get("/sharing/?page=2").content.decode()
    assert "第 2 / 3 页，共 8 条" in page
    assert queries() == one
