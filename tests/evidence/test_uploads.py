"""Chunked uploads through the API: in order, resumable, size-checked, sealed with both digests."""

import hashlib
import os

import pytest
from django.test import Client

from liandong.evidence import storage
from liandong.evidence.models import Upload, UploadState
from tests.evidence.support import EXE, PDF

BASE = "/api/v1/evidence/uploads"


@pytest.fixture
def officer(cast):
    client = Client()
    client.force_login(cast.fin_officer)
    return client


def _start(client, size, filename="开标记录.pdf"):
    return client.post(BASE, {"filename": filename, "size": size}, content_type="application/json")


def _put(client, upload_id, offset, data):
    return client.put(
        f"{BASE}/{upload_id}?offset={offset}", data, content_type="application/octet-stream"
    )


def _details(response):
    return {d["field"]: (d["type"], d["message"]) for d in response.json()["details"]}


def test_a_file_goes_up_in_chunks_and_is_sealed_with_both_digests(officer, settings):
    settings.EVIDENCE_CHUNK_BYTES = 1000
    data = PDF + os.urandom(2500)
    started = _start(officer, len(data))
    assert started.status_code == 201, started.json()
    upload_id = started.json()["id"]
    for offset in range(0, len(data), 1000):
        response = _put(officer, upload_id, offset, data[offset : offset + 1000])
        assert response.status_code == 200, response.json()
    assert response.json()["received"] == len(data)
    sealed = officer.post(f"{BASE}/{upload_id}/seal").json()
    assert sealed["state"] == "sealed" and sealed["mime"] == "application/pdf"
    assert sealed["sm3"] == hashlib.new("sm3", data).hexdigest()
    assert sealed["sha256"] == hashlib.sha256(data).hexdigest()
    assert storage.blob_path(sealed["sha256"]).read_bytes() == data
    assert not storage.upload_path(upload_id).exists()
    # sealing again is harmless
    assert officer.post(f"{BASE}/{upload_id}/seal").json()["sha256"] == sealed["sha256"]


def test_a_chunk_at_the_wrong_offset_is_refused_and_the_upload_resumes(officer):
    upload_id = _start(officer, len(PDF)).json()["id"]
    assert _put(officer, upload_id, 0, PDF[:20]).status_code == 200
    again = _put(officer, upload_id, 0, PDF[:20])  # a retried chunk the server already has
    assert again.status_code == 422 and _details(again)["offset"][0] == "wrong_offset"
    assert "第 20 字节" in _details(again)["offset"][1]
    assert officer.get(f"{BASE}/{upload_id}").json()["received"] == 20
    assert _put(officer, upload_id, 20, PDF[20:]).status_code == 200


def test_a_truncated_upload_is_not_sealed(officer):
    upload_id = _start(officer, len(PDF)).json()["id"]
    _put(officer, upload_id, 0, PDF[:30])
    response = officer.post(f"{BASE}/{upload_id}/seal")
    assert response.status_code == 422
    kind, message = _details(response)["file"]
    assert kind == "truncated" and f"已收到 30 字节，文件应为 {len(PDF)} 字节" in message
    assert Upload.objects.get(pk=upload_id).state == UploadState.OPEN


def test_more_bytes_than_declared_are_refused(officer):
    upload_id = _start(officer, 10).json()["id"]
    response = _put(officer, upload_id, 0, PDF)
    assert response.status_code == 422 and _details(response)["chunk"][0] == "too_long"
    assert Upload.objects.get(pk=upload_id).received == 0


def test_a_chunk_cut_short_is_refused(cast, settings):
    from io import BytesIO

    from liandong.evidence import actions

    upload = actions.start_upload(filename="a.pdf", size=100, acting_user=cast.fin_officer)
    with pytest.raises(Exception, match="分片不完整"):
        actions.receive_chunk(
            upload, offset=0, stream=BytesIO(b"x" * 40), length=100, acting_user=cast.fin_officer
        )
    assert Upload.objects.get(pk=upload.pk).received == 0


def test_oversized_files_and_bad_names_are_refused_at_the_start(officer, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    response = _start(officer, 5 * 1024 * 1024)
    assert response.status_code == 422
    assert "文件过大：5 MB，上限为 1 MB" in _details(response)["size"][1]
    response = _start(officer, 10, filename="../../etc/passwd")
    assert _details(response)["filename"][0] == "bad_filename"
    assert not Upload.objects.exists()


def test_a_program_is_refused_by_its_content_whatever_its_name(officer):
    upload_id = _start(officer, len(EXE), filename="报价单.pdf").json()["id"]
    _put(officer, upload_id, 0, EXE)
    response = officer.post(f"{BASE}/{upload_id}/seal")
    assert response.status_code == 422
    assert "application/x-msdownload" in _details(response)["file"][1]
    assert Upload.objects.get(pk=upload_id).state == UploadState.ABORTED
    assert not storage.upload_path(upload_id).exists()


def test_an_upload_belongs_to_whoever_started_it(officer, cast):
    upload_id = _start(officer, len(PDF)).json()["id"]
    other = Client()
    other.force_login(cast.fin_officer2)
    assert other.get(f"{BASE}/{upload_id}").status_code == 404
    assert _put(other, upload_id, 0, PDF).status_code == 404


def test_viewers_and_administrators_do_not_upload(cast):
    for who in ("fin_viewer", "admin"):
        client = Client()
        client.force_login(cast.people[who])
        assert _start(client, 10).status_code == 403


def test_abandoned_uploads_are_dropped_but_filed_files_stay(cast):
    import datetime as dt

    from django.utils import timezone

    from liandong.evidence import actions
    from tests.evidence.support import TEXT, item, sealed

    filed = item(cast)
    unfinished = actions.start_upload(filename="a.pdf", size=100, acting_user=cast.fin_officer)
    unfiled = sealed(cast.fin_officer, "询问笔录.txt", TEXT)
    same_as_filed = sealed(cast.fin_officer)  # the same bytes as the filed item
    assert actions.expire_uploads() == 0
    later = timezone.now() + dt.timedelta(hours=25)
    assert actions.expire_uploads(now=later) == 3
    states = dict(Upload.objects.values_list("pk", "state"))
    assert states[unfinished.pk] == states[unfiled.pk] == states[same_as_filed.pk] == "aborted"
    assert not storage.upload_path(unfinished.pk).exists()
    assert not storage.blob_path(unfiled.sha256).exists()
    assert storage.blob_path(filed.blob.sha256).exists()
