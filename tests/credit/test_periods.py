"""Publication periods (RULES.md §6): the version in force on the decision date decides."""

import datetime as dt

import pytest

from liandong.credit import periods
from liandong.credit.periods import (
    VERSIONS,
    PeriodRule,
    Severity,
    Term,
    add_months,
    publication,
    rule_for,
)

BEFORE = dt.date(2026, 3, 31)
SWITCH = dt.date(2026, 4, 1)


def test_it_counts_months_to_the_corresponding_day_or_the_months_last_day():
    assert add_months(dt.date(2026, 4, 1), 3) == dt.date(2026, 7, 1)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 5, 10), 36) == dt.date(2029, 5, 10)


def test_it_picks_the_2023_rule_the_day_before_the_switch_and_the_2026_rule_on_it():
    assert rule_for(BEFORE).since == dt.date(2023, 5, 1)
    assert "第58号" in rule_for(BEFORE).basis
    assert rule_for(SWITCH).since == SWITCH
    assert "信用修复管理办法" in rule_for(SWITCH).basis


def test_it_knows_no_rule_before_the_first_version_and_publication_says_so():
    with pytest.raises(LookupError, match="没有适用的公示期规则"):
        rule_for(dt.date(2023, 4, 30))
    early = publication(dt.date(2023, 4, 30), Severity.SERIOUS)
    assert early.rule.since == dt.date(2023, 5, 1) and "早于已录入的公示期规则" in early.explanation


def test_a_general_penalty_decided_just_before_the_switch_keeps_three_months_to_three_years():
    result = publication(BEFORE, Severity.GENERAL)
    assert result.start == BEFORE
    assert result.end == dt.date(2029, 3, 31)
    assert result.earliest_repair == dt.date(2026, 7, 1)
    assert result.published
    assert "第58号" in result.basis
    assert "2029-03-31" in result.explanation


def test_a_general_penalty_decided_on_the_switch_is_published_three_months_to_one_year():
    result = publication(SWITCH, "general")
    assert result.end == dt.date(2027, 4, 1)
    assert result.earliest_repair == dt.date(2026, 7, 2)
    assert "一般失信行为" in result.explanation
    assert "信用修复管理办法" in result.basis


def test_a_serious_penalty_after_the_switch_is_published_one_to_three_years():
    result = publication(dt.date(2026, 4, 2), Severity.SERIOUS)
    assert result.end == dt.date(2029, 4, 2)
    assert result.earliest_repair == dt.date(2027, 4, 3)


def test_a_minor_penalty_after_the_switch_is_normally_not_published_and_at_most_three_months():
    result = publication(SWITCH, Severity.MINOR)
    assert not result.published
    assert result.end == dt.date(2026, 7, 1)
    assert "原则上不予公示" in result.explanation


def test_a_minor_penalty_before_the_switch_is_still_published():
    result = publication(BEFORE, Severity.MINOR)
    assert result.published
    assert result.end == dt.date(2029, 3, 31)


def test_a_ban_running_past_the_minimum_delays_repair_until_it_ends():
    result = publication(SWITCH, Severity.SERIOUS, ban_end=dt.date(2028, 3, 31))
    assert result.earliest_repair == dt.date(2028, 4, 1)
    assert result.end == dt.date(2029, 4, 1)
    assert "届满前不得申请信用修复" in result.explanation


def test_a_ban_ending_before_the_minimum_does_not_move_repair():
    result = publication(SWITCH, Severity.SERIOUS, ban_end=dt.date(2026, 12, 31))
    assert result.earliest_repair == dt.date(2027, 4, 2)


def test_a_ban_outlasting_the_maximum_leaves_no_repair_before_publication_stops():
    result = publication(SWITCH, Severity.GENERAL, ban_end=dt.date(2027, 6, 1))
    assert result.earliest_repair is None
    assert result.end == dt.date(2027, 4, 1)
    assert "最长公示期届满前不能申请信用修复" in result.explanation


def test_the_figures_are_data_that_another_table_can_replace():
    edited = (
        *VERSIONS,
        PeriodRule(
            dt.date(2027, 1, 1),
            "《某新规》",
            "《某新规》：一律公示六个月",
            tuple((severity, Term(6, 6)) for severity in Severity),
        ),
    )
    assert publication(dt.date(2027, 1, 1), Severity.SERIOUS, versions=edited).end == dt.date(
        2027, 7, 1
    )
    assert publication(dt.date(2026, 12, 31), Severity.SERIOUS, versions=edited).end == dt.date(
        2029, 12, 31
    )
    assert periods.VERSIONS == VERSIONS  # the default is untouched


def test_a_term_whose_minimum_exceeds_its_maximum_is_refused():
    with pytest.raises(ValueError, match="最短期限"):
        Term(12, 3)
