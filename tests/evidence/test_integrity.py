"""The integrity sweep re-hashes stored files and raises an alert on any mismatch."""

import datetime as dt

from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from liandong.audit.models import AuditEntry
from liandong.evidence import integrity, storage
from liandong.evidence.models import Blob, Integrity
from liandong.notifications.models import Notification
from tests.evidence.support import item


def _tamper(blob: Blob) -> None:
    path = storage.blob_path(blob.sha256)
    path.chmod(0o640)
    data = path.read_bytes()
    path.write_bytes(data[:5] + bytes([data[5] ^ 0xFF]) + data[6:])


def test_an_untouched_store_passes_and_is_not_read_again_until_due(cast):
    found = item(cast)
    assert integrity.sweep() == {"checked": 1, "bytes": found.blob.size, "failed": 0}
    found.blob.refresh_from_db()
    assert found.blob.integrity == Integrity.OK and found.blob.checked_at is not None
    assert integrity.sweep()["checked"] == 0
    later = timezone.now() + dt.timedelta(days=8)
    assert integrity.sweep(now=later)["checked"] == 1


def test_a_changed_file_raises_an_alert_and_stops_downloads(cast):
    found = item(cast)
    integrity.sweep()
    _tamper(found.blob)
    result = integrity.sweep(now=timezone.now() + dt.timedelta(days=8))
    assert result["failed"] == 1
    found.blob.refresh_from_db()
    assert found.blob.integrity == Integrity.MISMATCH
    assert AuditEntry.objects.filter(action="evidence.blob.integrity_failed").count() == 1
    alerted = set(
        Notification.objects.filter(kind="evidence.integrity").values_list(
            "recipient__username", flat=True
        )
    )
    assert alerted == {cast.fin_head.username, cast.admin.username}
    # checked again on the next run, but the alert is not repeated
    assert integrity.sweep()["failed"] == 1
    assert Notification.objects.filter(kind="evidence.integrity").count() == 2
    client = Client()
    client.force_login(cast.fin_officer)
    refused = client.get(f"/evidence/{found.pk}/file/")
    assert refused.status_code == 302
    page = client.get(f"/evidence/{found.pk}/").content.decode()
    assert "内容被改动" in page and "已停止下载" in page
    exported = client.post(
        f"/api/v1/cases/{found.case.pk}/evidence/package",
        {"items": [found.pk]},
        content_type="application/json",
    )
    assert exported.status_code == 422 and exported.json()["details"][0]["type"] == "integrity"


def test_a_missing_file_is_reported(cast):
    found = item(cast)
    path = storage.blob_path(found.blob.sha256)
    path.chmod(0o640)
    path.unlink()
    assert integrity.sweep()["failed"] == 1
    found.blob.refresh_from_db()
    assert found.blob.integrity == Integrity.MISSING


def test_one_run_reads_no_more_than_its_budget(cast):
    first = item(cast)
    item(cast, case=first.case, data=b"%PDF-1.4\n" + b"x" * 5000, name="b.pdf")
    assert integrity.sweep(budget=10)["checked"] == 1  # at least one file, then the budget stops
    assert integrity.sweep(budget=10)["checked"] == 1
    assert integrity.sweep(budget=10)["checked"] == 0


def test_the_command_sweeps_everything_now(cast, capsys):
    item(cast)
    call_command("evidence", "sweep", "--all")
    assert "复核 1 个文件" in capsys.readouterr().out
