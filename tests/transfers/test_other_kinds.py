"""The simpler transfers (行政违法移送, 管辖移送, 审计移送, 线索移交): sent with a 移送函, accepted
or returned with a reason, answered with the result; an audit finding becomes a case."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liandong.cases.models import Case, CaseGrant
from liandong.deadlines.models import Deadline
from liandong.documents.models import IssuedDocument
from liandong.transfers import actions, decisions
from liandong.transfers.models import State
from tests.transfers.support import at, case_under_investigation, frozen


def audit_finding(cast, **overrides):
    data = {
        "kind": "audit",
        "department": cast.fin,
        "subject": "某街道办事处物业服务采购涉嫌提供虚假材料",
        "facts": "2025年度预算执行审计发现：中标供应商所附项目经理社保证明与社保系统记录不符。",
        "offence": "提供虚假材料谋取中标",
        "acting_user": cast.aud_liaison,
    }
    data.update(overrides)
    return actions.create(**data)


def test_audit_transfer_becomes_a_case_of_the_receiving_department(cast):
    with frozen("2026-11-02 09:00") as clock:
        transfer = audit_finding(cast)
        assert transfer.case is None and transfer.state == State.DRAFT
        with pytest.raises(ValidationError):
            actions.attach(transfer, slot="other", item=None, acting_user=cast.aud_liaison)
        actions.send(transfer, acting_user=cast.aud_liaison)
        letter = IssuedDocument.objects.about(transfer).get()
        assert letter.kind == "transfer_letter" and letter.recipient == cast.fin
        assert letter.number.startswith("泉鲤审〔2026〕")
        timer = Deadline.objects.for_object(transfer).get()
        assert timer.rule.code == "transfer.receive"  # 5 workdays: Monday → the next Monday
        assert timer.due_at == at("2026-11-10 00:00")

        clock.set("2026-11-03 10:00")
        actions.accept(transfer, acting_user=cast.fin_liaison)
        transfer.refresh_from_db()
        assert transfer.state == State.ACCEPTED
        assert Deadline.objects.for_object(transfer).get().state == "met"
        case = actions.open_case(transfer, acting_user=cast.fin_officer)
        assert case.department == cast.fin and case.source == "audit_transfer"
        assert case.state == "clue" and "社保证明" in case.summary
        with pytest.raises(ValidationError):
            actions.open_case(transfer, acting_user=cast.fin_officer)
        actions.give_feedback(
            transfer,
            kind="handled",
            text="已立案调查，拟作出行政处罚。",
            acting_user=cast.fin_liaison,
        )
        transfer.refresh_from_db()
        assert transfer.state == State.CONCLUDED and transfer.created_case == case
    assert Case.objects.filter(department=cast.fin).count() == 1


def test_only_audit_sends_audit_transfers(cast):
    with pytest.raises(ValidationError) as caught:
        audit_finding(cast, acting_user=cast.fin_officer, department=cast.samr)
    assert "审计" in caught.value.messages[0]


def test_administrative_transfer_declined_with_a_reason(cast):
    case = case_under_investigation(cast)
    transfer = actions.create(
        kind="administrative",
        case=case,
        department=cast.samr,
        subject="建议吊销泉州某某科技有限公司营业执照",
        facts="该公司两年内两次串通投标，情节严重。",
        acting_user=cast.fin_officer,
    )
    actions.send(transfer, acting_user=cast.fin_officer)
    assert CaseGrant.objects.filter(case=case, department=cast.samr, part="all").exists()
    with pytest.raises(ValidationError) as caught:
        decisions.file(transfer, acting_user=cast.samr_liaison)
    assert "没有" in caught.value.messages[0]
    with pytest.raises(ValidationError):
        actions.decline(transfer, reason="  ", acting_user=cast.samr_liaison)
    actions.decline(
        transfer, reason="吊销营业执照须先由财政部门作出处罚决定。", acting_user=cast.samr_liaison
    )
    transfer.refresh_from_db()
    assert transfer.state == State.DECLINED and "处罚决定" in transfer.decline_reason
    assert Deadline.objects.for_object(transfer).get().state == "met"


def test_withdrawn_before_acceptance(cast):
    transfer = audit_finding(cast)
    actions.send(transfer, acting_user=cast.aud_liaison)
    with pytest.raises(PermissionDenied):
        actions.withdraw(transfer, reason="误送", acting_user=cast.fin_liaison)
    actions.withdraw(transfer, reason="误送，应移送市场监管局。", acting_user=cast.aud_liaison)
    transfer.refresh_from_db()
    assert transfer.state == State.WITHDRAWN
    assert Deadline.objects.for_object(transfer).get().state == "cancelled"
    with pytest.raises(ValidationError):
        actions.accept(transfer, acting_user=cast.fin_liaison)


def test_clue_shares_only_the_summary(cast):
    case = case_under_investigation(cast, to="preliminary")
    transfer = actions.create(
        kind="clue",
        case=case,
        department=cast.drc,
        subject="供应商涉嫌失信线索",
        facts="供应商近三年有两次串通投标记录。",
        acting_user=cast.fin_officer,
    )
    actions.send(transfer, acting_user=cast.fin_officer)
    grants = CaseGrant.objects.filter(case=case, department=cast.drc)
    assert list(grants.values_list("part", flat=True)) == ["summary"]
