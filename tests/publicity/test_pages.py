"""The staff pages: drafting from a case, the draft with what the anonymiser changed, the steps
as form posts, the approver's to-do and menu count, and the case timeline."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from liandong.core import workbench
from liandong.publicity.models import Publication, State
from tests.publicity.support import (
    PERSON,
    closed_case,
    draft,
    published,
    submitted,
)


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_new_page_offers_only_finished_decided_cases_and_makes_a_draft(cast):
    case = closed_case(cast)
    client = _client(cast.fin_officer)
    html = client.get("/publicity/new/").content.decode()
    assert f"{case.number} {case.title}" in html
    response = client.post("/publicity/new/", {"case": case.pk, "kind": "penalty_notice"})
    made = Publication.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/publicity/{made.pk}/"
    assert made.kind == "penalty_notice" and made.drafted_by == cast.fin_officer
    again = client.post("/publicity/new/", {"case": case.pk, "kind": "penalty_notice"})
    assert again.status_code == 200 and "已有同类稿件" in again.content.decode()


def test_a_department_without_finished_cases_is_told_so(cast):
    html = _client(cast.psb_officer).get("/publicity/new/").content.decode()
    assert "暂无可以拟写宣传稿件的案件" in html


def test_the_draft_page_shows_what_the_anonymiser_changed_and_then_submits(cast):
    made = draft(cast)
    client = _client(cast.fin_officer)
    page = client.get(f"/publicity/{made.pk}/").content.decode()
    assert "尚未执行脱敏" in page and PERSON in page
    response = client.post(f"/publicity/{made.pk}/submit/", {"version": made.version})
    assert response.status_code == 302
    page = client.get(f"/publicity/{made.pk}/").content.decode()
    assert "请先执行“脱敏”" in page  # the refusal, as a message
    client.post(f"/publicity/{made.pk}/anonymise/", {"version": made.version})
    page = client.get(f"/publicity/{made.pk}/").content.decode()
    assert "已执行脱敏" in page
    assert f'<td class="mono">{PERSON}</td><td class="mono">张某</td><td>1</td>' in page
    assert "**************1231" in page and "350502198503121231" not in page
    assert "<mark>张某</mark>" in page and "<mark>350502************</mark>" in page
    made.refresh_from_db()
    client.post(f"/publicity/{made.pk}/submit/", {"version": made.version})
    assert Publication.objects.get(pk=made.pk).state == State.SUBMITTED


def test_editing_keeps_what_was_typed_when_someone_saved_in_between(cast):
    made = draft(cast)
    client = _client(cast.fin_officer)
    response = client.post(
        f"/publicity/{made.pk}/edit/",
        {"title": "我的标题", "body": "我的正文", "extra_names": "", "version": made.version - 1},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "他人已修改并保存了该稿件" in html and "我的正文" in html
    response = client.post(
        f"/publicity/{made.pk}/edit/",
        {"title": "我的标题", "body": "我的正文", "extra_names": "", "version": made.version},
    )
    assert response.status_code == 302 and Publication.objects.get(pk=made.pk).body == "我的正文"


def test_the_approver_has_a_to_do_a_menu_count_and_the_approval_form(cast):
    made = submitted(cast)
    todos = [t for t in workbench.todos_for(cast.fin_head) if t.kind == "publication"]
    assert [t.title for t in todos] == [f"审批典型案例：{made.title}（区财政局）"]
    assert not [t for t in workbench.todos_for(cast.fin_officer) if t.kind == "publication"]
    client = _client(cast.fin_head)
    home = client.get("/").content.decode()
    assert '宣传曝光 <span class="count">1</span>' in home
    page = client.get(f"/publicity/{made.pk}/").content.decode()
    assert 'id="approve"' in page and 'name="return-reason"' in page
    client.post(
        f"/publicity/{made.pk}/return/", {"return-reason": "", "return-version": made.version}
    )
    assert Publication.objects.get(pk=made.pk).state == State.SUBMITTED
    client.post(
        f"/publicity/{made.pk}/return/",
        {"return-reason": "请补充。", "return-version": made.version},
    )
    assert Publication.objects.get(pk=made.pk).state == State.DRAFT
    returned = [t for t in workbench.todos_for(cast.fin_officer) if t.kind == "publication"]
    assert [t.state for t in returned] == ["已退回"]


def test_a_published_item_shows_its_frozen_text_and_public_address(cast):
    made = published(cast)
    page = _client(cast.fin_viewer).get(f"/publicity/{made.pk}/").content.decode()
    assert f"/public/{made.public_id}/" in page and "发布的文本" in page
    assert 'id="withdrawal"' not in page  # the viewer only reads
    head = _client(cast.fin_head).get(f"/publicity/{made.pk}/").content.decode()
    assert 'id="withdrawal"' in head


def test_the_list_reads_in_a_fixed_number_of_queries(cast):
    for i in range(3):
        submitted(cast, case=closed_case(cast, title=f"采购项目{i}"))
    client = _client(cast.fin_head)
    client.get("/publicity/")
    with CaptureQueriesContext(connection) as few:
        client.get("/publicity/")
    for i in range(3, 6):
        submitted(cast, case=closed_case(cast, title=f"采购项目{i}"))
    with CaptureQueriesContext(connection) as more:
        html = client.get("/publicity/").content.decode()
    assert len(more) == len(few)
    assert html.count("待审批</span>") == 6


def test_the_steps_show_on_the_cases_timeline(cast):
    made = published(cast)
    page = _client(cast.fin_officer).get(f"/cases/{made.case.pk}/").content.decode()
    assert "拟写宣传稿件" in page and "宣传稿件批准发布" in page
