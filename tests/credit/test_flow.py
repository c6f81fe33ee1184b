"""Done when: a FIN penalty decision → a published credit record → its push after two failures →
the supplier check reports the ban with its end date; after the end date, not barred."""

import datetime as dt

from liandong.credit import actions, check, entry, push
from liandong.credit.models import Push, PushState, RecordKind, RecordState
from liandong.deadlines.models import Deadline, DeadlineState
from tests.credit.support import SUPPLIER, SUPPLIER_CODE, Platform, decided_case, entered
from tests.transfers.support import at, frozen


def test_a_penalty_reaches_the_credit_platform_and_the_supplier_check(cast, settings):
    with frozen("2026-11-02 09:00") as clock:
        case = decided_case(cast)
        (timer,) = Deadline.objects.for_object(case).filter(rule__code="credit.online")
        # 7 workdays from 11-02 (not counted): 11-03 … 11-11, ends 24:00 of Wednesday 11-11.
        assert timer.due_at == at("2026-11-12 00:00")
        assert timer.state == DeadlineState.RUNNING

        prefilled = entry.prefill(case)
        assert prefilled["subject_name"] == SUPPLIER
        assert prefilled["subject_code"] == SUPPLIER_CODE
        assert prefilled["decision_number"] == "泉鲤政财〔2026〕5号"
        record = entered(cast, case=case, kind="ban")
        assert record.kind == RecordKind.BAN
        assert "禁止参加政府采购活动2026-11-02至2027-11-01，期限未满" in record.listing_explanation
        # 2026 rules (信用修复管理办法): 严重 — one to three years.
        assert record.publication_end == dt.date(2029, 11, 2)
        assert record.earliest_repair == dt.date(2027, 11, 3)  # once the shortest year has run

        record = actions.submit_record(record, acting_user=cast.fin_officer)
        clock.set("2026-11-03 10:00")
        record = actions.review_record(record, acting_user=cast.drc_liaison)
        assert record.state == RecordState.REVIEWED
        (queued,) = Push.objects.filter(record=record)

        with Platform(failures=2, status=500) as platform:
            settings.CREDIT_PUSH_URL = platform.url
            assert push.send_due() == {"sent": 0, "failed": 1}
            queued.refresh_from_db()
            assert (queued.state, queued.attempts) == (PushState.RETRYING, 1)
            assert queued.next_attempt_at == at("2026-11-03 10:01")
            assert push.send_due() == {"sent": 0, "failed": 0}  # not yet due

            clock.set("2026-11-03 10:01")
            assert push.send_due() == {"sent": 0, "failed": 1}
            queued.refresh_from_db()
            assert queued.next_attempt_at == at("2026-11-03 10:06")

            clock.set("2026-11-03 10:06")
            assert push.send_due() == {"sent": 1, "failed": 0}
            clock.set("2026-11-04 10:06")
            assert push.send_due() == {"sent": 0, "failed": 0}  # never twice

        assert len(platform.requests) == 3
        assert {r["key"] for r in platform.requests} == {str(queued.idempotency_key)}
        sent = platform.requests[-1]["body"]
        assert sent["operation"] == "publish"
        assert sent["record"]["行政相对人代码_1（统一社会信用代码）"] == SUPPLIER_CODE
        assert sent["record"]["罚款金额（万元）"] == "1.932500"
        queued.refresh_from_db()
        assert queued.state == PushState.SENT
        tries = list(queued.tries.values_list("number", "ok", "status_code"))
        assert tries == [(1, False, 500), (2, False, 500), (3, True, 200)]
        record.refresh_from_db()
        assert record.state == RecordState.PUBLISHED
        timer.refresh_from_db()
        assert timer.state == DeadlineState.MET

    during = check.check_one(code=SUPPLIER_CODE, day=dt.date(2027, 6, 1))
    assert during.barred
    assert during.until == dt.date(2027, 11, 1)
    assert "泉鲤政财〔2026〕5号" in during.explanation
    assert "2027-11-01" in during.explanation
    assert during.records == [record.pk]
    by_name = check.check_one(name=f" {SUPPLIER} ", day=dt.date(2027, 11, 1))
    assert by_name.barred and by_name.until == dt.date(2027, 11, 1)

    after = check.check_one(code=SUPPLIER_CODE, day=dt.date(2027, 11, 2))
    assert not after.barred
    assert after.until is None
    assert "未被禁止参加政府采购活动" in after.explanation


def test_a_minor_penalty_after_2026_04_01_owes_no_online_publication(cast):
    """From 2026-04-01 (信用修复管理办法) 轻微失信 penalty information is normally not published,
    so the 7-workday 双公示 clock is withdrawn when the record says so; before that date every
    penalty is published and the clock stays."""
    with frozen("2026-11-02 09:00"):
        case = decided_case(cast)
        entered(cast, case=case, severity="minor", fine="1000.00", ban_start=None, ban_end=None)
        (timer,) = Deadline.objects.for_object(case).filter(rule__code="credit.online")
        assert timer.state == DeadlineState.CANCELLED and "不予公示" in timer.closed_note
    with frozen("2026-03-02 09:00"):
        earlier = decided_case(cast, day=dt.date(2026, 3, 2), number="泉鲤政财〔2026〕2号")
        entered(
            cast,
            case=earlier,
            severity="minor",
            fine="1000.00",
            ban_start=None,
            ban_end=None,
            decision_date=dt.date(2026, 3, 2),
            decision_number="泉鲤政财〔2026〕2号",
        )
        (timer,) = Deadline.objects.for_object(earlier).filter(rule__code="credit.online")
        assert timer.state == DeadlineState.RUNNING  # the 2023 rules publish every penalty
