"""The transfer advisor suggests by the thresholds in force; the calculator gives fine ranges."""

import datetime as dt
from decimal import Decimal

import pytest

from liandong.cases import penalties
from liandong.cases.advisor import Facts, Measure, Threshold, Track, advise, in_force
from liandong.cases.thresholds import SEED

TODAY = dt.date(2026, 11, 29)


def codes(suggestions):
    return sorted(s.threshold.code for s in suggestions)


def test_nothing_is_suggested_below_every_threshold():
    facts = Facts(
        direct_loss=Decimal(299_999),
        illegal_gains=Decimal(99_999),
        winning_amount=Decimal(1_999_999),
    )
    assert advise(facts, SEED, TODAY) == []


def test_each_collusion_threshold_is_crossed_at_its_figure():
    facts = Facts(
        direct_loss=Decimal(500_000),
        illegal_gains=Decimal(100_000),
        winning_amount=Decimal(2_000_000),
    )
    assert codes(advise(facts, SEED, TODAY)) == [
        "bidding.serious_loss",  # also 情节严重 for the administrative penalty (≥ 30万元)
        "collusion.direct_loss",
        "collusion.illegal_gains",
        "collusion.winning_amount",
    ]
    reasons = {s.threshold.code: s.reason for s in advise(facts, SEED, TODAY)}
    assert reasons["collusion.winning_amount"] == "串通投标罪：200万元，达到200万元的标准"


def test_prior_penalties_count_only_inside_their_window():
    recent = (dt.date(2025, 3, 1), dt.date(2026, 6, 1))
    assert "collusion.repeat" in codes(advise(Facts(prior_collusion_penalties=recent), SEED, TODAY))
    old = (dt.date(2023, 3, 1), dt.date(2026, 6, 1))  # one is more than two years ago
    suggested = codes(advise(Facts(prior_collusion_penalties=old), SEED, TODAY))
    assert "collusion.repeat" not in suggested
    assert "bidding.serious_repeat" in suggested  # administrative: three years


def test_counterfeit_sales_are_counted_three_times_with_the_unsold_goods():
    facts = Facts(counterfeit_sales=Decimal(40_000), counterfeit_unsold=Decimal(30_000))
    assert codes(advise(facts, SEED, TODAY)) == ["counterfeit.combined"]  # 120,000 + 30,000


def test_means_and_fraud():
    assert "collusion.illegal_means" in codes(advise(Facts(coercion_or_bribery=True), SEED, TODAY))
    assert codes(advise(Facts(fraud_amount=Decimal(20_000)), SEED, TODAY)) == [
        "contract_fraud.amount"
    ]


def test_a_revised_threshold_applies_from_its_date():
    revised = Threshold(
        "collusion.illegal_gains",
        "串通投标罪",
        Track.CRIMINAL,
        Measure.ILLEGAL_GAINS,
        Decimal(200_000),
        "假设的修订标准",
        dt.date(2027, 1, 1),
    )
    facts = Facts(illegal_gains=Decimal(150_000))
    assert "collusion.illegal_gains" in codes(advise(facts, [*SEED, revised], TODAY))
    assert "collusion.illegal_gains" not in codes(
        advise(facts, [*SEED, revised], dt.date(2027, 1, 2))
    )
    assert len(in_force([*SEED, revised], dt.date(2027, 1, 2))) == len(SEED)


def test_every_threshold_names_its_basis():
    assert all(t.basis and t.effective_from for t in SEED)


def test_procurement_law_77_fine_range_and_ban():
    result = penalties.calculate("procurement_law_77", Decimal("3276500.00"))
    assert (result.fine_min, result.fine_max) == (Decimal("16382.50"), Decimal("32765.00"))
    assert result.rule.ban_years == (1, 3)
    assert result.individual_min is None


def test_bidding_law_53_fines_the_responsible_people_too():
    result = penalties.calculate("bidding_law_53", Decimal(2_000_000))
    assert (result.fine_min, result.fine_max) == (Decimal("10000.00"), Decimal("20000.00"))
    assert (result.individual_min, result.individual_max) == (Decimal("500.00"), Decimal("2000.00"))


@pytest.mark.parametrize("amount", [0, -1])
def test_the_calculator_refuses_a_non_positive_amount(amount):
    with pytest.raises(ValueError, match="必须大于零"):
        penalties.calculate("procurement_law_77", Decimal(amount))
