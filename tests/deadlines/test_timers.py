"""Timers, rules and the entered calendar, through the actions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from liandong.audit.models import AuditEntry
from liandong.deadlines import actions, calendars, imports
from liandong.deadlines.models import CalendarYear, Deadline, DeadlineRule, DeadlineState
from liandong.deadlines.periods import CHINA
from liandong.deadlines.rules import SEED


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)


def _start(cast, code, start):
    return actions.start_deadline(
        cast.fin_liaison,
        rule=code,
        department=cast.fin,
        start=at(start),
        acting_user=cast.fin_officer,
    )


def test_every_rule_of_rules_md_is_seeded_with_its_basis(db):
    rules = {r.code: r for r in DeadlineRule.objects.all()}
    assert set(rules) == {seed.code for seed in SEED}
    assert rules["transfer.send"].amount == 24 and rules["transfer.send"].unit == "hours"
    assert "第五条" in rules["transfer.head_decision"].basis
    assert rules["complaint.decision"].pausable
    assert (rules["consultation.answer"].amount, rules["consultation.answer_urgent"].amount) == (
        5,
        2,
    )


def test_a_timer_names_its_object_and_rule_and_copies_the_figures(cast):
    deadline = _start(cast, "consultation.answer", "2026-09-30 17:00")
    assert deadline.subject == cast.fin_liaison
    assert deadline.rule.code == "consultation.answer"
    assert deadline.last_day == dt.date(2026, 10, 13)  # hand-checked in test_periods
    assert deadline.due_at == at("2026-10-14 00:00")
    assert "及时答复" in deadline.basis
    entry = AuditEntry.objects.filter(action="deadlines.deadline.start").latest("seq")
    assert entry.after["rule"] == "consultation.answer"


def test_a_rule_change_applies_to_timers_started_afterwards(cast):
    rule = DeadlineRule.objects.get(code="consultation.answer")
    before = _start(cast, "consultation.answer", "2026-03-02 09:00")
    actions.update_rule(rule, amount=7, unit="workdays", acting_user=cast.admin)
    after = _start(cast, "consultation.answer", "2026-03-02 09:00")
    before.refresh_from_db()
    assert before.last_day == dt.date(2026, 3, 9)  # still 5 workdays
    assert after.last_day == dt.date(2026, 3, 11)  # 7 workdays
    entry = AuditEntry.objects.filter(action="deadlines.rule.update").latest("seq")
    assert (entry.before, entry.after) == ({"amount": 5}, {"amount": 7})


@pytest.mark.parametrize(
    ("code", "amount", "unit", "field"),
    [
        ("consultation.answer", 0, "workdays", "amount"),
        ("consultation.answer", -3, "workdays", "amount"),
        ("consultation.answer", 5, "fortnights", "unit"),
        ("transfer.send", 48, "hours", "amount"),  # set by Decree 310, not configurable
    ],
)
def test_bad_rule_figures_are_refused(cast, code, amount, unit, field):
    rule = DeadlineRule.objects.get(code=code)
    with pytest.raises(ValidationError) as refused:
        actions.update_rule(rule, amount=amount, unit=unit, acting_user=cast.admin)
    assert field in refused.value.message_dict
    rule.refresh_from_db()
    assert rule.amount == {"consultation.answer": 5, "transfer.send": 24}[code]


def test_a_paused_timer_resumes_with_the_time_it_had_left(cast):
    deadline = _start(cast, "complaint.decision", "2026-03-02 09:00")
    calendar = calendars.current()
    first_last_day = deadline.last_day
    actions.pause_deadline(
        deadline, reason="testing", acting_user=cast.fin_officer, at=at("2026-03-05 10:00")
    )
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.PAUSED
    resumed = actions.resume_deadline(
        deadline, acting_user=cast.fin_officer, at=at("2026-03-16 09:00")
    )
    # Three workdays (03-03, 04, 05) were used before the pause; 27 remain after 03-16.
    day, counted = dt.date(2026, 3, 16), 0
    while day < resumed.last_day:
        day += dt.timedelta(days=1)
        counted += calendar.is_workday(day)
    assert counted == 27
    assert resumed.last_day > first_last_day
    assert resumed.paused_total == dt.timedelta(days=10, hours=23)
    assert resumed.state == DeadlineState.RUNNING


def test_wrong_state_changes_are_refused_and_change_nothing(cast):
    deadline = _start(cast, "complaint.decision", "2026-03-02 09:00")
    actions.pause_deadline(deadline, reason="appraisal", acting_user=cast.fin_officer)
    with pytest.raises(ValidationError, match="已中止计时"):
        actions.pause_deadline(deadline, reason="appraisal", acting_user=cast.fin_officer)
    actions.meet_deadline(deadline, acting_user=cast.fin_officer)
    with pytest.raises(ValidationError, match="已完成"):
        actions.meet_deadline(deadline, acting_user=cast.fin_officer)
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.MET
    other = _start(cast, "consultation.answer", "2026-03-02 09:00")
    with pytest.raises(ValidationError, match="不允许中止计时"):
        actions.pause_deadline(other, reason="testing", acting_user=cast.fin_officer)
    with pytest.raises(ValidationError, match="须说明理由"):
        actions.cancel_deadline(other, note=" ", acting_user=cast.fin_officer)


def test_only_the_responsible_department_manages_its_timer(cast):
    from django.core.exceptions import PermissionDenied

    deadline = _start(cast, "consultation.answer", "2026-03-02 09:00")
    with pytest.raises(PermissionDenied):
        actions.meet_deadline(deadline, acting_user=cast.psb_officer)
    assert Deadline.objects.visible_to(cast.psb_officer).count() == 0
    assert Deadline.objects.visible_to(cast.fin_viewer).count() == 1


CSV_2027 = """日期,类别,名称
2027-01-01,放假,元旦
2027-01-02,放假,元旦
2027-01-03,放假,元旦
2027-02-06,上班,春节调休
"""


def test_entering_a_later_year_recounts_the_open_deadlines_that_reach_into_it(cast):
    # 29, 30, 31 December; 2027 assumed Monday–Friday less 元旦 (fixed by law): 01-04, 01-05
    new_year = _start(cast, "consultation.answer", "2026-12-28 09:00")
    assert new_year.last_day == dt.date(2027, 1, 5) and new_year.assumed_years == [2027]
    # Mon 2027-02-01: 02, 03, 04, 05, then Mon 02-08 — as long as nothing is known of 2027
    deadline = _start(cast, "consultation.answer", "2027-02-01 09:00")
    assert deadline.last_day == dt.date(2027, 2, 8) and deadline.assumed_years == [2027]
    actions.enter_calendar_year(
        2027, days=imports.parse_csv(CSV_2027), source="测试安排", acting_user=cast.admin
    )
    deadline.refresh_from_db()
    # the Saturday 02-06 is a make-up workday: 02, 03, 04, 05, 06
    assert deadline.last_day == dt.date(2027, 2, 6)
    assert deadline.assumed_years == []
    new_year.refresh_from_db()
    assert new_year.last_day == dt.date(2027, 1, 5) and new_year.assumed_years == []
    assert AuditEntry.objects.filter(action="deadlines.deadline.recount").count() == 2
    year = CalendarYear.objects.get(year=2027)
    actions.replace_calendar_year(
        year,
        days=imports.parse_csv("日期,类别,名称\n2027-02-08,放假,假设\n"),
        acting_user=cast.admin,
    )
    deadline.refresh_from_db()
    assert deadline.last_day == dt.date(2027, 2, 9)  # no make-up Saturday; 02-08 off


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("日期,类别,名称\n2027-02-30,放假,春节\n", "第 2 行：日期“2027-02-30”不存在"),
        (
            "日期,类别,名称\n2027-01-01,放假,元旦\n2027-01-01,上班,调休\n",
            "第 3 行：2027-01-01 同时列为放假和上班",
        ),
        ("日期,类别,名称\n2027-01-01,休假,元旦\n", "第 2 行：类别“休假”无效"),
        ("date,kind\n", "第 1 行：表头应为"),
        ("日期,类别,名称\n2028-01-01,放假,元旦\n", "第 2 行：2028-01-01 不在 2027 年内"),
    ],
)
def test_a_bad_calendar_file_is_refused_naming_the_line(cast, text, message):
    with pytest.raises((imports.ArrangementError, ValidationError)) as refused:
        actions.enter_calendar_year(2027, days=imports.parse_csv(text), acting_user=cast.admin)
    problems = getattr(refused.value, "problems", None) or refused.value.message_dict["file"]
    assert any(message in problem for problem in problems), problems
    assert not CalendarYear.objects.exists()


@pytest.mark.parametrize("year", [2026, 2027])
def test_a_year_already_entered_is_refused(cast, year):
    if year == 2027:
        actions.enter_calendar_year(2027, days=[], acting_user=cast.admin)
    with pytest.raises(ValidationError, match=f"{year} 年的节假日安排已经录入"):
        actions.enter_calendar_year(year, days=[], acting_user=cast.admin)


def test_yaml_arrangements_name_their_lines():
    year, source, days = imports.parse_yaml(
        "year: 2027\nsource: 国办发明电\nholidays:\n  - {date: 2027-01-01, name: 元旦}\n"
        "workdays:\n  - {date: 2027-02-06, name: 调休}\n"
    )
    assert (year, source) == (2027, "国办发明电")
    assert [(d.line, d.date, d.kind) for d in days] == [
        (4, dt.date(2027, 1, 1), "holiday"),
        (6, dt.date(2027, 2, 6), "workday"),
    ]
    with pytest.raises(imports.ArrangementError, match="第 4 行"):
        imports.parse_yaml(
            "year: 2027\nholidays:\n  - {date: 2027-01-01}\n  - {date: 2027-13-01}\n"
        )


def _in_state(cast, state):
    deadline = _start(cast, "complaint.decision", "2026-03-02 09:00")
    Deadline.objects.filter(pk=deadline.pk).update(state=state)  # arranged for the walk only
    deadline.refresh_from_db()
    return deadline


VERBS = {
    "pause": lambda d, who: actions.pause_deadline(d, reason="testing", acting_user=who),
    "resume": lambda d, who: actions.resume_deadline(d, acting_user=who),
    "meet": lambda d, who: actions.meet_deadline(d, acting_user=who),
    "cancel": lambda d, who: actions.cancel_deadline(d, note="重复", acting_user=who),
}


END_STATE = {"pause": "paused", "resume": "running", "meet": "met", "cancel": "cancelled"}


@pytest.mark.parametrize("verb", sorted(VERBS))
@pytest.mark.parametrize("state", [s.value for s in DeadlineState])
def test_it_walks_every_transition_of_the_timer(cast, verb, state):
    from liandong.deadlines.models import TRANSITIONS

    deadline = _in_state(cast, state)
    if state == DeadlineState.PAUSED:
        Deadline.objects.filter(pk=deadline.pk).update(paused_at=at("2026-03-03 09:00"))
        deadline.refresh_from_db()
    if state in TRANSITIONS[verb]:
        VERBS[verb](deadline, cast.fin_officer)
        deadline.refresh_from_db()
        assert deadline.state == END_STATE[verb]
    else:
        with pytest.raises(ValidationError, match="不能执行此操作"):
            VERBS[verb](deadline, cast.fin_officer)
        deadline.refresh_from_db()
        assert deadline.state == state


def test_every_problem_of_a_file_is_named_at_once():
    text = "日期,类别,名称\n2027-02-30,放假,春节\n2027-01-01,放假,元旦\n2027-01-01,上班,调休\n"
    with pytest.raises(imports.ArrangementError) as refused:
        imports.parse_csv(text)
    assert [p.split("：")[0] for p in refused.value.problems] == ["第 2 行", "第 4 行"]


def test_a_statutory_period_keeps_its_figure_only_its_counting_may_change(cast):
    """RULES.md §1: "3 days" counts calendar days, configurable per rule — the counting, not the
    figure the law sets (310号令 第八条: 3日)."""
    rule = DeadlineRule.objects.get(code="transfer.filing_decision")
    assert rule.statutory and rule.configurable
    with pytest.raises(ValidationError) as refused:
        actions.update_rule(rule, amount=5, unit="calendar_days", acting_user=cast.admin)
    assert "由法律规定" in refused.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as refused:
        actions.update_rule(rule, amount=3, unit="hours", acting_user=cast.admin)
    assert "unit" in refused.value.message_dict
    actions.update_rule(rule, amount=3, unit="workdays", acting_user=cast.admin)
    rule.refresh_from_db()
    assert (rule.amount, rule.unit) == (3, "workdays")
    # the mechanism's own defaults are wholly the administrators'
    own = DeadlineRule.objects.get(code="consultation.answer")
    assert not own.statutory
    actions.update_rule(own, amount=8, unit="workdays", acting_user=cast.admin)


def test_a_changed_statutory_figure_is_restored_and_citations_follow_the_law(db):
    from liandong.deadlines.rules import ensure_seeded

    DeadlineRule.objects.filter(code="transfer.filing_decision").update(
        amount=9, basis="旧的依据", statutory=False
    )
    DeadlineRule.objects.filter(code="consultation.answer").update(amount=8)
    ensure_seeded()
    filing = DeadlineRule.objects.get(code="transfer.filing_decision")
    assert (filing.amount, filing.statutory) == (3, True)
    assert "第七条" in filing.basis and "第八条" in filing.basis
    assert DeadlineRule.objects.get(code="consultation.answer").amount == 8  # the mechanism's
    decision = DeadlineRule.objects.get(code="complaint.decision")
    # 财政部令第94号: the decision is 第二十六条 and the pause 第二十七条 (第二十八条 is 暂停)
    assert "第二十六条" in decision.basis and "第二十七条" in decision.basis
    assert "第二十八条" not in decision.basis
    assert "第二十八条" in DeadlineRule.objects.get(code="complaint.suspension").basis
