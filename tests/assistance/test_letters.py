"""The paper of an assistance request: it is sent with a 协查函 from the requesting department
to the helping one, numbered in the requester's 发文字号, filed on the case and shown on the
request's page. A refused request issues nothing and takes no number."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from liandong.assistance import actions
from liandong.audit.models import AuditEntry
from liandong.cases import actions as cases
from liandong.documents.kinds import OUTGOING
from liandong.documents.models import IssuedDocument, NumberSequence
from tests.consultations.test_letters import _text
from tests.transfers.support import frozen

MONDAY = "2026-11-02 09:00"


def _case(cast):
    case = cases.register_case(
        cast.fin,
        title="某中学实验室设备采购项目涉嫌串通投标",
        source="report",
        acting_user=cast.fin_officer,
    )
    cases.assign_officers(case, officers=[cast.fin_officer], acting_user=cast.fin_head)
    return case


def _request(cast, case=None, **overrides):
    data = {
        "case": case or _case(cast),
        "department": cast.psb,
        "kind": "verification",
        "subject": "核查投标人法定代表人身份",
        "details": "请核查两名法定代表人的户籍信息。\n请核查两人是否存在亲属关系。",
        "due_on": actions.today() + dt.timedelta(days=7),
        "shared_part": "summary",
        "acting_user": cast.fin_officer,
    }
    data.update(overrides)
    return actions.create(**data)


def test_a_request_is_sent_with_an_assistance_letter(cast):
    with frozen(MONDAY):
        case = _case(cast)
        request = _request(cast, case=case)
    letter = IssuedDocument.objects.about(request).get()
    assert letter.kind == "assistance_letter" and letter.kind_name == "协查函"
    assert letter.number == "泉鲤政财〔2026〕1号"
    assert (letter.department, letter.recipient) == (cast.fin, cast.psb)
    assert letter.case == case and letter.issued_by == cast.fin_officer
    assert letter.title == "关于核查投标人法定代表人身份的协查函"
    assert letter.content["recipients"] == "泉州市公安局鲤城分局"
    body = _text(letter)
    assert f"某中学实验室设备采购项目涉嫌串通投标（案件编号：{case.number}）" in body
    assert "协助核查有关信息" in body and "二（四）" in body
    assert "请核查两名法定代表人的户籍信息。\n请核查两人是否存在亲属关系。" in body
    assert "共享该案的案件概况" in body
    assert "请于2026年11月9日前完成协查" in body and "要求完成日期：2026年11月9日" in body
    created = AuditEntry.objects.get(action="assistance.request.create", outcome="ok")
    assert letter.number in created.after_json


def test_a_case_not_shared_is_named_by_its_number_only(cast):
    case = _case(cast)
    request = _request(cast, case=case, shared_part="", kind="testing")
    body = _text(IssuedDocument.objects.about(request).get())
    assert f"编号为{case.number}的案件" in body and "串通投标" not in body
    assert "共享" not in body and "协助开展检验检测" in body


def test_both_sides_see_the_letter_on_the_request_page(cast):
    request = _request(cast)
    letter = IssuedDocument.objects.about(request).get()
    for person in (cast.fin_officer, cast.psb_liaison, cast.psb_officer):
        client = Client()
        client.force_login(person)
        page = client.get(f"/assistance/{request.pk}/").content.decode()
        assert 'id="documents"' in page and letter.number in page, person
    police = Client()
    police.force_login(cast.psb_liaison)
    assert police.get(f"/documents/{letter.pk}/pdf/").status_code == 200
    others = Client()
    others.force_login(cast.samr_liaison)
    assert others.get(f"/documents/{letter.pk}/pdf/").status_code == 404


def test_refused_requests_issue_nothing_and_take_no_number(cast):
    with frozen(MONDAY):
        case = _case(cast)
        with pytest.raises(ValidationError):
            _request(cast, case=case, details=" ")
        with pytest.raises(ValidationError):
            _request(cast, case=case, due_on=actions.today())
        with pytest.raises(PermissionDenied):
            _request(cast, case=case, acting_user=cast.fin_officer2)  # not one of its officers
        assert not IssuedDocument.objects.exists()
        assert not NumberSequence.objects.filter(kind=OUTGOING.code).exists()  # cases have theirs
        _request(cast, case=case)
    assert IssuedDocument.objects.get().number == "泉鲤政财〔2026〕1号"
