"""Issuing official documents: numbered without gaps, both files stored with their digests,
immutable, seen by the issuing and the receiving department only."""

import hashlib
import threading
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.template import Context, Template
from django.test import RequestFactory

from liandong.audit.models import AuditEntry
from liandong.cases import timeline
from liandong.documents import actions, files, kinds, numbering
from liandong.documents.models import Immutable, IssuedDocument, NumberSequence
from liandong.evidence import storage
from tests.conftest import database_vendor
from tests.documents.support import (
    TITLE,
    handled_case,
    issue,
    needs_libreoffice,
    pdf_text,
    sample,
    without_libreoffice,
)


def _docx_text(document: IssuedDocument) -> str:
    with files.open_file(document, "docx") as f, zipfile.ZipFile(f) as z:
        return z.read("word/document.xml").decode()


@needs_libreoffice
def test_it_issues_a_numbered_transfer_letter_with_both_files(cast, tmp_path):
    case = handled_case(cast)
    document = actions.issue_document(
        sample(),
        department=cast.fin,
        kind="criminal_transfer",
        case=case,
        recipient=cast.psb,
        acting_user=cast.fin_officer,
    )
    assert document.number == "泉鲤政财〔2026〕1号"
    assert document.title == TITLE and document.kind_name == TITLE
    assert document.case == case and document.recipient == cast.psb
    assert document.issued_by == cast.fin_officer
    stored = storage.blob_path(document.pdf_sha256)
    text = pdf_text(stored).replace(" ", "")
    assert "泉鲤政财〔2026〕1号" in text and TITLE in text
    assert files.check(document) == []
    entry = AuditEntry.objects.get(action="documents.document.issue", outcome="ok")
    assert entry.object_id == str(document.pk)
    assert document.content["number"] == "泉鲤政财〔2026〕1号"


def test_the_recorded_sm3_digests_are_those_of_the_stored_files(cast):
    document = issue(cast)
    for fmt in ("docx", "pdf"):
        data = storage.blob_path(getattr(document, f"{fmt}_sha256")).read_bytes()
        assert getattr(document, f"{fmt}_sm3") == hashlib.new("sm3", data).hexdigest()
        assert getattr(document, f"{fmt}_size") == len(data)
    assert files.check(document) == []


def test_an_altered_file_no_longer_matches(cast):
    document = issue(cast)
    path = storage.blob_path(document.pdf_sha256)
    path.chmod(0o640)
    path.write_bytes(path.read_bytes() + b"%")
    assert files.check(document) == ["pdf"]


def test_two_issues_get_consecutive_numbers(cast):
    case = handled_case(cast)
    first, second = issue(cast, case), issue(cast, case)
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.number == "泉鲤政财〔2026〕2号"
    assert "泉鲤政财〔2026〕2号" in _docx_text(second)


def test_a_number_taken_while_rendering_is_rendered_again(cast, monkeypatch):
    """Another document takes the number the files were made with: the action gives it back
    and the files are made again with the next one, so the number printed is the one recorded."""
    case = handled_case(cast)
    issue(cast, case)
    stale = iter([(1, "泉鲤政财〔2026〕1号")])
    real = numbering.peek
    monkeypatch.setattr(numbering, "peek", lambda *a: next(stale, None) or real(*a))
    document = issue(cast, case)
    assert document.number == "泉鲤政财〔2026〕2号"
    assert "泉鲤政财〔2026〕2号" in _docx_text(document)
    assert "〔2026〕1号" not in _docx_text(document)
    assert NumberSequence.objects.get(kind="document").last == 2


def test_after_repeated_races_it_renders_holding_the_number(cast, monkeypatch):
    case = handled_case(cast)
    issue(cast, case)
    monkeypatch.setattr(numbering, "peek", lambda *a: (1, "泉鲤政财〔2026〕1号"))
    document = issue(cast, case)
    assert document.number == "泉鲤政财〔2026〕2号"
    assert "泉鲤政财〔2026〕2号" in _docx_text(document)


@pytest.mark.skipif(database_vendor() != "postgresql", reason="concurrent requests need a server")
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_consecutive_numbers(tmp_path, settings):
    from tests import cast as cast_module

    cast = cast_module.build()
    case = handled_case(cast)
    barrier = threading.Barrier(3)
    numbers, errors = [], []

    def request():
        try:
            barrier.wait()
            for _ in range(2):
                numbers.append(issue(cast, case).sequence)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    with without_libreoffice():  # patched once for all threads
        threads = [threading.Thread(target=request) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4, 5, 6]
    assert NumberSequence.objects.get(kind="document").last == 6


def test_an_issued_document_is_never_changed(cast):
    document = issue(cast)
    document.title = "改过的标题"
    with pytest.raises(Immutable):
        document.save()
    with pytest.raises(Immutable):
        document.delete()
    with pytest.raises(Immutable):
        IssuedDocument.objects.filter(pk=document.pk).update(title="改过的标题")
    with pytest.raises(Immutable):
        IssuedDocument.objects.filter(pk=document.pk).delete()
    table = IssuedDocument._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET title = %s WHERE id = %s", ["改过的标题", document.pk])
    assert IssuedDocument.objects.get(pk=document.pk).title == TITLE


@pytest.mark.skipif(database_vendor() != "postgresql", reason="SQLite's test runner deletes rows")
def test_the_database_refuses_to_delete_one(cast):
    document = issue(cast)
    table = IssuedDocument._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [document.pk])


def test_a_refused_issue_renders_nothing_and_takes_no_number(cast, monkeypatch):
    def fail(*args):
        raise AssertionError("rendered for a refused request")

    monkeypatch.setattr(actions, "render_files", fail)
    case = handled_case(cast)
    for person in (cast.fin_viewer, cast.fin_officer2, cast.psb_officer, cast.admin):
        with pytest.raises(PermissionDenied):
            actions.issue_document(
                sample(),
                department=cast.fin,
                kind="criminal_transfer",
                case=case,
                acting_user=person,
            )
    assert not NumberSequence.objects.filter(kind="document").exists()
    assert not IssuedDocument.objects.exists()
    refusals = AuditEntry.objects.filter(action="documents.document.issue", outcome="denied")
    assert refusals.count() == 4


def test_bad_requests_are_refused_naming_the_field(cast, monkeypatch):
    monkeypatch.setattr(actions, "render_files", lambda *a: pytest.fail("rendered"))
    with pytest.raises(ValidationError) as refused:
        actions.issue_document(
            sample(title=" "),
            department=cast.fin,
            kind="no_such_kind",
            recipient=cast.other_fin,
            acting_user=cast.fin_head,
        )
    assert set(refused.value.message_dict) == {"kind", "title", "recipient"}
    with pytest.raises(ValidationError) as refused:
        actions.issue_document(
            sample(), department=cast.procuratorate, kind="criminal_transfer", acting_user=None
        )
    assert set(refused.value.message_dict) == {"department"}
    assert AuditEntry.objects.filter(action="documents.document.issue", outcome="invalid").exists()


def test_the_issuing_and_the_receiving_department_see_it(cast):
    document = issue(cast)
    for person in ("fin_head", "fin_officer", "fin_officer2", "fin_viewer", "psb_officer"):
        assert IssuedDocument.objects.visible_to(cast.people[person]).filter(pk=document.pk)
    for person in ("drc_liaison", "samr_liaison", "admin", "outsider"):
        assert not IssuedDocument.objects.visible_to(cast.people[person]).exists()


def test_a_document_of_a_confidential_case_follows_the_case(cast):
    document = issue(cast, handled_case(cast, confidential=True))
    visible = IssuedDocument.objects.visible_to
    assert visible(cast.fin_officer).filter(pk=document.pk)  # assigned
    assert visible(cast.fin_head).filter(pk=document.pk)
    assert not visible(cast.fin_officer2).exists()  # same department, not on the case
    assert not visible(cast.fin_viewer).exists()
    assert visible(cast.psb_officer).filter(pk=document.pk)  # it was sent to the police


def test_the_case_page_lists_its_documents(cast, django_assert_max_num_queries):
    case = handled_case(cast)
    first, second = issue(cast, case), issue(cast, case)
    request = RequestFactory().get("/")
    request.user = cast.fin_viewer
    template = Template("{% load documents %}{% documents_for case %}")
    with django_assert_max_num_queries(3):
        html = template.render(Context({"request": request, "case": case}))
    for document in (first, second):
        assert document.number in html
        assert f"/documents/{document.pk}/pdf/" in html
        assert f"/documents/{document.pk}/docx/" in html
        assert document.pdf_sm3[:16] in html
    request.user = cast.drc_liaison
    assert first.number not in template.render(Context({"request": request, "case": case}))


def test_it_is_on_the_case_timeline(cast):
    case = handled_case(cast)
    document = issue(cast, case)
    labels = [label for _entry, label in timeline.entries_for(case)]
    assert f"发文：{document}" in labels


def test_a_document_can_be_about_another_object(cast):
    case = handled_case(cast)
    document = issue(cast, case, subject=case)
    assert document.subject_type == "cases.case" and document.subject_id == str(case.pk)
    assert list(IssuedDocument.objects.about(case)) == [document]


def test_every_sequence_has_its_own_infix():
    infixes = {}
    for kind in kinds.KINDS.values():
        assert infixes.setdefault(kind.sequence.infix, kind.sequence.code) == kind.sequence.code
    assert "案" not in infixes  # the cases' numbers (cases.actions.CASE_NUMBER)


def test_a_download_is_the_stored_file_with_its_digest(cast, client):
    document = issue(cast)
    client.force_login(cast.psb_officer)
    response = client.get(f"/documents/{document.pk}/pdf/")
    body = b"".join(response.streaming_content)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-SM3"] == document.pdf_sm3 == hashlib.new("sm3", body).hexdigest()
    assert "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.filter(action="documents.document.download").latest("seq")
    assert entry.actor_id == cast.psb_officer.pk and entry.object_id == str(document.pk)
    api = client.get(f"/api/v1/documents/{document.pk}").json()
    assert api["number"] == document.number and api["recipient"]["id"] == cast.psb.pk
    assert api["pdf"]["sm3"] == document.pdf_sm3
    assert api["docx"]["url"] == f"/api/v1/documents/{document.pk}/docx"


def test_a_missing_file_is_not_found_and_not_audited_as_downloaded(cast, client):
    document = issue(cast)
    storage.blob_path(document.docx_sha256).unlink()
    client.force_login(cast.fin_officer)
    assert client.get(f"/documents/{document.pk}/docx/").status_code == 404
    assert not AuditEntry.objects.filter(action="documents.document.download").exists()
