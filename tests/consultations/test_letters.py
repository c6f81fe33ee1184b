"""The paper of a consultation: asking issues the 咨询函 from the asking department to the
consulted one, the first answer the 复函 back; both are numbered in their issuer's 发文字号 and
shown on the consultation's page. A refused step issues nothing and takes no number."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from liandong.audit.models import AuditEntry
from liandong.cases import actions as cases
from liandong.consultations import actions
from liandong.consultations.models import Consultation
from liandong.deadlines.models import Deadline
from liandong.documents import pdf
from liandong.documents.models import IssuedDocument, NumberSequence
from tests.transfers.support import frozen

MONDAY = "2026-11-02 09:00"


def _ask(cast, **overrides):
    data = {
        "department": cast.samr,
        "topic": "testing",
        "subject": "办公家具质量检测标准",
        "question": "中标供应商交付的办公家具疑似不合格。\n应依据哪些国家标准委托检测？",
        "acting_user": cast.fin_officer,
    }
    data.update(overrides)
    return actions.ask(**data)


def _answered(cast, consultation, text="可依据GB 28007等标准，委托有CMA资质的检测机构。"):
    actions.assign(consultation, assignee=cast.samr_liaison, acting_user=cast.samr_liaison)
    return actions.answer(consultation, text=text, acting_user=cast.samr_liaison)


def _case(cast):
    case = cases.register_case(
        cast.fin, title="某家具采购项目以次充好", source="complaint", acting_user=cast.fin_officer
    )
    cases.assign_officers(case, officers=[cast.fin_officer], acting_user=cast.fin_head)
    return case


def _papers(consultation):
    return list(IssuedDocument.objects.about(consultation).order_by("pk"))


def _text(document) -> str:
    """The document's body as one string (its Fields rows as label：value)."""
    parts = []
    for block in document.content["body"]:
        if isinstance(block, str):
            parts.append(block)
        elif "fields" in block:
            parts += [f"{label}：{value}" for label, value in block["fields"]]
        elif "heading" in block:
            parts.append(block["heading"])
    return "\n".join(parts)


def test_it_issues_a_consultation_letter_then_a_reply_to_the_first_answer(cast):
    with frozen(MONDAY):
        consultation = _ask(cast)
        [letter] = _papers(consultation)
        assert letter.kind == "consultation_letter" and letter.kind_name == "咨询函"
        assert letter.number == "泉鲤政财〔2026〕1号"
        assert (letter.department, letter.recipient) == (cast.fin, cast.samr)
        assert letter.issued_by == cast.fin_officer and letter.case is None
        assert letter.title == "关于办公家具质量检测标准的咨询函"
        assert letter.content["recipients"] == "泉州市鲤城区市场监督管理局"
        body = _text(letter)
        assert "应依据哪些国家标准委托检测？" in body and "产品检测方面的问题" in body
        # the answer is due in 5 workdays: Monday → Monday 11-09 (RULES.md §10)
        assert "请于2026年11月9日前函复我单位。" in body
        assert "联系人：Fin Officer" in body and "相关案件：无" in body

        consultation = _answered(cast, consultation)
        letter, reply = _papers(consultation)
        assert reply.kind == "consultation_reply" and reply.number == "泉鲤市监〔2026〕1号"
        assert (reply.department, reply.recipient) == (cast.samr, cast.fin)
        assert reply.issued_by == cast.samr_liaison
        assert reply.title == "关于办公家具质量检测标准的复函"
        body = _text(reply)
        assert "（泉鲤政财〔2026〕1号）收悉" in body and "GB 28007" in body

        # a follow-up and its answer are the informal exchange: no further paper
        actions.follow_up(consultation, text="检测费用由谁承担？", acting_user=cast.fin_officer)
        actions.answer(consultation, text="由委托单位承担。", acting_user=cast.samr_liaison)
        assert [d.kind for d in _papers(consultation)] == [
            "consultation_letter",
            "consultation_reply",
        ]
    audited = AuditEntry.objects.filter(
        object_type="consultations.consultation", outcome="ok"
    ).order_by("seq")
    documents = [(e.action, e.after_json) for e in audited if "document" in e.after_json]
    assert [action for action, _after in documents] == [
        "consultations.consultation.ask",
        "consultations.consultation.answer",
    ]
    assert "泉鲤市监〔2026〕1号" in documents[1][1]


def test_numbers_go_on_in_each_departments_own_sequence(cast):
    with frozen(MONDAY):
        first = _ask(cast)
        second = _ask(cast, department=cast.psb, subject="串通投标罪的立案追诉标准")
        _answered(cast, first)
    numbers = [d.number for d in IssuedDocument.objects.order_by("pk")]
    assert numbers == ["泉鲤政财〔2026〕1号", "泉鲤政财〔2026〕2号", "泉鲤市监〔2026〕1号"]
    assert IssuedDocument.objects.about(second).get().recipient == cast.psb


def test_about_a_shared_case_the_letters_go_on_the_case_file(cast):
    case = _case(cast)
    consultation = _ask(cast, case=case, shared_part="summary", urgent=True)
    consultation = _answered(cast, consultation)
    letter, reply = _papers(consultation)
    assert letter.case == case and reply.case == case
    # the consulted side sees the shared part, so its answerer issues the reply in person
    assert reply.issued_by == cast.samr_liaison
    body = _text(letter)
    assert f"某家具采购项目以次充好（案件编号：{case.number}）" in body
    assert "共享该案的案件概况" in body and "紧急程度：紧急" in body
    asker = Client()
    asker.force_login(cast.fin_officer)
    page = asker.get(f"/cases/{case.pk}/").content.decode()
    assert letter.number in page and reply.number in page


def test_a_case_not_shared_is_named_by_its_number_and_still_answered(cast):
    case = _case(cast)
    consultation = _ask(cast, case=case)
    letter = _papers(consultation)[0]
    body = _text(letter)
    assert f"编号为{case.number}的案件" in body and "以次充好" not in body
    # SAMR does not see the case, which the documents rule asks of whoever issues on it: the
    # reply is the answer's system step, and the answer's audit entry names the answerer
    consultation = _answered(cast, consultation)
    reply = _papers(consultation)[1]
    assert reply.case == case and reply.issued_by is None
    answered = AuditEntry.objects.get(action="consultations.consultation.answer", outcome="ok")
    assert answered.actor_id == cast.samr_liaison.pk and reply.number in answered.after_json


def test_both_sides_see_the_letters_on_the_consultation_page(cast):
    consultation = _answered(cast, _ask(cast))
    letter, reply = _papers(consultation)
    for person in (cast.fin_officer, cast.fin_viewer, cast.samr_liaison):
        client = Client()
        client.force_login(person)
        page = client.get(f"/consultations/{consultation.pk}/").content.decode()
        assert 'id="documents"' in page
        assert letter.number in page and reply.number in page, person
        assert f"/documents/{reply.pk}/" in page
    samr = Client()
    samr.force_login(cast.samr_liaison)
    assert samr.get(f"/documents/{letter.pk}/pdf/").status_code == 200


def test_refused_steps_issue_nothing_and_take_no_number(cast):
    with frozen(MONDAY):
        with pytest.raises(ValidationError):
            _ask(cast, subject=" ")
        with pytest.raises(PermissionDenied):
            _ask(cast, acting_user=cast.fin_viewer)
        assert not IssuedDocument.objects.exists() and not NumberSequence.objects.exists()

        consultation = _ask(cast)
        actions.assign(consultation, assignee=cast.samr_liaison, acting_user=cast.samr_liaison)
        with pytest.raises(ValidationError):
            actions.answer(consultation, text="  ", acting_user=cast.samr_liaison)
        with pytest.raises(PermissionDenied):
            actions.answer(consultation, text="越权答复", acting_user=cast.fin_officer)
        assert [d.number for d in IssuedDocument.objects.all()] == ["泉鲤政财〔2026〕1号"]
        actions.answer(consultation, text="见标准。", acting_user=cast.samr_liaison)
        assert IssuedDocument.objects.get(kind="consultation_reply").number == "泉鲤市监〔2026〕1号"


def test_a_letter_that_cannot_be_made_leaves_no_consultation(cast):
    """The letter is issued inside the action's transaction: if it fails, nothing is asked."""

    def broken(*args, **kwargs):
        raise pdf.ConversionError("LibreOffice 转换失败")

    with mock.patch.object(pdf, "convert", broken), pytest.raises(pdf.ConversionError):
        _ask(cast)
    assert not Consultation.objects.exists() and not Deadline.objects.exists()
    assert not IssuedDocument.objects.exists() and not NumberSequence.objects.exists()


def test_a_long_subject_still_makes_a_title_the_documents_accept(cast):
    consultation = _ask(cast, subject="关于" + "供应商资格审查标准" * 30)
    letter = _papers(consultation)[0]
    assert len(letter.title) == 200 and letter.title.endswith("…的咨询函")
    assert letter.title.startswith("关于供应商")  # not 关于关于


def test_a_reply_to_a_question_asked_before_letters_names_the_question(cast):
    from liandong.consultations import paperwork

    consultation = _ask(cast, subject="办公家具质量检测标准？")
    reply = paperwork.consultation_reply(consultation, "见标准。", cast.samr_liaison)
    assert reply.body[0] == "你单位关于办公家具质量检测标准的咨询收悉。经认真研究，现答复如下："
    assert reply.title == "关于办公家具质量检测标准的复函"
