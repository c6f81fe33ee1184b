"""The procuratorate's narrow view: the criminal transfers copied to it and their documents, the
立案监督 suggestions made to it, its figures — and nothing else, on the pages, through the API
and in the actions' own checks."""

from django.test import Client

from liandong.cases.models import Case
from liandong.core import policy
from liandong.documents.models import IssuedDocument
from liandong.organizations import actions as organizations
from liandong.transfers import actions
from liandong.transfers.models import Transfer
from tests.transfers.support import case_under_investigation, sent


def _browser(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _administrative(cast):
    transfer = actions.create(
        kind="administrative",
        case=case_under_investigation(cast),
        department=cast.samr,
        subject="建议吊销营业执照",
        facts="两年内两次串通投标。",
        acting_user=cast.fin_officer,
    )
    return actions.send(transfer, acting_user=cast.fin_officer)


def test_it_sees_the_transfers_copied_to_it_and_their_documents(cast):
    copied = sent(cast)
    other = _administrative(cast)
    proc = cast.proc_officer
    assert list(Transfer.objects.visible_to(proc)) == [copied]
    assert not Case.objects.visible_to(proc).exists()
    letter = IssuedDocument.objects.about(copied).get(kind="criminal_transfer")
    readable = set(IssuedDocument.objects.visible_to(proc).values_list("pk", flat=True))
    assert letter.pk in readable
    assert not IssuedDocument.objects.about(other).filter(pk__in=readable).exists()
    assert (
        not IssuedDocument.objects.filter(case=copied.case)
        .exclude(subject_type="transfers.transfer")
        .filter(pk__in=readable)
        .exists()
    )

    browser = _browser(proc)
    page = browser.get(f"/procuratorate/transfers/{copied.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert copied.subject in text and letter.number in text and "环节期限" in text
    assert browser.get(f"/documents/{letter.pk}/docx/").status_code == 200
    assert browser.get(f"/procuratorate/transfers/{other.pk}/").status_code == 404
    listed = browser.get("/procuratorate/transfers/").content.decode()
    assert copied.subject in listed and other.subject not in listed


def test_it_sees_nothing_else(cast):
    transfer = sent(cast)
    browser = _browser(cast.proc_officer)
    assert browser.get("/").url == "/procuratorate/"
    for path in (
        "/cases/",
        f"/cases/{transfer.case_id}/",
        "/transfers/",
        f"/transfers/{transfer.pk}/",
        "/meetings/",
        "/deadlines/",
        "/reports/",
        "/departments/",
        "/sharing/",
    ):
        assert browser.get(path).status_code == 403, path
    home = browser.get("/procuratorate/").content.decode()
    assert "案件移送" not in home.split("<main")[0]  # the member menu is not shown
    _token, secret = organizations.create_api_token(
        cast.proc_officer, name="检察业务对接", acting_user=cast.proc_officer
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/cases").status_code == 403
    assert api.get("/api/v1/transfers").status_code == 403
    assert api.get(f"/api/v1/transfers/{transfer.pk}").status_code == 403
    rows = api.get("/api/v1/procuratorate/transfers").json()["items"]
    assert [row["id"] for row in rows] == [transfer.pk]
    assert api.get("/api/v1/me").status_code == 200
    # and in the actions' own checks, whatever a rule would say of its department
    assert not policy.can(cast.proc_officer, "cases.case.create")
    assert not policy.can(cast.proc_officer, "transfers.transfer.view", transfer)
    assert policy.can(cast.proc_officer, "transfers.copy.view", transfer)


def test_a_member_finds_nothing_of_the_procuratorate(cast):
    sent(cast)
    browser = _browser(cast.fin_head)
    assert browser.get("/procuratorate/").status_code == 404
    assert browser.get("/api/v1/procuratorate/supervisions").status_code == 404


def test_only_the_procuratorate_of_the_external_bodies_has_people(cast):
    other_body = organizations.create_department(
        cast.jurisdiction,
        acting_user=None,
        kind="OTHER",
        is_member=False,
        name="泉州市鲤城区监察委员会",
        short_name="区监委",
    )
    from django.core.exceptions import ValidationError

    try:
        organizations.create_user(
            other_body,
            acting_user=None,
            username="jw_officer",
            full_name="某某",
            role="officer",
        )
    except ValidationError as exc:
        assert "同级人民检察院" in exc.messages[0]
    else:
        raise AssertionError("a user in an external body other than the procuratorate")
    try:
        organizations.create_user(
            cast.procuratorate,
            acting_user=None,
            username="proc_admin",
            full_name="某某",
            role="admin",
        )
    except ValidationError as exc:
        assert "系统管理员" in " ".join(exc.messages)
    else:
        raise AssertionError("an administrator in the procuratorate")
    person, _password = organizations.create_user(
        cast.procuratorate,
        acting_user=None,
        username="proc_head",
        full_name="检察长",
        role="head",
    )
    assert person.is_external
