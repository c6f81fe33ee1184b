"""The bulletin pages: the publish form (all members or chosen ones, a file), its refusals shown
at their fields with the file kept, replies, adding a file, withdrawal."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from liandong.evidence.models import Upload, UploadState
from liandong.sharing.models import Bulletin, State
from tests.evidence.support import PDF
from tests.sharing.support import PROBLEM, to


def _client(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_the_form_offers_only_the_other_member_departments(cast):
    page = _client(cast.drc_liaison).get("/sharing/new/").content.decode()
    for name in ("鲤城区财政局", "公安局鲤城分局", "鲤城区审计局", "鲤城区市场监督管理局"):
        assert name in page
    assert "鲤城区发展和改革局" not in page  # her own
    assert "人民检察院" not in page and "丰泽区" not in page
    assert 'value="all"' in page and "全体成员单位" in page


def test_it_publishes_to_all_members_with_a_file(cast):
    client = _client(cast.drc_liaison)
    response = client.post(
        "/sharing/new/",
        {**PROBLEM, "scope": "all", "file": SimpleUploadedFile("报送情况.pdf", PDF)},
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sharing/{bulletin.pk}/"
    assert bulletin.to_all and bulletin.audience.count() == 4
    assert bulletin.attachments.get().filename == "报送情况.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "信息通报已发布，已送达4个单位" in page and "报送情况.pdf" in page


def test_it_publishes_to_chosen_departments_and_ignores_them_when_all_is_chosen(cast):
    client = _client(cast.fin_officer)
    client.post(
        "/sharing/new/",
        {**PROBLEM, "category": "case", "scope": "chosen", "audience": [cast.psb.pk, cast.samr.pk]},
    )
    client.post(
        "/sharing/new/", {**PROBLEM, "title": "全体", "scope": "all", "audience": [cast.psb.pk]}
    )
    chosen, everyone = Bulletin.objects.order_by("pk")
    assert set(chosen.audience.all()) == {cast.psb, cast.samr} and not chosen.to_all
    assert everyone.to_all and everyone.audience.count() == 4


def test_a_refusal_is_shown_at_its_field_and_the_file_is_kept(cast):
    client = _client(cast.drc_liaison)
    response = client.post(
        "/sharing/new/",
        {**PROBLEM, "scope": "chosen", "file": SimpleUploadedFile("报送情况.pdf", PDF)},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "请选择通报对象" in page
    assert "已收到文件“报送情况.pdf”" in page
    assert not Bulletin.objects.exists()
    kept = Upload.objects.get(owner=cast.drc_liaison, state=UploadState.SEALED)
    response = client.post(
        "/sharing/new/",
        {**PROBLEM, "scope": "chosen", "audience": [cast.aud.pk], "upload": str(kept.pk)},
    )
    assert response.status_code == 302
    assert Bulletin.objects.get().attachments.get().filename == "报送情况.pdf"


def test_an_external_body_cannot_be_chosen_on_the_form(cast):
    response = _client(cast.drc_liaison).post(
        "/sharing/new/", {**PROBLEM, "scope": "chosen", "audience": [cast.procuratorate.pk]}
    )
    assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    assert not Bulletin.objects.exists()


def test_reply_attach_and_withdraw_from_the_page(cast):
    bulletin = to(cast, "psb")
    psb = _client(cast.psb_officer)
    page = psb.get(f"/sharing/{bulletin.pk}/").content.decode()
    assert "撤回信息通报" not in page and "添加附件" not in page and 'id="receipts"' not in page
    response = psb.post(f"/sharing/{bulletin.pk}/reply/", {"text": "已收悉，将按要求报送。"})
    assert response.status_code == 302 and response["Location"].endswith("#replies")
    empty = psb.post(f"/sharing/{bulletin.pk}/reply/", {"text": ""}, follow=True)
    assert "回复内容：" in empty.content.decode()
    drc = _client(cast.drc_liaison)
    page = drc.get(f"/sharing/{bulletin.pk}/").content.decode()
    assert "已收悉，将按要求报送。" in page and "撤回信息通报" in page and "添加附件" in page
    added = drc.post(
        f"/sharing/{bulletin.pk}/attachments/new/",
        {"file": SimpleUploadedFile("补充.pdf", PDF)},
    )
    assert added.status_code == 302 and bulletin.attachments.count() == 1
    drc.post(f"/sharing/{bulletin.pk}/withdraw/", {"reason": "", "version": 1})
    assert Bulletin.objects.get(pk=bulletin.pk).state == State.PUBLISHED
    drc.post(f"/sharing/{bulletin.pk}/withdraw/", {"reason": "口径有误。", "version": 1})
    page = psb.get(f"/sharing/{bulletin.pk}/").content.decode()
    assert "已撤回" in page and "口径有误。" in page and 'action="/sharing/' not in page
