"""Credit records: the workflow table walked step by step, the rules applied when a record is
entered (listing, periods, ban length) and the bad input of the issue."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from liandong.audit.models import AuditEntry
from liandong.credit import actions, entry, period_table
from liandong.credit.models import (
    TRANSITIONS,
    CreditRecord,
    Push,
    PushState,
    RecordKind,
    RecordState,
)
from tests.credit.support import entered, record_values, reviewed
from tests.transfers.support import frozen


def _codes(exc: ValidationError) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in exc.error_dict.items()}


def test_a_fine_of_three_wan_or_more_makes_a_serious_violation_record_and_says_why(cast):
    record = entered(cast, fine="30000", ban_start=None, ban_end=None, kind="penalty")
    assert record.kind == RecordKind.SERIOUS
    assert "罚款30000.00元，达到三万元以上的标准" in record.listing_explanation
    assert "财办库〔2014〕526号" in record.listing_explanation


def test_a_small_fine_stays_an_administrative_penalty_and_cannot_be_called_serious(cast):
    record = entered(cast, fine="29999.99", ban_start=None, ban_end=None, kind="penalty")
    assert record.kind == RecordKind.PENALTY
    assert "不在政府采购严重违法失信行为记录名单内" in record.listing_explanation
    with pytest.raises(ValidationError) as refused:
        entered(cast, fine="5000", ban_start=None, ban_end=None, kind="serious")
    assert _codes(refused.value) == {"kind": ["not_listed"]}


def test_the_publication_period_follows_the_rules_in_force_on_the_decision_date(cast):
    before = entered(
        cast, decision_date=dt.date(2026, 3, 31), ban_start=None, ban_end=None, severity="general"
    )
    after = entered(
        cast,
        decision_number="泉鲤政财〔2026〕6号",
        decision_date=dt.date(2026, 4, 1),
        ban_start=None,
        ban_end=None,
        severity="general",
    )
    assert before.publication_end == dt.date(2029, 3, 31)  # 2023: up to three years
    assert "令第58号" in before.period_explanation
    assert after.publication_end == dt.date(2027, 4, 1)  # 2026: 一般 up to one year
    assert "信用修复管理办法" in after.period_explanation


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"subject_code": "914403001922038217"}, "subject_code", "uscc_checksum"),
        ({"fine": "3000000000000"}, "fine", "implausible"),
        ({"fine": "-5"}, "fine", "negative"),
        ({"publication_end": dt.date(2026, 11, 1)}, "publication_end", "before_decision"),
        ({"publication_end": dt.date(2031, 1, 1)}, "publication_end", "outside_period"),
        ({"ban_end": dt.date(2027, 5, 1)}, "ban_end", "ban_length"),
        ({"ban_end": dt.date(2026, 10, 1)}, "ban_end", "before_start"),
        ({"decision_date": dt.date(2099, 1, 1)}, "decision_date", "future"),
        ({"decision_number": "第5号"}, "decision_number", "format"),
        ({"legal_representative": ""}, "legal_representative", "required"),
        ({"subject_category": "自然人", "subject_code": ""}, "id_number", "required"),
        ({"kind": "ban", "ban_start": None, "ban_end": None}, "ban_start", "required"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(cast, changes, field, code):
    with pytest.raises(ValidationError) as refused:
        entered(cast, **changes)
    assert code in _codes(refused.value).get(field, []), refused.value
    assert not CreditRecord.objects.exists()
    assert AuditEntry.objects.filter(action="credit.record.create", outcome="invalid").exists()


def test_an_implausible_fine_says_what_went_wrong(cast):
    with pytest.raises(ValidationError) as refused:
        entered(cast, fine="3000000000000")
    message = refused.value.message_dict["fine"][0]
    assert "超出合理范围" in message and "万元" in message


def test_a_natural_persons_id_number_is_sealed_and_shown_masked(cast):
    record = entered(
        cast,
        subject_name="张某某",
        subject_category="自然人",
        subject_code="",
        legal_representative="",
        id_number="11010519491231002X",
    )
    assert record.masked_id_number == "**************002X"
    assert "11010519491231002X" not in record.id_number_sealed
    row = actions.export_row(record)
    assert row["证件号码"] == "11010519491231002X"
    assert row["证件类型"] == "身份证"


# ---------------------------------------------------------------- the workflow table


def _in_state(cast, state):
    record = entered(cast)
    if state == RecordState.DRAFT:
        return record
    record = actions.submit_record(record, acting_user=cast.fin_officer)
    if state == RecordState.SUBMITTED:
        return record
    record = actions.review_record(record, acting_user=cast.drc_liaison)
    if state == RecordState.REVIEWED:
        return record
    record = actions.publish_record(record, acting_user=cast.drc_liaison, note="人工录入。")
    if state == RecordState.PUBLISHED:
        return record
    if state == RecordState.WITHDRAWN:
        return actions.withdraw_record(record, reason="撤销。", acting_user=cast.drc_liaison)
    if state == RecordState.EXPIRED:
        actions.expire_records(today=record.publication_end + dt.timedelta(days=1))
        return CreditRecord.objects.get(pk=record.pk)
    raise AssertionError(state)


STEPS = {
    "edit": lambda c, r: actions.update_record(r, fine="6000", acting_user=c.fin_officer),
    "submit": lambda c, r: actions.submit_record(r, acting_user=c.fin_officer),
    "return": lambda c, r: actions.return_record(r, reason="补充。", acting_user=c.drc_liaison),
    "review": lambda c, r: actions.review_record(r, acting_user=c.drc_liaison),
    "publish": lambda c, r: actions.publish_record(r, note="人工录入。", acting_user=c.drc_liaison),
    "withdraw": lambda c, r: actions.withdraw_record(r, reason="撤销。", acting_user=c.drc_liaison),
}
STATES = [
    RecordState.DRAFT,
    RecordState.SUBMITTED,
    RecordState.REVIEWED,
    RecordState.PUBLISHED,
    RecordState.EXPIRED,
    RecordState.WITHDRAWN,
]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("step", sorted(STEPS))
def test_every_step_is_allowed_exactly_from_the_states_of_the_table(cast, state, step):
    record = _in_state(cast, state)
    sources, target = TRANSITIONS[step]
    if state in sources:
        done = STEPS[step](cast, record)
        assert done.state == (target or state)
    else:
        with pytest.raises(ValidationError) as refused:
            STEPS[step](cast, record)
        assert _codes(refused.value) == {"state": ["wrong_state"]}
        assert CreditRecord.objects.get(pk=record.pk).state == state


def test_only_drc_reviews_and_only_the_deciding_department_edits(cast):
    record = entered(cast)
    with pytest.raises(PermissionDenied):
        actions.update_record(record, fine="1", acting_user=cast.samr_liaison)
    record = actions.submit_record(record, acting_user=cast.fin_officer)
    for outsider in (cast.fin_head, cast.samr_liaison, cast.psb_liaison):
        with pytest.raises(PermissionDenied):
            actions.review_record(record, acting_user=outsider)


def test_submitting_checks_the_record_as_the_shuanggongshi_layout_would(cast, settings):
    record = entered(cast)
    cast.fin.uscc = ""
    cast.fin.save()
    with pytest.raises(ValidationError) as refused:
        actions.submit_record(record, acting_user=cast.fin_officer)
    assert "处罚机关统一社会信用代码为必填项" in refused.value.messages[0]


def test_a_returned_draft_is_corrected_and_submitted_again(cast):
    record = actions.submit_record(entered(cast), acting_user=cast.fin_officer)
    record = actions.return_record(record, reason="罚款金额有误。", acting_user=cast.drc_liaison)
    assert (record.state, record.review_note) == (RecordState.DRAFT, "罚款金额有误。")
    record = actions.update_record(record, fine="19000", acting_user=cast.fin_officer)
    record = actions.submit_record(record, acting_user=cast.fin_officer)
    assert record.state == RecordState.SUBMITTED


def test_a_stale_edit_is_refused(cast):
    record = entered(cast)
    version = record.version
    actions.update_record(record, fine="100", acting_user=cast.fin_officer)
    with pytest.raises(ValidationError) as refused:
        actions.update_record(
            record, fine="200", expected_version=version, acting_user=cast.fin_officer
        )
    assert _codes(refused.value) == {"version": ["stale"]}


def test_withdrawing_a_published_record_queues_its_withdrawal_and_cancels_nothing_sent(cast):
    record = reviewed(cast)
    record = actions.publish_record(record, note="人工录入。", acting_user=cast.drc_liaison)
    assert Push.objects.get(record=record).state == PushState.MANUAL  # never sent now
    actions.withdraw_record(record, reason="决定被撤销。", acting_user=cast.fin_head)
    operations = dict(Push.objects.filter(record=record).values_list("operation", "state"))
    assert operations == {"publish": PushState.MANUAL, "withdraw": PushState.WAITING}


def test_withdrawing_a_reviewed_record_cancels_its_waiting_push(cast):
    record = reviewed(cast)
    actions.withdraw_record(record, reason="录入错误。", acting_user=cast.drc_liaison)
    assert list(Push.objects.filter(record=record).values_list("state", flat=True)) == [
        PushState.CANCELLED
    ]


def test_repair_waits_for_the_shortest_period_and_the_ban(cast):
    with frozen("2026-11-10 09:00") as clock:
        record = reviewed(cast)
        record = actions.publish_record(record, note="人工录入。", acting_user=cast.drc_liaison)
        with pytest.raises(ValidationError) as refused:
            actions.repair_record(record, reason="已整改。", acting_user=cast.drc_liaison)
        assert "2027-11-03前不能信用修复" in refused.value.messages[0]
        clock.set("2027-11-03 09:00")
        record = actions.repair_record(record, reason="已整改。", acting_user=cast.drc_liaison)
    assert record.state == RecordState.REPAIRED
    assert Push.objects.filter(record=record, operation="withdraw").exists()


def test_publication_stops_when_its_period_has_run(cast):
    record = reviewed(cast)
    record = actions.publish_record(record, note="人工录入。", acting_user=cast.drc_liaison)
    assert actions.expire_records(today=record.publication_end) == 0
    assert actions.expire_records(today=record.publication_end + dt.timedelta(days=1)) == 1
    assert actions.expire_records(today=record.publication_end + dt.timedelta(days=2)) == 0
    record.refresh_from_db()
    assert record.state == RecordState.EXPIRED
    assert AuditEntry.objects.filter(action="credit.record.expire").count() == 1


def test_a_new_version_of_the_periods_applies_from_its_date(cast):
    period_table.add_period_version(
        since=dt.date(2026, 11, 20),
        title="《某新规定》",
        basis="《某新规定》第五条：一般失信行为公示六个月。",
        terms={"minor": [0, 3, False], "general": [6, 6, True], "serious": [12, 36, True]},
        acting_user=cast.admin,
    )
    old = entered(cast, decision_date=dt.date(2026, 11, 19), severity="general", **_no_ban())
    new = entered(
        cast,
        decision_number="泉鲤政财〔2026〕6号",
        decision_date=dt.date(2026, 11, 20),
        severity="general",
        **_no_ban(),
    )
    assert old.publication_end == dt.date(2027, 11, 19)
    assert new.publication_end == dt.date(2027, 5, 20)
    assert "《某新规定》" in new.period_explanation
    with pytest.raises(PermissionDenied):
        period_table.add_period_version(
            since=dt.date(2027, 1, 1), title="x", basis="y", terms={}, acting_user=cast.fin_head
        )


def _no_ban():
    return {"ban_start": None, "ban_end": None, "kind": "penalty", "fine": "1000"}


def test_the_values_used_by_the_forms_are_all_known(cast):
    assert set(record_values()) <= set(entry.FIELDS)


def test_a_penalty_decided_before_2023_05_01_is_entered_with_a_warning_not_refused(cast):
    """A penalty of 2022 may still list a supplier for three years (财办库〔2014〕526号): it is
    entered, counted by the earliest rule entered, and the explanation says so."""
    record = entered(
        cast,
        decision_date=dt.date(2022, 6, 1),
        ban_start=dt.date(2022, 6, 1),
        ban_end=dt.date(2023, 5, 31),
        severity="general",
    )
    assert record.pk and "早于已录入的公示期规则" in record.period_explanation
    assert "527号" in record.period_explanation
    assert record.publication_end == dt.date(2025, 6, 1)  # three years under the 2023 rule


def test_a_listed_penalty_defaults_to_serious_and_a_small_one_to_general(cast):
    """财办库〔2014〕526号: a fine of 3万元 or more, or a ban, lists the supplier; unless the
    officer chooses, its 失信程度 is then 严重."""
    listed = entered(cast, severity="", fine="30000.00", ban_start=None, ban_end=None)
    assert listed.severity == "serious"
    small = entered(
        cast,
        severity="",
        fine="5000.00",
        ban_start=None,
        ban_end=None,
        decision_number="泉鲤政财〔2026〕6号",
    )
    assert small.severity == "general"
    chosen = entered(
        cast,
        severity="general",
        fine="30000.00",
        ban_start=None,
        ban_end=None,
        decision_number="泉鲤政财〔2026〕7号",
    )
    assert chosen.severity == "general"  # the officer's choice stands
