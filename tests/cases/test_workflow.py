"""The case registry's workflow, numbers, officers, decision timer and sharing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from liandong.audit.models import AuditEntry
from liandong.cases import actions
from liandong.cases.models import Case, CaseGrant, CaseState, ViolationType
from liandong.cases.vocabulary import SEED
from liandong.cases.workflow import TRANSITIONS
from liandong.deadlines.models import Deadline, DeadlineState


def _register(cast, title="某学校设备采购项目涉嫌串通投标"):
    return actions.register_case(
        cast.fin,
        title=title,
        source="complaint",
        acting_user=cast.fin_officer,
        project_name="某学校实验室设备采购",
        winning_amount=2_400_000,
    )


def _filed(cast):
    case = _register(cast)
    actions.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    actions.move_case(case, "review", acting_user=cast.fin_officer)
    return actions.move_case(case, "file", acting_user=cast.fin_officer)


def test_the_vocabulary_is_seeded_with_its_basis(db):
    assert ViolationType.objects.count() == len(SEED)
    collusion = ViolationType.objects.get(code="collusion.agree_substance")
    assert "第七十四条第（三）项" in collusion.basis
    assert collusion.penalty_rule == "procurement_law_77"


def test_a_registered_case_gets_the_next_number_of_its_department(cast):
    year = timezone.localdate().year
    first, second = _register(cast), _register(cast, "第二个线索")
    assert first.number == f"泉鲤政财案〔{year}〕1号"
    assert second.number == f"泉鲤政财案〔{year}〕2号"
    assert first.state == CaseState.CLUE
    assert AuditEntry.objects.filter(action="cases.case.register").count() == 2


def test_filing_needs_two_officers_and_starts_the_90_day_timer(cast):
    case = _register(cast)
    actions.assign_officers(case, officers=[cast.fin_officer], acting_user=cast.fin_head)
    actions.move_case(case, "review", acting_user=cast.fin_officer)
    with pytest.raises(ValidationError, match="至少两名办案人员"):
        actions.move_case(case, "file", acting_user=cast.fin_officer)
    case.refresh_from_db()
    assert case.state == CaseState.PRELIMINARY
    actions.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    case = actions.move_case(case, "file", acting_user=cast.fin_officer)
    timer = Deadline.objects.for_object(case).get()
    assert timer.rule.code == "case.penalty_decision" and timer.amount == 90
    assert timer.started_at == case.filed_at


def test_a_decision_needs_its_document_and_meets_the_timer(cast):
    case = _filed(cast)
    actions.move_case(case, "investigate", acting_user=cast.fin_officer)
    actions.move_case(case, "submit", acting_user=cast.fin_officer)
    with pytest.raises(ValidationError) as refused:
        actions.move_case(
            case,
            "decide",
            acting_user=cast.fin_officer,
            decision_kind="penalty",
            decision_number="泉鲤政财罚〔2026〕第1号",
            decision_date=timezone.localdate() - dt.timedelta(days=30),
        )
    assert set(refused.value.message_dict) == {"decision_number", "decision_date"}
    case = actions.move_case(
        case,
        "decide",
        acting_user=cast.fin_officer,
        decision_kind="penalty",
        decision_number="泉鲤政财罚〔2026〕1号",
        decision_date=timezone.localdate(),
    )
    assert Deadline.objects.for_object(case).get(rule__code="case.penalty_decision").state == (
        DeadlineState.MET
    )
    actions.move_case(case, "execute", acting_user=cast.fin_officer)
    case = actions.move_case(case, "close", acting_user=cast.fin_officer)
    assert case.state == CaseState.CLOSED and case.closed_at


def test_a_clue_can_be_dismissed_with_a_reason(cast):
    case = _register(cast)
    with pytest.raises(ValidationError, match="不予立案的理由"):
        actions.move_case(case, "dismiss", acting_user=cast.fin_head)
    case = actions.move_case(case, "dismiss", acting_user=cast.fin_head, reason="不属于本部门管辖")
    assert case.state == CaseState.CLOSED


@pytest.mark.parametrize("verb", sorted(TRANSITIONS))
@pytest.mark.parametrize("state", [s.value for s in CaseState])
def test_it_walks_every_transition_of_the_case(cast, verb, state):
    case = _register(cast)
    actions.assign_officers(
        case, officers=[cast.fin_officer, cast.fin_officer2], acting_user=cast.fin_head
    )
    decided = {
        "decision_kind": "penalty",
        "decision_number": "泉鲤政财罚〔2026〕1号",
        "decision_date": timezone.localdate(),
    }
    # Arranged for the walk only: the state, and the decision a later state would carry.
    Case.objects.filter(pk=case.pk).update(state=state, **decided)
    sources, target = TRANSITIONS[verb]
    details = {
        "decision_kind": "penalty",
        "decision_number": "泉鲤政财罚〔2026〕2号",
        "decision_date": timezone.localdate(),
        "reason": "理由",
    }
    if state in sources:
        moved = actions.move_case(case, verb, acting_user=cast.fin_head, **details)
        assert moved.state == target
    else:
        with pytest.raises(ValidationError, match="不能执行此操作"):
            actions.move_case(case, verb, acting_user=cast.fin_head, **details)
        case.refresh_from_db()
        assert case.state == state


def test_only_its_head_and_its_officers_move_a_case(cast):
    case = _register(cast)  # registered by fin_officer, who handles it first
    assert list(case.officers.all()) == [cast.fin_officer]
    with pytest.raises(PermissionDenied):  # another officer of the department, not assigned
        actions.move_case(case, "review", acting_user=cast.fin_officer2)
    with pytest.raises(PermissionDenied):
        actions.move_case(case, "review", acting_user=cast.psb_officer)
    with pytest.raises(ValidationError, match="本单位在职人员"):
        actions.assign_officers(case, officers=[cast.psb_officer], acting_user=cast.fin_head)


def test_a_case_is_seen_by_its_department_and_by_those_it_was_shared_with(cast):
    case = _register(cast)
    assert list(Case.objects.visible_to(cast.fin_viewer)) == [case]
    assert not Case.objects.visible_to(cast.psb_officer).exists()
    actions.share_case(
        case,
        department=cast.psb,
        part="summary",
        note="咨询立案追诉标准",
        acting_user=cast.fin_head,
    )
    assert list(Case.objects.visible_to(cast.psb_officer)) == [case]
    assert not Case.objects.visible_to(cast.drc_liaison).exists()
    assert CaseGrant.objects.get().part == "summary"
    with pytest.raises(ValidationError, match="本辖区的成员单位"):
        actions.share_case(case, department=cast.other_fin, part="all", acting_user=cast.fin_head)


def test_a_decision_dated_before_the_case_was_filed_is_refused(cast):
    case = _filed(cast)
    actions.move_case(case, "investigate", acting_user=cast.fin_officer)
    actions.move_case(case, "submit", acting_user=cast.fin_officer)
    filed_on = timezone.localtime(Case.objects.get(pk=case.pk).filed_at).date()
    with pytest.raises(ValidationError) as refused:
        actions.move_case(
            case,
            "decide",
            acting_user=cast.fin_officer,
            decision_kind="penalty",
            decision_number="泉鲤政财罚〔2026〕1号",
            decision_date=filed_on - dt.timedelta(days=1),
        )
    (error,) = refused.value.error_dict["decision_date"]
    assert error.code == "before_filing"
    assert error.message == "决定日期不能早于立案日期。"
    case.refresh_from_db()
    assert case.state == CaseState.HEARING and not case.decision_number
