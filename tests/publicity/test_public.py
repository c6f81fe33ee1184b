"""The public site: no login, published items only (newest first, paginated), each item's page
and the Atom feed; drafts, submitted and withdrawn items answer 404 and are in no list; nothing
but the frozen published text leaves — no case number, no party code, no unmasked name."""

import uuid
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liandong.publicity import actions
from liandong.publicity.models import Kind, Publication
from tests.publicity.support import (
    PERSON,
    PERSON_ID,
    PHONE,
    SUPPLIER_USCC,
    WITNESS,
    closed_case,
    draft,
    published,
    submitted,
    withdrawn,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def _get(path: str, client: Client | None = None):
    return (client or Client()).get(path)


def test_the_list_shows_published_items_to_anyone_newest_first(cast):
    older = published(cast)
    newer = published(cast, case=closed_case(cast, title="某街道物业服务采购项目"))
    submitted(cast, case=closed_case(cast, title="某医院耗材采购项目"))
    withdrawn(cast, case=closed_case(cast, title="某公园绿化养护项目"))
    response = _get("/public/")
    assert response.status_code == 200
    html = response.content.decode()
    links = [f"/public/{p.public_id}/" for p in (newer, older)]
    assert all(link in html for link in links) and html.index(links[0]) < html.index(links[1])
    assert html.count('class="pub-item-title"') == 2
    assert "泉州市鲤城区财政局" in html and "典型案例" in html


def test_the_list_is_paginated_and_filtered_by_kind_with_few_queries(cast):
    for i in range(17):
        made = published(cast, case=closed_case(cast, title=f"采购项目{i}"))
        Publication.objects.filter(pk=made.pk).update(
            kind=Kind.PENALTY_NOTICE if i % 2 else Kind.TYPICAL_CASE
        )
    with CaptureQueriesContext(connection) as queries:
        first = _get("/public/").content.decode()
    assert len(queries) <= 4, [q["sql"] for q in queries]
    assert first.count('class="pub-item-title"') == 15 and "第 1 / 2 页" in first
    second = _get("/public/?page=2").content.decode()
    assert second.count('class="pub-item-title"') == 2
    notices = _get("/public/?kind=penalty_notice").content.decode()
    assert notices.count('class="pub-item-title"') == 8
    assert _get("/public/?kind=bogus&page=zz").status_code == 200


def test_an_items_page_shows_its_frozen_text_with_the_person_masked(cast):
    made = published(cast)
    response = _get(f"/public/{made.public_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert made.published_title in html and "项目负责人张某" in html and "证人李某" in html
    assert "350502************" in html and "138********" in html
    assert "泉州市鲤城区财政局" in html and "典型案例" in html


@pytest.mark.parametrize(
    "make", [draft, submitted, withdrawn], ids=["draft", "submitted", "withdrawn"]
)
def test_an_item_not_published_answers_404_and_is_in_no_list(cast, make):
    made = make(cast)
    response = _get(f"/public/{made.public_id}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "信息不存在" in html and made.title not in html
    assert str(made.public_id) not in _get("/public/").content.decode()
    assert str(made.public_id) not in _get("/public/feed/").content.decode()


def test_an_unknown_identifier_answers_404(cast):
    assert _get(f"/public/{uuid.uuid4()}/").status_code == 404
    assert _get("/public/123/").status_code == 404


def test_withdrawal_takes_an_item_off_the_page_the_list_and_the_feed(cast):
    made = published(cast)
    path = f"/public/{made.public_id}/"
    assert _get(path).status_code == 200 and path in _get("/public/feed/").content.decode()
    actions.withdraw(made, reason="罚款金额有误。", acting_user=cast.fin_head)
    assert _get(path).status_code == 404
    assert path not in _get("/public/").content.decode()
    assert path not in _get("/public/feed/").content.decode()


def test_the_feed_is_atom_with_the_published_items(cast):
    made = published(cast)
    response = _get("/public/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314  (our own response)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "政府采购领域执法信息公开"
    (entry,) = root.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == made.published_title
    assert entry.find(f"{ATOM}id").text == f"urn:uuid:{made.public_id}"
    assert entry.find(f"{ATOM}link").get("href").endswith(f"/public/{made.public_id}/")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "泉州市鲤城区财政局"
    assert entry.find(f"{ATOM}category").get("term") == "典型案例"
    assert "项目负责人张某" in entry.find(f"{ATOM}summary").text


def test_nothing_but_the_published_text_leaves(cast):
    made = published(cast)
    # what the department wrote in its draft after approval cannot change what is public
    Publication.objects.filter(pk=made.pk).update(title=f"{PERSON}案", body=f"{PERSON} {PERSON_ID}")
    case = made.case
    responses = [
        _get("/public/"),
        _get(f"/public/{made.public_id}/"),
        _get("/public/feed/"),
        _get("/public/?kind=typical_case"),
    ]
    secrets = [
        case.number,
        SUPPLIER_USCC,
        PERSON,
        PERSON_ID,
        PERSON_ID[-4:] + "）",
        PHONE,
        WITNESS,
        case.title,  # the internal 案由 is not the published title
        f"/publicity/{made.pk}/",
        f"/cases/{case.pk}/",
        made.drafted_by.full_name,
        cast.fin_head.full_name,
    ]
    for response in responses:
        text = response.content.decode()
        for secret in secrets:
            assert secret not in text, (response.request["PATH_INFO"], secret)


def test_the_public_pages_use_their_own_layout_and_assets(cast):
    made = published(cast)
    for path in ("/public/", f"/public/{made.public_id}/"):
        client = Client()
        client.force_login(cast.fin_officer)  # even signed in: nothing of the staff site
        html = client.get(path).content.decode()
        assert "mainnav" not in html and "工作台" not in html and "退出" not in html
        assert "Fin Officer" not in html and "liandong/app.css" not in html
        assert "/static/publicity/public.css" in html
        assert "http://" not in html.replace('xmlns="http://', "") and "https://" not in html


def test_caching_headers_are_public_for_visitors_and_private_for_the_signed_in(cast):
    made = published(cast)
    path = f"/public/{made.public_id}/"
    assert _get(path)["Cache-Control"] == "public, max-age=60"
    assert "public" in _get("/public/feed/")["Cache-Control"]
    client = Client()
    client.force_login(cast.fin_officer)
    assert "private" in client.get(path)["Cache-Control"]
    assert "no-cache" in _get(f"/public/{uuid.uuid4()}/")["Cache-Control"]


def test_someone_who_must_change_their_password_still_reads_the_public_site(cast):
    from liandong.organizations.models import User

    made = published(cast)
    User.objects.filter(pk=cast.fin_viewer.pk).update(must_change_password=True)
    client = Client()
    client.force_login(cast.fin_viewer)
    assert client.get(f"/public/{made.public_id}/").status_code == 200
    assert client.get("/publicity/").status_code == 302  # the staff site still sends them on
