"""Items of evidence: filed with a checked file, corrected by a new version, recognised by another
department, and their chain of custody read from the audit log."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from liandong.audit.models import AuditEntry
from liandong.cases import actions as cases
from liandong.evidence import actions, custody, storage
from liandong.evidence.models import EvidenceItem, Recognition, Upload, UploadState
from tests.evidence.support import EXE, PDF, PNG, fields, filed_case, item, sealed


def test_an_item_is_filed_with_its_file_and_digests(cast):
    found = item(cast)
    assert (found.sequence, found.filename, found.blob.mime) == (
        1,
        "开标记录.pdf",
        "application/pdf",
    )
    assert storage.blob_path(found.blob.sha256).read_bytes() == PDF
    entry = AuditEntry.objects.get(action="evidence.item.add", object_id=str(found.pk))
    assert found.blob.sm3 in entry.after_json and "陈志远、林晓梅" in entry.after_json
    assert Upload.objects.get().state == UploadState.USED


def test_the_same_content_is_stored_once(cast):
    first = item(cast)
    second = item(cast, case=first.case, title="开标记录表（复印件）")
    assert first.blob_id == second.blob_id and second.sequence == 2


def test_an_upload_is_used_once(cast):
    case = filed_case(cast)
    upload = sealed(cast.fin_officer)
    actions.add_item(case, upload_id=upload.pk, acting_user=cast.fin_officer, **fields())
    with pytest.raises(ValidationError, match="已被使用"):
        actions.add_item(case, upload_id=upload.pk, acting_user=cast.fin_officer, **fields())


def test_bad_metadata_names_each_field_and_writes_nothing(cast):
    case = filed_case(cast)
    upload = sealed(cast.fin_officer)
    bad = fields(
        title=" ",
        kind="rumour",
        collected_at=timezone.now() + dt.timedelta(days=2),
        method="",
    )
    with pytest.raises(ValidationError) as caught:
        actions.add_item(case, upload_id=upload.pk, acting_user=cast.fin_officer, **bad)
    assert set(caught.value.message_dict) == {"title", "kind", "collected_at", "method"}
    assert "收集时间不能晚于现在" in caught.value.message_dict["collected_at"][0]
    assert not EvidenceItem.objects.exists()
    assert Upload.objects.get().state == UploadState.SEALED  # kept for the corrected form


def test_only_physical_evidence_may_come_without_a_file(cast):
    case = filed_case(cast)
    with pytest.raises(ValidationError) as caught:
        actions.add_item(case, acting_user=cast.fin_officer, **fields())
    assert "file" in caught.value.message_dict
    physical = actions.add_item(
        case,
        acting_user=cast.fin_officer,
        **fields(kind="physical", title="涉案投标保证金收据原件", description="收据原件一张"),
    )
    assert physical.blob is None


def test_someone_not_on_the_case_cannot_file_evidence(cast):
    case = filed_case(cast)
    upload = sealed(cast.fin_liaison)
    with pytest.raises(PermissionDenied):
        actions.add_item(case, upload_id=upload.pk, acting_user=cast.fin_liaison, **fields())


def test_a_correction_is_a_new_version_and_the_original_stays(cast):
    original = item(cast)
    upload = sealed(cast.fin_officer, "开标记录-更正.png", PNG)
    new = actions.supersede_item(
        original,
        reason="原件扫描不清，重新拍照",
        upload_id=upload.pk,
        acting_user=cast.fin_officer,
        **fields(kind="audiovisual"),
    )
    original.refresh_from_db()
    assert new.supersedes == original and not original.is_current and new.sequence == 2
    assert original.blob.mime == "application/pdf" and new.blob.mime == "image/png"
    with pytest.raises(ValidationError, match="已被更正"):
        actions.supersede_item(original, reason="再改", acting_user=cast.fin_officer, **fields())
    with pytest.raises(ValidationError) as caught:
        actions.supersede_item(new, reason=" ", acting_user=cast.fin_officer, **fields())
    assert "correction_reason" in caught.value.message_dict


def _share_evidence(cast, case):
    cases.share_case(case, department=cast.psb, part="evidence", acting_user=cast.fin_head)


def test_another_department_recognises_shared_evidence_once(cast):
    found = item(cast)
    with pytest.raises(PermissionDenied):  # not shared yet
        actions.recognise(found, accepted=True, opinion="可用", acting_user=cast.psb_officer)
    _share_evidence(cast, found.case)
    with pytest.raises(ValidationError) as caught:
        actions.recognise(found, accepted=True, opinion=" ", acting_user=cast.psb_officer)
    assert "opinion" in caught.value.message_dict
    actions.recognise(
        found, accepted=True, opinion="来源合法，可作为证据使用。", acting_user=cast.psb_officer
    )
    with pytest.raises(ValidationError, match="已对该证据发表过意见"):
        actions.recognise(found, accepted=False, opinion="改主意", acting_user=cast.psb_liaison)
    with pytest.raises(PermissionDenied):  # the owning department does not recognise its own
        actions.recognise(found, accepted=True, opinion="好", acting_user=cast.fin_head)
    assert Recognition.objects.get().department == cast.psb


def test_a_summary_grant_does_not_reveal_evidence(cast):
    found = item(cast)
    cases.share_case(found.case, department=cast.psb, part="summary", acting_user=cast.fin_head)
    assert not EvidenceItem.objects.visible_to(cast.psb_officer).exists()
    client = Client()
    client.force_login(cast.psb_officer)
    assert client.get(f"/evidence/{found.pk}/").status_code == 404
    assert client.get(f"/api/v1/cases/{found.case.pk}/evidence").status_code == 200
    assert client.get(f"/api/v1/cases/{found.case.pk}/evidence").json() == []


def test_the_chain_of_custody_lists_every_event(cast):
    found = item(cast)
    officer, police = Client(), Client()
    officer.force_login(cast.fin_officer)
    police.force_login(cast.psb_officer)
    assert officer.get(f"/evidence/{found.pk}/").status_code == 200
    download = officer.get(f"/evidence/{found.pk}/file/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["X-Content-SM3"] == found.blob.sm3
    _share_evidence(cast, found.case)
    police.post(f"/evidence/{found.pk}/recognise/", {"accepted": "1", "opinion": "认可"})
    exported = officer.post(f"/evidence/case/{found.case.pk}/package/", {"items": [found.pk]})
    assert exported.status_code == 200 and exported["Content-Type"] == "application/zip"
    labels = [e.label for e in custody.events(found)]
    assert labels == ["收集", "登记上传", "查看", "下载", "随案件共享", "互认意见", "导出证据包"]
    page = police.get(f"/evidence/{found.pk}/").content.decode()
    assert "保管链" in page and "区公安分局" in page and "认可" in page


def test_the_page_form_files_evidence_without_javascript(cast):
    case = filed_case(cast)
    client = Client()
    client.force_login(cast.fin_officer)
    data = fields(collected_at="2026-11-20T09:30")
    data["file"] = SimpleUploadedFile("开标记录.pdf", PDF)
    response = client.post(f"/evidence/case/{case.pk}/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    found = EvidenceItem.objects.get()
    assert found.filename == "开标记录.pdf" and found.blob.size == len(PDF)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "开标记录表" in page and found.blob.sm3[:16] in page


def test_the_page_form_refuses_a_program_and_names_the_file_field(cast):
    case = filed_case(cast)
    client = Client()
    client.force_login(cast.fin_officer)
    data = fields(collected_at="2026-11-20T09:30")
    data["file"] = SimpleUploadedFile("报价单.pdf", EXE)
    response = client.post(f"/evidence/case/{case.pk}/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "application/x-msdownload" in page and "has-error" in page
    assert not EvidenceItem.objects.exists()


def test_after_a_refusal_the_sent_file_is_kept(cast):
    case = filed_case(cast)
    client = Client()
    client.force_login(cast.fin_officer)
    data = fields(collected_at="2099-11-20T09:30")  # the action refuses a time in the future
    data["file"] = SimpleUploadedFile("开标记录.pdf", PDF)
    response = client.post(f"/evidence/case/{case.pk}/new/", data)
    upload = Upload.objects.get()
    page = response.content.decode()
    assert response.status_code == 200 and str(upload.pk) in page and "收集时间不能晚于现在" in page
    data = fields(collected_at="2026-11-20T09:30", upload=str(upload.pk))
    assert client.post(f"/evidence/case/{case.pk}/new/", data).status_code == 302
    assert EvidenceItem.objects.get().blob.sha256 == upload.sha256


def test_the_api_files_evidence_from_a_sealed_upload(cast):
    case = filed_case(cast)
    upload = sealed(cast.fin_officer)
    client = Client()
    client.force_login(cast.fin_officer)
    body = fields(collected_at="2026-11-20T09:30:00+08:00", upload_id=str(upload.pk))
    response = client.post(
        f"/api/v1/cases/{case.pk}/evidence", body, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["sm3"] == upload.sm3 and data["custody"][0]["event"] == "收集"
    listed = client.get(f"/api/v1/cases/{case.pk}/evidence").json()
    assert [row["label"] for row in listed] == ["证据1"]


def test_the_case_timeline_shows_evidence_steps(cast):
    found = item(cast)
    client = Client()
    client.force_login(cast.fin_officer)
    timeline = client.get(f"/cases/{found.case.pk}/").content.decode()
    timeline = timeline[timeline.index('id="timeline"') :]
    assert "登记证据：证据1 开标记录表" in timeline
