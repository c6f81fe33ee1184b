"""The integrity sweep also re-hashes the files of issued documents: a changed or missing file is
recorded, audited, alerted and no longer handed out, on the evidence files' schedule and budget."""

import datetime as dt

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from liandong.audit.models import AuditEntry
from liandong.documents.models import DocumentFileCheck, IssuedDocument
from liandong.evidence import integrity, storage
from liandong.evidence.models import Blob, Integrity
from liandong.notifications.models import Notification
from tests.documents.support import issue
from tests.evidence.support import item

LATER = dt.timedelta(days=8)


def _path(document: IssuedDocument, fmt: str):
    path = storage.blob_path(getattr(document, f"{fmt}_sha256"))
    path.chmod(0o640)  # stored files are read-only
    return path


def _tamper(document: IssuedDocument, fmt: str) -> None:
    path = _path(document, fmt)
    data = path.read_bytes()
    path.write_bytes(data[:5] + bytes([data[5] ^ 0xFF]) + data[6:])


def _state(document: IssuedDocument) -> dict[str, str]:
    return dict(document.file_checks.values_list("format", "integrity"))


def _size(document: IssuedDocument) -> int:
    return document.docx_size + document.pdf_size


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_passes_an_intact_document_and_reads_it_again_only_when_due(cast):
    document = issue(cast)
    assert integrity.sweep() == {"checked": 2, "bytes": _size(document), "failed": 0}
    assert _state(document) == {"docx": Integrity.OK, "pdf": Integrity.OK}
    assert not document.file_checks.filter(checked_at__isnull=True).exists()
    assert integrity.sweep()["checked"] == 0
    assert integrity.sweep(now=timezone.now() + dt.timedelta(days=6))["checked"] == 0
    assert integrity.sweep(now=timezone.now() + LATER)["checked"] == 2
    assert not AuditEntry.objects.filter(action__startswith="documents.document.integrity").exists()
    assert _client(cast.fin_officer).get(f"/documents/{document.pk}/pdf/").status_code == 200


def test_an_altered_file_is_recorded_audited_alerted_and_no_longer_handed_out(cast):
    document = issue(cast)
    integrity.sweep()
    _tamper(document, "pdf")
    result = integrity.sweep(now=timezone.now() + LATER)
    assert result["failed"] == 1
    assert _state(document) == {"docx": Integrity.OK, "pdf": Integrity.MISMATCH}
    entry = AuditEntry.objects.get(action="documents.document.integrity_failed")
    assert entry.object_type == "documents.issueddocument"
    assert entry.object_id == str(document.pk)
    assert entry.jurisdiction == cast.fin.jurisdiction.code
    assert '"format":"pdf"' in entry.after_json and '"integrity":"mismatch"' in entry.after_json
    alerts = Notification.objects.filter(kind="documents.integrity")
    alerted = set(alerts.values_list("recipient__username", flat=True))
    assert alerted == {cast.fin_head.username, cast.admin.username}
    assert document.number in alerts.first().title
    # checked again on every run until put right, but neither audited nor alerted again
    assert integrity.sweep()["failed"] == 1
    assert AuditEntry.objects.filter(action="documents.document.integrity_failed").count() == 1
    assert alerts.count() == 2

    officer, police = _client(cast.fin_officer), _client(cast.psb_officer)
    refused = officer.get(f"/documents/{document.pk}/pdf/")
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "PDF 文件未通过完整性校验" in page and "已停止下载" in page
    assert "X-Content-SM3" not in refused
    assert police.get(f"/documents/{document.pk}/pdf/").status_code == 409  # the recipient too
    api = officer.get(f"/api/v1/documents/{document.pk}/pdf")
    assert api.status_code == 422 and api.json()["details"][0]["type"] == "integrity"
    assert "已停止下载" in api.json()["details"][0]["message"]
    assert officer.get(f"/documents/{document.pk}/docx/").status_code == 200  # the intact one
    downloads = AuditEntry.objects.filter(action="documents.document.download")
    assert downloads.filter(outcome="invalid").count() == 3
    assert downloads.filter(outcome="ok").count() == 1


def test_a_file_put_right_is_handed_out_again(cast):
    document = issue(cast)
    path = _path(document, "docx")
    original = path.read_bytes()
    _tamper(document, "docx")
    integrity.sweep()
    assert _client(cast.fin_officer).get(f"/documents/{document.pk}/docx/").status_code == 409
    path.write_bytes(original)  # restored from the backup
    assert integrity.sweep()["failed"] == 0
    assert _state(document)["docx"] == Integrity.OK
    assert AuditEntry.objects.filter(action="documents.document.integrity_restored").count() == 1
    assert _client(cast.fin_officer).get(f"/documents/{document.pk}/docx/").status_code == 200


def test_a_missing_file_is_reported_and_refused_with_the_reason(cast):
    document = issue(cast)
    _path(document, "docx").unlink()
    assert integrity.sweep()["failed"] == 1
    assert _state(document) == {"docx": Integrity.MISSING, "pdf": Integrity.OK}
    entry = AuditEntry.objects.get(action="documents.document.integrity_failed")
    assert "不存在" in entry.message
    assert Notification.objects.filter(kind="documents.integrity").count() == 2
    refused = _client(cast.fin_head).get(f"/documents/{document.pk}/docx/")
    assert refused.status_code == 409
    assert "Word 文件未通过完整性校验" in refused.content.decode()


def test_one_run_reads_no_more_than_its_budget(cast):
    first = issue(cast)
    second = issue(cast, case=first.case)
    for _ in range(4):  # at least one file a run, then the budget stops it
        assert integrity.sweep(budget=1)["checked"] == 1
    assert integrity.sweep(budget=1)["checked"] == 0
    assert not DocumentFileCheck.objects.exclude(integrity=Integrity.OK).exists()
    total = _size(first) + _size(second)
    found = integrity.sweep(now=timezone.now() + LATER, budget=total - 1)
    assert found["checked"] == 3 and found["bytes"] < total


def test_evidence_and_document_files_take_turns_oldest_check_first(cast):
    document = issue(cast)
    evidence = item(cast, case=document.case)
    for _ in range(3):  # one budget for both kinds
        assert integrity.sweep(budget=1)["checked"] == 1
    assert integrity.sweep()["checked"] == 0
    evidence.blob.refresh_from_db()
    assert evidence.blob.integrity == Integrity.OK
    assert set(_state(document).values()) == {Integrity.OK}
    # a document's file checked longest ago goes before an evidence file checked since
    document.file_checks.filter(format="pdf").update(checked_at=timezone.now() - LATER * 2)
    Blob.objects.filter(pk=evidence.blob.pk).update(checked_at=timezone.now() - LATER)
    document.file_checks.filter(format="docx").update(checked_at=timezone.now() - LATER)
    assert integrity.sweep(budget=1)["checked"] == 1
    assert document.file_checks.get(format="pdf").checked_at > timezone.now() - LATER
    evidence.blob.refresh_from_db()
    assert evidence.blob.checked_at < timezone.now() - LATER / 2


def test_the_command_sweeps_documents_too(cast, capsys):
    document = issue(cast)
    call_command("evidence", "sweep", "--all")
    assert "复核 2 个文件" in capsys.readouterr().out
    assert set(_state(document).values()) == {Integrity.OK}
