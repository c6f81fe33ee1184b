"""The criminal transfer of 国务院令第310号, end to end, with the clock frozen and moved: every
branch (filed; not filed → 复议 → upheld → 立案监督; forwarded; material requested and
completed), each clock's due time against RULES.md §1, and each document it produces."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liandong.audit.models import AuditEntry
from liandong.cases import actions as cases
from liandong.cases import timeline
from liandong.cases.models import CaseGrant
from liandong.deadlines.models import Deadline
from liandong.documents.models import IssuedDocument
from liandong.notifications.models import Notification
from liandong.transfers import actions, decisions, supervision
from liandong.transfers.models import State, Transfer
from tests.evidence.support import filed_case, item
from tests.transfers.support import at, attach_all, case_under_investigation, draft, frozen, sent


def clocks(transfer) -> dict[str, Deadline]:
    """The transfer's clocks by rule (the latest of each)."""
    found = {}
    for timer in Deadline.objects.for_object(transfer).select_related("rule").order_by("pk"):
        found[timer.rule.code] = timer
    return found


def documents(transfer) -> list[tuple[str, str, str]]:
    return [
        (d.kind, d.department.short_name, d.recipient.short_name if d.recipient else "")
        for d in IssuedDocument.objects.about(transfer).select_related("department", "recipient")
    ]


def refused(code: str, run, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        run(*args, **kwargs)
    codes = [e.code for errors in caught.value.error_dict.values() for e in errors]
    assert code in codes, (codes, caught.value.messages)
    return caught.value


def test_filed_with_material_requested_and_completed(cast):
    with frozen("2026-11-02 09:00") as clock:
        transfer = draft(cast)
        attach_all(cast, transfer)
        refused("wrong_state", actions.send, transfer, acting_user=cast.fin_officer)
        actions.submit(
            transfer, report="调查报告：3家投标人涉嫌串通投标。", acting_user=cast.fin_officer
        )
        transfer.refresh_from_db()
        assert transfer.state == State.AWAITING_APPROVAL
        assert set(transfer.team.all()) == {cast.fin_officer, cast.fin_officer2}
        # 第五条: the head decides within 3 days of the report (calendar days, from the next day)
        assert clocks(transfer)["transfer.head_decision"].due_at == at("2026-11-06 00:00")
        with pytest.raises(PermissionDenied):
            actions.approve(transfer, acting_user=cast.fin_officer)

        clock.set("2026-11-03 10:00")
        actions.approve(transfer, acting_user=cast.fin_head)
        timers = clocks(transfer)
        assert timers["transfer.head_decision"].state == "met"
        # …and approved, it reaches the police within 24 hours
        assert timers["transfer.send"].due_at == at("2026-11-04 10:00")

        clock.set("2026-11-03 15:00")
        actions.send(transfer, acting_user=cast.fin_officer)
        transfer.refresh_from_db()
        assert transfer.state == State.SENT and transfer.copied_to == cast.procuratorate
        assert clocks(transfer)["transfer.send"].state == "met"
        letter = IssuedDocument.objects.about(transfer).get()
        assert letter.kind == "criminal_transfer" and letter.number == "泉鲤政财〔2026〕1号"
        assert letter.content["copies_to"] == ["泉州市鲤城区人民检察院"]
        assert len(letter.content["attachments"]) == 4
        assert AuditEntry.objects.filter(action="transfers.transfer.copy").count() == 1
        assert CaseGrant.objects.filter(
            case=transfer.case, department=cast.psb, part="all"
        ).exists()
        assert Notification.objects.filter(
            recipient=cast.psb_liaison, kind="transfer.sent"
        ).exists()
        # 第七条、第八条: 立案 or 不予立案 within 3 days of receiving it — from the send
        assert clocks(transfer)["transfer.filing_decision"].started_at == at("2026-11-03 15:00")
        assert clocks(transfer)["transfer.filing_decision"].due_at == at("2026-11-07 00:00")

        clock.set("2026-11-03 16:00")
        actions.accept(transfer, acting_user=cast.psb_officer)
        transfer.refresh_from_db()
        assert transfer.state == State.RECEIVED and transfer.received_by == cast.psb_officer
        assert (
            Deadline.objects.for_object(transfer)
            .filter(rule__code="transfer.filing_decision")
            .count()
            == 1
        )  # signing the receipt starts nothing new

        clock.set("2026-11-04 09:00")
        actions.request_material(
            transfer, needed="请补充投标保证金转出账户的开户资料。", acting_user=cast.psb_officer
        )
        timers = clocks(transfer)
        asked = timers["transfer.material_request"]  # within 24 hours of receiving it
        assert asked.due_at == at("2026-11-04 15:00") and asked.met_at < asked.due_at
        assert timers["transfer.filing_decision"].state == "paused"
        # 3 days to complete: the last day (Saturday 11-07) is a rest day → Monday
        assert timers["transfer.material_complete"].due_at == at("2026-11-10 00:00")

        clock.set("2026-11-05 10:00")
        supplement = item(cast, transfer.case, name="开户资料.pdf", title="保证金转出账户开户资料")
        actions.attach(transfer, slot="supplement", item=supplement, acting_user=cast.fin_officer)
        actions.complete_material(
            transfer, note="已补充开户资料（证据5）。", acting_user=cast.fin_officer
        )
        timers = clocks(transfer)
        assert timers["transfer.material_complete"].state == "met"
        filing = timers["transfer.filing_decision"]
        # resumed with the 2 days it had left: from 11-05, the last day 11-07 is a Saturday
        assert filing.state == "running" and filing.due_at == at("2026-11-10 00:00")

        clock.set("2026-11-06 11:00")
        decisions.file(
            transfer, number="泉鲤公（刑）立字〔2026〕88号", acting_user=cast.psb_liaison
        )
        transfer.refresh_from_db()
        assert transfer.state == State.FILED
        assert transfer.police_number == "泉鲤公（刑）立字〔2026〕88号"
        timers = clocks(transfer)
        assert timers["transfer.filing_decision"].state == "met"
        # 第十二条: hand over within 3 days of the 立案 notice
        assert timers["transfer.handover"].due_at == at("2026-11-10 00:00")

        clock.set("2026-11-09 15:00")
        decisions.hand_over(
            transfer, items="1. 投标文件3份；2. 保证金转账凭证6张。", acting_user=cast.fin_officer
        )
        actions.give_feedback(
            transfer,
            kind="prosecution",
            text="已侦查终结，移送审查起诉。",
            acting_user=cast.psb_liaison,
        )
        transfer.refresh_from_db()
        assert transfer.state == State.HANDED_OVER
        actions.give_feedback(
            transfer,
            kind="judgment",
            text="被告人犯串通投标罪，判处有期徒刑一年。",
            acting_user=cast.psb_liaison,
        )
        transfer.refresh_from_db()
        assert transfer.state == State.CONCLUDED

    assert documents(transfer) == [
        ("criminal_transfer", "区财政局", "区公安分局"),
        ("transfer_receipt", "区公安分局", "区财政局"),
        ("material_notice", "区公安分局", "区财政局"),
        ("filing_notice", "区公安分局", "区财政局"),
        ("handover_list", "区财政局", "区公安分局"),
    ]
    assert all(t.state == "met" for t in clocks(transfer).values())
    labels = [label for _entry, label in timeline.entries_for(transfer.case)]
    for step in ("案件已移送", "接收单位签收", "公安机关立案", "接收单位反馈结果"):
        assert any(label.startswith(step) for label in labels), (step, labels)


def test_not_filed_reconsidered_upheld_then_supervision(cast):
    with frozen("2026-11-16 09:00") as clock:
        case = case_under_investigation(cast, to="hearing")
        transfer = sent(cast, case)
        clock.set("2026-11-16 12:00")
        actions.accept(transfer, acting_user=cast.psb_liaison)
        clock.set("2026-11-17 10:00")
        refused("required", decisions.not_file, transfer, reason=" ", acting_user=cast.psb_liaison)
        decisions.not_file(
            transfer, reason="现有证据不足以证明造成直接经济损失。", acting_user=cast.psb_liaison
        )
        transfer.refresh_from_db()
        assert transfer.state == State.NOT_FILED
        # 第九条: 复议 may be asked within 3 days of the notice
        assert clocks(transfer)["transfer.reconsideration_request"].due_at == at("2026-11-21 00:00")
        # no 以罚代刑 while it is with the police
        decision = {
            "decision_kind": "penalty",
            "decision_number": "泉鲤财罚〔2026〕3号",
            "decision_date": at("2026-11-17 10:00").date(),
        }
        error = refused(
            "held_back", cases.move_case, case, "decide", acting_user=cast.fin_head, **decision
        )
        assert "第十一条" in error.messages[0]

        clock.set("2026-11-18 09:00")
        decisions.request_reconsideration(
            transfer,
            reason="陪标人违法所得24万元，已达立案追诉标准。",
            acting_user=cast.fin_officer,
        )
        timers = clocks(transfer)
        assert timers["transfer.reconsideration_request"].state == "met"
        # the police decide within 3 days: the last day (Saturday 11-21) moves to Monday
        assert timers["transfer.reconsideration_decision"].due_at == at("2026-11-24 00:00")

        clock.set("2026-11-20 10:00")
        decisions.decide_reconsideration(
            transfer, upheld=True, note="维持原决定。", acting_user=cast.psb_liaison
        )
        transfer.refresh_from_db()
        assert transfer.state == State.UPHELD
        assert clocks(transfer)["transfer.supervision_request"].due_at == at("2026-11-24 00:00")

        clock.set("2026-11-23 10:00")
        decisions.suggest_supervision(
            transfer, note="认为公安机关不立案理由不能成立。", acting_user=cast.fin_officer
        )
        transfer.refresh_from_db()
        assert transfer.state == State.SUPERVISION
        suggestion = IssuedDocument.objects.about(transfer).get(kind="supervision_suggestion")
        assert suggestion.recipient == cast.procuratorate

        clock.set("2026-11-26 10:00")  # the procuratorate answers: 不予监督
        supervision.decline(
            transfer.supervision, answer="不立案理由成立。", acting_user=cast.proc_officer
        )
        clock.set("2026-11-27 10:00")
        decisions.return_to_administration(
            transfer,
            note="检察院认为不立案理由成立，依法作出行政处罚。",
            acting_user=cast.fin_officer,
        )
        transfer.refresh_from_db()
        assert transfer.state == State.RETURNED
        case = cases.move_case(case, "decide", acting_user=cast.fin_head, **decision)
        assert case.state == "decided"

    assert documents(transfer) == [
        ("criminal_transfer", "区财政局", "区公安分局"),
        ("transfer_receipt", "区公安分局", "区财政局"),
        ("non_filing_notice", "区公安分局", "区财政局"),
        ("review_request", "区财政局", "区公安分局"),
        ("review_decision", "区公安分局", "区财政局"),
        ("supervision_suggestion", "区财政局", "区检察院"),
    ]


def test_reconsideration_reversed_files_the_case(cast):
    with frozen("2026-11-02 09:00") as clock:
        transfer = sent(cast)
        actions.accept(transfer, acting_user=cast.psb_liaison)
        decisions.not_file(transfer, reason="证据不足。", acting_user=cast.psb_liaison)
        decisions.request_reconsideration(
            transfer, reason="证据充分。", acting_user=cast.fin_officer
        )
        clock.set("2026-11-03 09:00")
        decisions.decide_reconsideration(
            transfer, upheld=False, note="撤销原决定。", acting_user=cast.psb_liaison
        )
        transfer.refresh_from_db()
        assert transfer.state == State.FILED
        assert clocks(transfer)["transfer.handover"].due_at == at("2026-11-07 00:00")
        kinds = [kind for kind, _f, _t in documents(transfer)]
        assert kinds[-2:] == ["review_decision", "filing_notice"]


def test_forwarded_then_no_police_decision(cast):
    with frozen("2026-11-02 09:00") as clock:
        transfer = sent(cast)
        actions.accept(transfer, acting_user=cast.psb_liaison)
        clock.set("2026-11-03 12:00")  # 27 hours after acceptance: late, but forwarded
        actions.forward(
            transfer,
            forwarded_to="泉州市公安局经济犯罪侦查支队",
            reason="涉案金额较大，由市局管辖。",
            acting_user=cast.psb_liaison,
        )
        transfer.refresh_from_db()
        assert transfer.state == State.FORWARDED
        timers = clocks(transfer)
        forwarded = timers["transfer.police_forward"]
        assert forwarded.due_at == at("2026-11-03 09:00") and forwarded.met_at > forwarded.due_at
        assert timers["transfer.filing_decision"].state == "cancelled"
        before = AuditEntry.objects.filter(outcome="ok").count()
        error = refused("wrong_state", decisions.file, transfer, acting_user=cast.psb_liaison)
        assert "已转送其他机关" in error.messages[0]
        refused(
            "wrong_state", decisions.not_file, transfer, reason="x", acting_user=cast.psb_liaison
        )
        assert AuditEntry.objects.filter(outcome="ok").count() == before
    assert documents(transfer)[-1] == ("forward_notice", "区公安分局", "区财政局")


def test_reconsideration_after_its_three_days_is_refused_but_supervision_is_received(cast):
    """复议 may be asked within 3 days (310号令 第九条); 立案监督 should be suggested within them
    too, but the procuratorate must receive a suggestion at any time (人民检察院刑事诉讼规则
    第五百五十七条): a late one is taken and shown late, never refused."""
    from django.test import Client

    with frozen("2026-11-02 09:00") as clock:
        transfer = sent(cast)
        actions.accept(transfer, acting_user=cast.psb_liaison)
        decisions.not_file(transfer, reason="证据不足。", acting_user=cast.psb_liaison)
        clock.set("2026-11-06 00:01")
        error = refused(
            "period_over",
            decisions.request_reconsideration,
            transfer,
            reason="x",
            acting_user=cast.fin_officer,
        )
        assert "第九条" in error.messages[0]
        assert not IssuedDocument.objects.about(transfer).filter(kind="review_request").exists()

        clock.set("2026-11-20 10:00")
        decisions.suggest_supervision(
            transfer, note="认为不立案理由不能成立，建议立案监督。", acting_user=cast.fin_officer
        )
        transfer.refresh_from_db()
        assert transfer.state == State.SUPERVISION and transfer.supervision_late
        suggestion = IssuedDocument.objects.about(transfer).get(kind="supervision_suggestion")
        assert suggestion.recipient == cast.procuratorate
        clock_of = clocks(transfer)["transfer.reconsideration_request"]
        assert clock_of.state == "met" and clock_of.met_at > clock_of.due_at
        entry = AuditEntry.objects.filter(action="transfers.transfer.suggest_supervision").get()
        assert entry.after["late"] is True and "第五百五十七条" in entry.message
        browser = Client()
        browser.force_login(cast.fin_officer)
        page = browser.get(f"/transfers/{transfer.pk}/").content.decode()
        assert 'id="supervision-late"' in page
        assert browser.get(f"/api/v1/transfers/{transfer.pk}").json()["supervision_late"] is True


def test_bad_input_is_refused_with_the_rule_and_nothing_written(cast):
    case = case_under_investigation(cast)
    error = refused("wrong_kind", draft, cast, case, department=cast.samr)
    assert "公安机关" in error.messages[0]
    clue = case_under_investigation(cast, to="preliminary")
    # a clue not yet checked (初核) cannot be transferred as a crime
    refused("not_checked", draft, cast, filed_case(cast))
    transfer = draft(cast, clue)
    attach_all(cast, transfer, slots=("report", "items"))
    actions.submit(transfer, report="报告", acting_user=cast.fin_officer)
    actions.approve(transfer, acting_user=cast.fin_head)
    error = refused("missing_attachments", actions.send, transfer, acting_user=cast.fin_officer)
    assert "有关检验报告或者鉴定结论" in error.messages[0] and "第六条" in error.messages[0]
    transfer.refresh_from_db()
    assert transfer.state == State.APPROVED and transfer.sent_at is None
    assert not IssuedDocument.objects.about(transfer).exists()
    assert not CaseGrant.objects.filter(case=clue, department=cast.psb).exists()
    refused("duplicate", draft, cast, clue)
    assert Transfer.objects.filter(case=clue).count() == 1


def test_a_team_of_one_cannot_report(cast):
    case = filed_case(cast)
    case = cases.move_case(case, "review", acting_user=cast.fin_head)
    cases.assign_officers(case, officers=[cast.fin_officer], acting_user=cast.fin_head)
    transfer = draft(cast, case)
    error = refused(
        "team_too_small", actions.submit, transfer, report="报告", acting_user=cast.fin_officer
    )
    assert "第五条" in error.messages[0]


def test_who_may_take_which_step(cast):
    transfer = draft(cast)
    attach_all(cast, transfer)
    with pytest.raises(PermissionDenied):
        actions.submit(transfer, report="报告", acting_user=cast.psb_liaison)
    actions.submit(transfer, report="报告", acting_user=cast.fin_officer)
    with pytest.raises(PermissionDenied):
        actions.approve(transfer, acting_user=cast.fin_liaison)
    actions.approve(transfer, acting_user=cast.fin_head)
    actions.send(transfer, acting_user=cast.fin_officer)
    with pytest.raises(PermissionDenied):
        actions.accept(transfer, acting_user=cast.fin_officer)
    with pytest.raises(PermissionDenied):
        actions.accept(transfer, acting_user=cast.samr_liaison)
    actions.accept(transfer, acting_user=cast.psb_officer)
    assert Transfer.objects.visible_to(cast.samr_liaison).count() == 0
    assert Transfer.objects.visible_to(cast.psb_officer).count() == 1


def test_a_final_result_before_the_hand_over_ends_what_was_owed(cast):
    transfer = sent(cast)
    actions.accept(transfer, acting_user=cast.psb_liaison)
    decisions.file(transfer, acting_user=cast.psb_liaison)
    actions.give_feedback(
        transfer,
        kind="case_dropped",
        text="犯罪嫌疑人死亡，撤销案件。",
        acting_user=cast.psb_liaison,
    )
    transfer.refresh_from_db()
    assert transfer.state == State.CONCLUDED
    assert clocks(transfer)["transfer.handover"].state == "cancelled"


def test_the_api_takes_each_step_with_its_own_fields(cast):
    from django.test import Client

    transfer = sent(cast)
    police = Client()
    police.force_login(cast.psb_liaison)
    url = f"/api/v1/transfers/{transfer.pk}"
    answer = police.post(f"{url}/accept", {}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["state"] == "received"
    answer = police.post(f"{url}/file", {"reason": "x"}, content_type="application/json")
    assert answer.status_code == 422 and "reason" in answer.content.decode()
    answer = police.post(f"{url}/launch", {}, content_type="application/json")
    assert answer.status_code == 422 and "未知的步骤" in answer.content.decode()
    answer = police.post(
        f"{url}/not_file", {"reason": "证据不足。"}, content_type="application/json"
    )
    body = answer.json()
    assert answer.status_code == 200 and body["state"] == "not_filed"
    assert [d["kind"] for d in body["documents"]] == [
        "criminal_transfer",
        "transfer_receipt",
        "non_filing_notice",
    ]
    assert body["timers"][-1]["rule"] == "transfer.reconsideration_request"
    sender = Client()
    sender.force_login(cast.fin_officer)
    stale = sender.post(
        f"{url}/request_reconsideration",
        {"reason": "证据充分。", "version": 1},
        content_type="application/json",
    )
    assert stale.status_code in (409, 422) and "已被他人修改" in stale.content.decode()
    transfer.refresh_from_db()
    assert transfer.state == State.NOT_FILED


def test_the_police_clock_runs_from_the_send_and_an_unsigned_transfer_turns_overdue(cast):
    """310号令 第七条、第八条: the police sign the receipt on receipt and decide within 3 days of
    receiving the transfer. Nobody clicking 签收 stops nothing: the clock runs from the send, and
    past it both sides see the transfer overdue."""
    from django.test import Client

    from liandong.deadlines import reminders

    with frozen("2026-09-29 10:00") as clock:
        transfer = sent(cast)
        filing = clocks(transfer)["transfer.filing_decision"]
        assert filing.department == cast.psb and filing.started_at == at("2026-09-29 10:00")
        # 3 days from 09-29 end on 10-02, in the National Day holiday → 10-08 24:00
        assert filing.due_at == at("2026-10-09 00:00")

        clock.set("2026-10-09 08:00")
        reminders.sweep()
        assert clocks(transfer)["transfer.filing_decision"].state == "missed"
        for person in (cast.psb_liaison, cast.fin_officer):
            browser = Client()
            browser.force_login(person)
            listing = browser.get("/transfers/").content.decode()
            assert "已逾期" in listing, person
            page = browser.get(f"/transfers/{transfer.pk}/").content.decode()
            assert 'id="unsigned-overdue"' in page, person
            body = browser.get(f"/api/v1/transfers/{transfer.pk}").json()
            assert {"rule": "transfer.filing_decision", "state": "missed"}.items() <= next(
                t for t in body["timers"] if t["rule"] == "transfer.filing_decision"
            ).items()

        # signing late is still signing; the clock keeps its start and records the lateness
        actions.accept(transfer, acting_user=cast.psb_liaison)
        clock.set("2026-10-09 09:00")
        decisions.file(transfer, acting_user=cast.psb_liaison)
        filing = clocks(transfer)["transfer.filing_decision"]
        assert filing.state == "met" and filing.met_at > filing.due_at


def test_the_police_extend_their_review_by_a_recorded_decision_not_an_overdue(cast):
    """公通字〔2017〕25号 第十六条: 3 days, at the latest 10; 30 for a case 重大、疑难、复杂 with a
    county-level head's approval; 30 more in special circumstances with the next level's. The
    clock keeps its start (the receipt, 11-02) and its pauses."""
    from django.test import Client

    with frozen("2026-11-02 09:00") as clock:
        transfer = sent(cast)
        actions.accept(transfer, acting_user=cast.psb_liaison)
        assert clocks(transfer)["transfer.filing_decision"].due_at == at("2026-11-06 00:00")
        # straight to the special extension, or 30 days without an approver: refused
        refused(
            "wrong_order",
            decisions.extend_review,
            transfer,
            extension="special",
            reason="情况特殊。",
            approver="市局副局长李某",
            acting_user=cast.psb_liaison,
        )
        refused(
            "required",
            decisions.extend_review,
            transfer,
            extension="complex",
            reason="跨区域。",
            acting_user=cast.psb_liaison,
        )
        with pytest.raises(PermissionDenied):
            decisions.extend_review(
                transfer, extension="ten_days", reason="x", acting_user=cast.fin_officer
            )

        clock.set("2026-11-04 10:00")
        decisions.extend_review(
            transfer,
            extension="ten_days",
            reason="需向银行调取保证金转账流水。",
            acting_user=cast.psb_officer,
        )
        filing = Deadline.objects.for_object(transfer).open().get()
        # 10 days from 11-02: Thu 11-12
        assert filing.rule.code == "transfer.filing_decision_extended"
        assert filing.started_at == at("2026-11-02 09:00")
        assert filing.due_at == at("2026-11-13 00:00") and "第十六条" in filing.basis
        assert Notification.objects.filter(
            recipient=cast.fin_officer, kind="transfer.review_extended"
        ).exists()

        # material asked and completed meanwhile: the extended clock stops and resumes
        clock.set("2026-11-05 10:00")
        actions.request_material(transfer, needed="开户资料。", acting_user=cast.psb_officer)
        assert Deadline.objects.for_object(transfer).get(pk=filing.pk).state == "paused"
        clock.set("2026-11-09 10:00")
        actions.complete_material(transfer, note="已补充。", acting_user=cast.fin_officer)
        filing = Deadline.objects.for_object(transfer).get(pk=filing.pk)
        # 3 of 10 days used (11-03, 04, 05); 7 left from 11-09: Mon 11-16
        assert filing.state == "running" and filing.last_day == dt.date(2026, 11, 16)

        clock.set("2026-11-12 10:00")
        decisions.extend_review(
            transfer,
            extension="complex",
            reason="涉及三个区县的投标人，案情复杂。",
            approver="区公安分局局长王某",
            acting_user=cast.psb_liaison,
        )
        filing.refresh_from_db()
        # 30 days: 27 left after the pause, from 11-09 → 12-06, a Sunday → Mon 12-07
        assert filing.rule.code == "transfer.filing_decision_complex"
        assert filing.last_day == dt.date(2026, 12, 7)

        clock.set("2026-12-01 10:00")
        browser = Client()
        browser.force_login(cast.psb_liaison)
        answer = browser.post(
            f"/api/v1/transfers/{transfer.pk}/extend_review",
            {
                "extension": "special",
                "reason": "需等待跨省协查结果。",
                "approver": "泉州市公安局副局长陈某",
            },
            content_type="application/json",
        )
        assert answer.status_code == 200, answer.content
        body = answer.json()
        assert [e["kind"] for e in body["extensions"]] == ["ten_days", "complex", "special"]
        assert body["extensions"][-1]["approver"] == "泉州市公安局副局长陈某"
        filing.refresh_from_db()
        # 60 days: 57 left from 11-09 → 2027-01-05, a year not yet arranged (assumed)
        assert filing.last_day == dt.date(2027, 1, 5) and filing.assumed_years == [2027]
        assert filing.state == "running"  # an extension is a decision, not an overdue

        page = browser.get(f"/transfers/{transfer.pk}/").content.decode()
        assert 'id="extensions"' in page and "区公安分局局长王某" in page

        # an extension is decided within the running period, not after it
        late = sent(cast)
        clock.set("2026-12-05 10:00")  # the 3 days from 12-01 ended on 12-04 24:00
        actions.accept(late, acting_user=cast.psb_liaison)  # signed late, still signed
        error = refused(
            "period_over",
            decisions.extend_review,
            late,
            extension="ten_days",
            reason="x",
            acting_user=cast.psb_liaison,
        )
        assert "届满" in error.messages[0]


def test_the_penalty_clock_stops_while_the_case_is_with_the_police(cast):
    """行政处罚法 第六十条: 90 days from 立案 for the penalty decision — but no penalty may stand in
    for the transfer while the police have the case (310号令 第十一条), so those days do not
    count: the clock stops at the send and runs on, with what it had left, when the case comes
    back to the administrative track."""
    with frozen("2026-03-02 09:00") as clock:
        case = case_under_investigation(cast, to="hearing")  # 立案 on 03-02
        penalty = Deadline.objects.for_object(case).get(rule__code="case.penalty_decision")
        assert penalty.last_day == dt.date(2026, 6, 1)  # 90 days end Sunday 05-31 → Monday
        clock.set("2026-03-12 10:00")  # 10 days used
        transfer = sent(cast, case)
        penalty.refresh_from_db()
        assert (penalty.state, penalty.pause_reason) == ("paused", "transfer")
        actions.accept(transfer, acting_user=cast.psb_liaison)
        clock.set("2026-03-13 10:00")
        decisions.not_file(transfer, reason="证据不足。", acting_user=cast.psb_liaison)
        clock.set("2026-04-20 10:00")
        decisions.return_to_administration(
            transfer, note="不再提出异议，依法作出行政处罚。", acting_user=cast.fin_officer
        )
        penalty.refresh_from_db()
        # 80 days left, from 04-20: 07-09 (a Thursday)
        assert penalty.state == "running" and penalty.counted_amount == 80
        assert penalty.last_day == dt.date(2026, 7, 9)
        assert "第十一条" in penalty.basis
