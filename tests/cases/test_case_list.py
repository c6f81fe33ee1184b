"""The case list: what a person sees in it, its order, pages, search, and (on PostgreSQL) the
indexes it reads. Speed itself is measured by bench/case_list.py, not here."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from liandong.cases import actions, views
from liandong.cases.models import Case, Party
from liandong.cases.queries import SEARCHED_FIELDS, SearchText, listed_cases
from tests.cast import NAMES
from tests.conftest import database_vendor

SUPPLIER = ("泉州某某科技有限公司", "914403001922038216")


# (department, who registers it, title, project number), oldest first
CASES = [
    ("fin", "fin_officer", "某中学实验室设备采购项目涉嫌串通投标", "QZLC-ZFCG-2026-0318"),
    ("samr", "samr_liaison", "某医院医用耗材采购项目涉嫌提供虚假材料", "QZLC-GK-2026-0007"),
    ("fin", "fin_officer", "某街道物业服务采购项目质疑转投诉", "qzlc-cs-2025-0101"),
    ("samr", "samr_liaison", "某公司涉嫌串通投标案", "QZLC-TP-2026-0999"),
    ("fin", "fin_officer", "区人民医院医用耗材采购项目涉嫌串通投标", ""),
    ("samr", "samr_liaison", "某学校校服采购项目涉嫌以不合理条件限制供应商", ""),
    ("fin", "fin_officer", "某局办公家具采购项目评审专家涉嫌违规评审", ""),
    ("fin", "fin_officer", "某中学食堂食材配送项目中标人拒绝签订合同", ""),
]


@pytest.fixture
def cases(cast):
    """Five cases of the 财政局 (one with a supplier) and three of the 市场监管局, two of those
    shared with the 财政局; their times interleave."""
    made = []
    for n, (department, officer, title, project) in enumerate(CASES):
        case = actions.register_case(
            cast.departments[department],
            title=title,
            source="complaint",
            summary=f"第{n + 1}号线索：投标文件由同一台计算机编制。",
            project_number=project,
            purchaser="泉州市鲤城区某中学" if n % 2 else "",
            acting_user=cast.people[officer],
        )
        days_ago = timezone.now() - dt.timedelta(days=10 - n)
        Case.objects.filter(pk=case.pk).update(created_at=days_ago)
        made.append(case)
    actions.add_party(
        made[2], role="supplier", name=SUPPLIER[0], uscc=SUPPLIER[1], acting_user=cast.fin_officer
    )
    for shared in (made[1], made[5]):
        actions.share_case(
            shared, department=cast.fin, part="summary", acting_user=cast.samr_liaison
        )
    return made


def _expected(user, q="", state=""):
    """The list by its definition: visible_to, a plain substring test, newest first."""
    needle = q.strip().upper()
    found = []
    for case in Case.objects.visible_to(user).prefetch_related("parties"):
        texts = [getattr(case, field) for field in SEARCHED_FIELDS]
        texts += [party.name for party in case.parties.all()]
        if needle and not any(needle in text.upper() for text in texts):
            continue
        if state and case.state != state:
            continue
        found.append(case)
    found.sort(key=lambda c: (c.created_at, c.pk), reverse=True)
    return [c.pk for c in found]


def test_the_parts_of_what_a_person_sees_do_not_overlap_and_make_up_visible_to(cast, cases):
    for name in NAMES:
        user = cast.people[name]
        visible = set(Case.objects.visible_to(user).values_list("pk", flat=True))
        parts = Case.objects.visible_parts(user)
        if parts is None:
            assert not visible, name
            continue
        found = [set(Case.objects.filter(p).values_list("pk", flat=True)) for p in parts]
        for i, one in enumerate(found):
            assert not any(one & other for other in found[i + 1 :]), name
        assert set().union(*found) == visible, name


def test_the_list_merges_own_and_shared_cases_newest_first_in_pages(cast, cases):
    expected = _expected(cast.fin_viewer)
    assert len(expected) == 7  # five of its own, two shared
    listed = listed_cases(cast.fin_viewer)
    assert listed.count() == len(listed) == 7
    assert [c.pk for c in listed[0:7]] == expected
    for start in range(0, 8, 3):
        assert [c.pk for c in listed[start : start + 3]] == expected[start : start + 3]
    assert listed[6].pk == expected[6]
    assert listed[7:9] == []
    assert not listed_cases(cast.admin).count()
    assert listed_cases(cast.admin)[0:50] == []


@pytest.mark.parametrize(
    "q",
    [
        "串通投标",  # titles
        "串通",  # two characters: too short for a trigram index
        "计算机编制",  # facts
        "第3号",  # facts, in one case
        "ZFCG-2026",  # a project number
        "qzlc-cs",  # a project number in other case
        "Qzlc",
        "鲤城区某中学",  # the purchaser
        "某某科技",  # a party
        "科技",
        "泉鲤政财案",  # case numbers
        "围标",  # nothing
        "100%",  # a LIKE wildcard is a character like another
        "_",
    ],
)
def test_search_finds_numbers_titles_facts_procurement_and_parties_ignoring_case(cast, cases, q):
    for user in (cast.fin_officer, cast.samr_liaison, cast.psb_officer):
        listed = listed_cases(user, q=q)
        expected = _expected(user, q=q)
        assert [c.pk for c in listed[0:50]] == expected, (user.username, q)
        assert listed.count() == len(expected)


def test_state_and_search_filter_together(cast, cases):
    actions.move_case(cases[0], "review", acting_user=cast.fin_officer)
    for q in ("", "串通投标", "串通"):
        for state in ("clue", "preliminary"):
            listed = listed_cases(cast.fin_officer, q=q, state=state)
            assert [c.pk for c in listed[0:50]] == _expected(cast.fin_officer, q, state)


def test_the_list_page_says_how_many_pages_and_asks_the_same_queries_for_any_page_size(
    cast, cases, client, monkeypatch
):
    client.force_login(cast.fin_viewer)
    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    page = client.get("/cases/?page=2").content.decode()
    assert "第 2 / 3 页，共 7 条" in page
    expected = Case.objects.filter(pk__in=_expected(cast.fin_viewer)[3:6])
    assert all(case.number in page for case in expected)
    with CaptureQueriesContext(connection) as small:
        client.get("/cases/?page=2")
    monkeypatch.setattr(views, "PAGE_SIZE", 7)
    with CaptureQueriesContext(connection) as large:
        assert "共 7 条" in client.get("/cases/").content.decode()
    assert len(small.captured_queries) == len(large.captured_queries)
    assert "共 1 条" in client.get("/cases/?q=某某科技").content.decode()


def test_the_api_lists_in_pages(cast, cases, client):
    client.force_login(cast.fin_viewer)
    expected = _expected(cast.fin_viewer)
    body = client.get("/api/v1/cases?limit=3&offset=3").json()
    assert body["count"] == 7
    assert [row["id"] for row in body["items"]] == expected[3:6]
    body = client.get("/api/v1/cases?q=串通投标&state=clue").json()
    assert [row["id"] for row in body["items"]] == _expected(cast.fin_viewer, "串通投标", "clue")
    for q in ("采购项目", "编制", "某"):  # searched: the page is cut from all the matches
        expected = _expected(cast.fin_viewer, q)
        assert len(expected) > 2
        body = client.get(f"/api/v1/cases?q={q}&limit=2&offset=1").json()
        assert body["count"] == len(expected)
        assert [row["id"] for row in body["items"]] == expected[1:3]


@pytest.mark.skipif(database_vendor() != "postgresql", reason="the indexes are PostgreSQL's")
def test_the_search_compares_the_expressions_its_trigram_indexes_hold(cast, cases):
    """Migration 0002 writes the indexed expressions out; should the queries' drift from them,
    PostgreSQL would quietly read whole tables again."""

    def plan(queryset) -> str:
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # tables this small are read whole
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    searched = Case.objects.alias(search_text=SearchText()).filter(
        search_text__icontains="某某科技"
    )
    assert "case_search_trgm" in plan(searched)
    assert "party_name_trgm" in plan(Party.objects.filter(name__icontains="某某科技"))
