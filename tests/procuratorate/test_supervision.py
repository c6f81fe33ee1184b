"""立案监督 at the procuratorate, on a frozen clock, from the texts: 人民检察院刑事诉讼规则
第五百五十七条 (the procuratorate receives a suggestion, late or not), 第五百六十条 and
公安机关办理刑事案件程序规定 第一百八十二条第一款 (the police explain within 7 days of the
notice), 第一百八十二条第二款 and 刑诉规则 第五百六十三条 (the police file within 15 days of
通知立案), 第五百六十一条第二款 (the department is told within 10 days when the reasons
stand). Days count as 刑事诉讼法 第一百零五条 counts them: the day of the notice not included;
a last day on a holiday moves to the next workday."""

import pytest
from django.core.exceptions import PermissionDenied

from liandong.audit.models import AuditEntry
from liandong.notifications.models import Notification
from liandong.procuratorate import figures
from liandong.transfers import decisions, supervision
from liandong.transfers.models import State, Supervision, SupervisionDecision, SupervisionStage
from tests.transfers.support import at, frozen, sent
from tests.transfers.test_criminal import clocks, refused


def _not_filed(cast):
    transfer = sent(cast)
    from liandong.transfers import actions

    actions.accept(transfer, acting_user=cast.psb_liaison)
    return decisions.not_file(
        transfer, reason="现有证据不足以证明违法所得数额。", acting_user=cast.psb_liaison
    )


def _suggest(cast, transfer):
    decisions.suggest_supervision(
        transfer, note="陪标人违法所得24万元，已达立案追诉标准。", acting_user=cast.fin_officer
    )
    return Supervision.objects.get(transfer=transfer)


def test_reasons_asked_explained_filing_notified_and_filed(cast):
    with frozen("2026-11-02 09:00") as clock:
        transfer = _not_filed(cast)
        clock.set("2026-11-03 10:00")
        found = _suggest(cast, transfer)
        # 第五百五十七条: received at once by the procuratorate it was made to
        assert found.stage == SupervisionStage.RECEIVED and not found.late
        assert found.procuratorate == cast.procuratorate
        told = Notification.objects.get(recipient=cast.proc_officer, kind="supervision.received")
        assert told.url == f"/procuratorate/transfers/{transfer.pk}/"

        clock.set("2026-11-05 09:00")
        found = supervision.require_reasons(
            found,
            note="请书面说明不立案的情况、依据和理由。",
            number="鲤检刑监要说〔2026〕1号",
            acting_user=cast.proc_officer,
        )
        explain = clocks(transfer)[supervision.EXPLAIN_RULE]
        # 7 days from Thu 11-05: 11-06 … 11-12 (a Thursday, a workday) → due at its end
        assert explain.department == cast.psb and explain.due_at == at("2026-11-13 00:00")
        assert "第一百八十二条第一款" in explain.basis and "第五百六十条" in explain.basis

        clock.set("2026-11-10 15:00")
        supervision.explain(
            found, explanation="现有证据不能证明违法所得达到20万元。", acting_user=cast.psb_liaison
        )
        assert clocks(transfer)[supervision.EXPLAIN_RULE].state == "met"

        clock.set("2026-11-11 09:00")
        found.refresh_from_db()
        supervision.notify_filing(
            found,
            reasons="银行流水显示违法所得24万元，不立案理由不能成立。",
            number="鲤检刑监通立〔2026〕1号",
            acting_user=cast.proc_officer,
        )
        filing = clocks(transfer)[supervision.FILING_RULE]
        # 15 days from Wed 11-11: 11-12 … 11-26 (a Thursday) → due at its end
        assert filing.department == cast.psb and filing.due_at == at("2026-11-27 00:00")

        clock.set("2026-11-20 10:00")
        decisions.file(transfer, number="鲤公（经）立字〔2026〕88号", acting_user=cast.psb_liaison)
        transfer.refresh_from_db()
        found.refresh_from_db()
        assert transfer.state == State.FILED
        assert found.stage == SupervisionStage.FILED and found.filed_at == at("2026-11-20 10:00")
        assert clocks(transfer)[supervision.FILING_RULE].state == "met"
        assert Notification.objects.filter(
            recipient=cast.proc_officer, kind="supervision.filed"
        ).exists()
        assert AuditEntry.objects.filter(action="transfers.supervision.police_filed").exists()

        year = figures.for_year(cast.proc_officer, 2026)
        assert (year.copied, year.copied_filed, year.requests) == (1, 1, 1)
        assert (year.reasons_requested, year.notified_filing, year.filed_under_supervision) == (
            1,
            1,
            1,
        )
        # received 11-03 10:00, answered (通知立案) 11-11 09:00: 7.96 days
        assert year.average_days == 8.0 and year.pending == 0 and year.clocks_late == 0


def test_the_seven_days_run_across_national_day(cast):
    """Asked Mon 2026-09-28: 09-29 … 10-05 — the last day falls in the National Day holiday
    (10-01 … 10-07), so the period ends with the first workday after it, Thu 10-08."""
    with frozen("2026-09-24 09:00") as clock:
        transfer = _not_filed(cast)
        clock.set("2026-09-25 09:00")
        found = _suggest(cast, transfer)
        clock.set("2026-09-28 10:00")
        supervision.require_reasons(found, note="请说明。", acting_user=cast.proc_officer)
        assert clocks(transfer)[supervision.EXPLAIN_RULE].due_at == at("2026-10-09 00:00")


def test_reasons_stand_the_department_is_told_within_ten_days(cast):
    with frozen("2026-11-02 09:00") as clock:
        transfer = _not_filed(cast)
        found = _suggest(cast, transfer)
        supervision.require_reasons(found, note="请说明。", acting_user=cast.proc_officer)
        supervision.explain(found, explanation="证据不足。", acting_user=cast.psb_liaison)
        clock.set("2026-11-09 09:00")
        found.refresh_from_db()
        supervision.find_reasons_stand(
            found, reasons="经审查，不立案理由成立。", acting_user=cast.proc_officer
        )
        answer = clocks(transfer)[supervision.ANSWER_RULE]
        # the procuratorate's own clock: 10 days from Mon 11-09 → 11-19 (Thursday) at its end
        assert answer.department == cast.procuratorate
        assert answer.due_at == at("2026-11-20 00:00")
        assert "第五百六十一条第二款" in answer.basis
        # the department may not drop the matter while the procuratorate is on it
        refused(
            "supervision_pending",
            decisions.return_to_administration,
            transfer,
            note="依法作行政处罚。",
            acting_user=cast.fin_officer,
        )

        clock.set("2026-11-23 10:00")  # late: after the 10 days
        found.refresh_from_db()
        supervision.decline(
            found,
            answer="公安机关不立案的依据和理由：现有证据不能证明违法所得达到追诉标准。",
            number="鲤检刑监复〔2026〕2号",
            acting_user=cast.proc_officer,
        )
        found.refresh_from_db()
        assert found.stage == SupervisionStage.DECLINED
        assert found.decision == SupervisionDecision.REASONS_STAND
        answered = clocks(transfer)[supervision.ANSWER_RULE]
        assert answered.state == "met" and answered.met_at > answered.due_at
        told = Notification.objects.get(
            recipient=cast.fin_officer, kind="transfer.supervision_declined"
        )
        assert "追诉标准" in told.body
        year = figures.for_year(cast.proc_officer, 2026)
        assert (year.declined, year.clocks_late, year.pending) == (1, 1, 0)
        decisions.return_to_administration(
            transfer, note="依法作行政处罚。", acting_user=cast.fin_officer
        )


def test_declined_at_once_and_a_late_suggestion_is_received(cast):
    with frozen("2026-11-02 09:00") as clock:
        transfer = _not_filed(cast)
        clock.set("2026-11-20 09:00")  # long after the 3 days of 第九条
        found = _suggest(cast, transfer)
        assert found.late
        supervision.decline(found, answer="不立案决定正确。", acting_user=cast.proc_officer)
        found.refresh_from_db()
        assert found.stage == SupervisionStage.DECLINED
        assert found.decision == SupervisionDecision.DECLINED
        assert found.answered_on == at("2026-11-20 09:00")
        assert not any(code in clocks(transfer) for code in supervision.RULES)
        assert figures.for_year(cast.proc_officer, 2026).late_requests == 1


def test_each_side_takes_its_own_steps_in_order(cast):
    with frozen("2026-11-02 09:00"):
        found = _suggest(cast, _not_filed(cast))
        # 通知立案 follows the police's reasons (刑事诉讼法 第一百一十三条)
        error = refused(
            "wrong_state",
            supervision.notify_filing,
            found,
            reasons="x",
            acting_user=cast.proc_officer,
        )
        assert "检察院审查中" in error.messages[0]
        error = refused(
            "required", supervision.require_reasons, found, note=" ", acting_user=cast.proc_officer
        )
        assert "note" in error.error_dict
        for stranger in (cast.psb_liaison, cast.fin_head):
            with pytest.raises(PermissionDenied):
                supervision.require_reasons(found, note="请说明。", acting_user=stranger)
        supervision.require_reasons(found, note="请说明。", acting_user=cast.proc_officer)
        # only the police explain; the procuratorate and the department do not
        for stranger in (cast.proc_officer, cast.fin_officer):
            with pytest.raises(PermissionDenied):
                supervision.explain(found, explanation="x", acting_user=stranger)
        assert Supervision.objects.get(pk=found.pk).stage == SupervisionStage.REASONS_REQUESTED
