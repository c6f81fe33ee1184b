"""投诉处理 on a frozen clock across National Day 2026, from 财政部令第94号: review within 5
workdays (第二十一条), copies within 8 workdays of the receipt (第二十一条（四）), the respondent's
answer within 5 workdays (第二十二条), the decision within 30 workdays of the receipt with 补正
and 专家评审 not counted (第二十六条、第二十七条), procurement suspended at most 30 days
(第二十八条), the window of 15 workdays after the 质疑 answer (第十七条). 2026: Sunday 09-20 a
workday, 中秋 09-25, 国庆 10-01…10-07, Saturday 10-10 a workday."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liandong.complaints import actions
from liandong.complaints.models import State
from liandong.documents.models import IssuedDocument
from tests.complaints.support import received
from tests.transfers.support import at, frozen
from tests.transfers.test_criminal import clocks, refused


def test_received_reviewed_accepted_and_decided_across_national_day(cast):
    with frozen("2026-09-29 10:00") as clock:
        complaint = received(cast, answer_due_on=dt.date(2026, 9, 18))
        # 第十七条: 15 workdays after Fri 09-18 (Sunday 09-20 a workday) end with Thu 10-15
        assert not complaint.late
        assert actions.window_end(dt.date(2026, 9, 18)) == at("2026-10-16 00:00")
        timers = clocks(complaint)
        # 5 workdays: 09-30, 10-08, 10-09, Sat 10-10 (a workday), 10-12
        assert timers["complaint.review"].due_at == at("2026-10-13 00:00")
        # 30 workdays from Tue 09-29 end with Mon 11-16
        assert timers["complaint.decision"].due_at == at("2026-11-17 00:00")

        clock.set("2026-10-08 09:00")
        actions.request_amendment(
            complaint,
            needed="请补充质疑答复函。",
            due_on=dt.date(2026, 10, 12),
            acting_user=cast.fin_officer,
        )
        complaint.refresh_from_db()
        assert complaint.state == State.AMENDING
        timers = clocks(complaint)
        assert timers["complaint.review"].state == "met"
        assert timers["complaint.decision"].state == "paused"  # 第二十七条: 补正 does not count
        error = refused(
            "wrong_state",
            actions.request_amendment,
            complaint,
            needed="再补充。",
            due_on=dt.date(2026, 10, 20),
            acting_user=cast.fin_officer,
        )
        assert "待投诉人补正" in error.messages[0]

        clock.set("2026-10-12 09:00")
        actions.record_amendment(complaint, acting_user=cast.fin_officer)
        decision_due = clocks(complaint)["complaint.decision"]
        assert decision_due.state == "running" and decision_due.due_at > at("2026-11-17 00:00")

        clock.set("2026-10-12 10:00")
        actions.accept(complaint, acting_user=cast.fin_officer)
        # copies within 8 workdays of the receipt: … 10-13, 10-14, 10-15
        assert clocks(complaint)["complaint.copy_to_respondents"].due_at == at("2026-10-16 00:00")

        clock.set("2026-10-13 09:00")
        actions.send_copies(complaint, to="泉州市鲤城区某某中学", acting_user=cast.fin_officer)
        actions.suspend(complaint, acting_user=cast.fin_officer)
        timers = clocks(complaint)
        assert timers["complaint.copy_to_respondents"].state == "met"
        # the respondent: 10-14, 10-15, 10-16, 10-19, 10-20
        assert timers["complaint.respondent_reply"].due_at == at("2026-10-21 00:00")
        # suspension: 30 days from 10-13, the last day Thu 11-12
        assert timers["complaint.suspension"].due_at == at("2026-11-13 00:00")
        notice = IssuedDocument.objects.about(complaint).get(kind="complaint_copy_notice")
        assert "第二十二条" in " ".join(str(b) for b in notice.content["body"])

        clock.set("2026-10-19 09:00")
        actions.pause(complaint, reason="expert_review", acting_user=cast.fin_officer)
        assert clocks(complaint)["complaint.decision"].state == "paused"
        clock.set("2026-10-20 09:00")
        actions.record_reply(
            complaint, reply="评分因素系依据本地履约需要设置。", acting_user=cast.fin_officer
        )
        actions.unpause(complaint, acting_user=cast.fin_officer)

        clock.set("2026-10-22 15:00")
        with pytest.raises(PermissionDenied):  # the head decides (第三十三条: 加盖公章)
            actions.decide(complaint, outcome="upheld", decision="x", acting_user=cast.fin_officer)
        actions.decide(
            complaint,
            outcome="upheld",
            decision="采购文件将特定地区业绩作为加分条件，构成对供应商的差别待遇，责令修改采购文件后重新开展采购活动。",
            acting_user=cast.fin_head,
        )
        complaint.refresh_from_db()
        assert complaint.state == State.DECIDED
        assert clocks(complaint)["complaint.decision"].state == "met"
        decision = IssuedDocument.objects.about(complaint).get(kind="complaint_decision")
        text = " ".join(str(b) for b in decision.content["body"])
        assert "行政复议" in text and "第三十一条" in text
        # procurement stays suspended until it is resumed
        assert complaint.suspended
        actions.resume(complaint, acting_user=cast.fin_officer)
        assert clocks(complaint)["complaint.suspension"].state == "met"


def test_refused_redirected_late_and_withdrawn(cast):
    with frozen("2026-11-02 09:00") as clock:
        late = received(cast, answer_due_on=dt.date(2026, 9, 30))
        assert late.late  # 15 workdays after 09-30 ended on 10-23
        clock.set("2026-11-04 09:00")
        actions.refuse_complaint(
            late, reason="超过第十七条规定的投诉期限。", acting_user=cast.fin_officer
        )
        late.refresh_from_db()
        assert late.state == State.NOT_ACCEPTED
        timers = clocks(late)
        assert timers["complaint.refusal_notice"].state == "met"
        assert timers["complaint.decision"].state == "cancelled"
        assert IssuedDocument.objects.about(late).filter(kind="complaint_refusal").exists()

        elsewhere = received(cast, answer_due_on=dt.date(2026, 10, 30))
        actions.redirect(
            elsewhere,
            to="泉州市财政局",
            reason="采购项目由市级预算单位组织，属于市财政局管辖。",
            acting_user=cast.fin_officer,
        )
        elsewhere.refresh_from_db()
        assert elsewhere.state == State.REDIRECTED

        withdrawn = received(cast, answer_due_on=dt.date(2026, 10, 30))
        actions.accept(withdrawn, acting_user=cast.fin_officer)
        actions.suspend(withdrawn, acting_user=cast.fin_officer)
        actions.withdraw(withdrawn, reason="投诉人书面申请撤回。", acting_user=cast.fin_officer)
        withdrawn.refresh_from_db()
        timers = clocks(withdrawn)
        assert withdrawn.state == State.WITHDRAWN
        assert timers["complaint.decision"].state == "cancelled"
        assert timers["complaint.suspension"].state == "running"  # until resumed
        actions.resume(withdrawn, acting_user=cast.fin_officer)


def test_bad_input_and_who_may(cast):
    with frozen("2026-11-02 09:00"):
        error = refused("required", received, cast, complainant=" ", matters="")
        assert {"complainant", "matters"} <= set(error.error_dict)
        refused("after_receipt", received, cast, answer_due_on=dt.date(2026, 11, 3))
        with pytest.raises(PermissionDenied):
            actions.receive(
                cast.psb,
                acting_user=cast.psb_liaison,
                complainant="x",
                complainant_contact="x",
                respondent="x",
                project="x",
                matters="x",
                grounds="x",
                answer_due_on=dt.date(2026, 10, 30),
            )
        complaint = received(cast, answer_due_on=dt.date(2026, 10, 30))
        refused(
            "invalid",
            actions.request_amendment,
            complaint,
            needed="补充。",
            due_on=dt.date(2026, 11, 2),
            acting_user=cast.fin_officer,
        )
        for stranger in (cast.psb_liaison, cast.fin_viewer, cast.admin, cast.proc_officer):
            with pytest.raises(PermissionDenied):
                actions.accept(complaint, acting_user=stranger)
