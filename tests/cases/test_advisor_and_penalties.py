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
        illegal_gains=Decimal(199_999),
        winning_amount=Decimal(3_999_999),
    )
    assert advise(facts, SEED, TODAY) == []


def test_collusion_uses_the_2022_figures_cited_as_article_68():
    """公通字〔2022〕12号 第六十八条, in force 2022-05-15: 50万 / 20万 / 400万."""
    facts = Facts(
        direct_loss=Decimal(500_000),
        illegal_gains=Decimal(200_000),
        winning_amount=Decimal(4_000_000),
    )
    suggestions = {s.threshold.code: s for s in advise(facts, SEED, TODAY)}
    assert sorted(suggestions) == [
        "bidding.serious_loss",  # also 情节严重 for the administrative penalty (≥ 30万元)
        "collusion.direct_loss",
        "collusion.illegal_gains",
        "collusion.winning_amount",
    ]
    winning = suggestions["collusion.winning_amount"]
    assert winning.reason == "串通投标罪：中标项目金额400万元，达到400万元的标准"
    assert "公通字〔2022〕12号）第六十八条" in winning.threshold.basis
    assert "四百万元" in winning.threshold.basis
    # the figures of 2010 no longer reach it
    old = Facts(illegal_gains=Decimal(180_000), winning_amount=Decimal(2_400_000))
    assert codes(advise(old, SEED, TODAY)) == []


def test_the_2010_figures_are_the_earlier_version_cited_as_article_76():
    versions = sorted(
        (t.effective_from, t.amount, t.basis) for t in SEED if t.code == "collusion.winning_amount"
    )
    assert [(since, amount) for since, amount, _basis in versions] == [
        (dt.date(2010, 5, 7), Decimal(2_000_000)),
        (dt.date(2022, 5, 15), Decimal(4_000_000)),
    ]
    assert "公通字〔2010〕23号）第七十六条" in versions[0][2]


def test_an_act_before_2022_needs_both_standards_the_more_favourable_wins():
    """An act of 2021 is judged by the standard of its time unless today's is more favourable
    (时间效力规定 第三条): 300万元 crossed 2010's 200万 but not 2022's 400万."""
    facts = Facts(act_date=dt.date(2021, 6, 1), winning_amount=Decimal(3_000_000))
    assert codes(advise(facts, SEED, TODAY)) == []
    facts = Facts(act_date=dt.date(2021, 6, 1), winning_amount=Decimal(4_500_000))
    [suggestion] = advise(facts, SEED, TODAY)
    assert suggestion.threshold.effective_from == dt.date(2022, 5, 15)  # the stricter text


def test_prior_penalties_count_inside_two_years_before_the_act_not_today():
    recent = (dt.date(2025, 3, 1), dt.date(2026, 6, 1))
    assert "collusion.repeat" in codes(advise(Facts(prior_collusion_penalties=recent), SEED, TODAY))
    old = (dt.date(2023, 3, 1), dt.date(2026, 6, 1))  # one is more than two years ago
    suggested = codes(advise(Facts(prior_collusion_penalties=old), SEED, TODAY))
    assert "collusion.repeat" not in suggested
    assert "bidding.serious_repeat" in suggested  # administrative: three years
    # the act was in 2024: both penalties of 2023 lie inside its two years, though not today's
    then = Facts(
        act_date=dt.date(2024, 9, 1),
        prior_collusion_penalties=(dt.date(2023, 1, 10), dt.date(2023, 8, 1)),
    )
    assert "collusion.repeat" in codes(advise(then, SEED, TODAY))
    # a penalty after the act is not one it was done "again" after
    later = Facts(
        act_date=dt.date(2024, 9, 1),
        prior_collusion_penalties=(dt.date(2023, 1, 10), dt.date(2025, 8, 1)),
    )
    assert "collusion.repeat" not in codes(advise(later, SEED, TODAY))


@pytest.mark.parametrize(
    ("act", "earliest_counted"),
    [
        (dt.date(2028, 2, 29), dt.date(2026, 2, 28)),  # no 2026-02-29: the month's last day
        (dt.date(2026, 3, 1), dt.date(2024, 3, 1)),
        (dt.date(2024, 2, 29), dt.date(2022, 2, 28)),
    ],
)
def test_leap_days_work_and_the_window_starts_on_the_corresponding_day(act, earliest_counted):
    day_before = earliest_counted - dt.timedelta(days=1)
    inside = Facts(act_date=act, prior_collusion_penalties=(earliest_counted, act))
    outside = Facts(act_date=act, prior_collusion_penalties=(day_before, act))
    today = dt.date(2028, 3, 1)
    assert "collusion.repeat" in codes(advise(inside, SEED, today))
    assert "collusion.repeat" not in codes(advise(outside, SEED, today))


def test_counterfeit_sales_are_counted_three_times_with_the_unsold_goods():
    facts = Facts(counterfeit_sales=Decimal(40_000), counterfeit_unsold=Decimal(30_000))
    assert codes(advise(facts, SEED, TODAY)) == ["counterfeit.combined"]  # 120,000 + 30,000
    assert codes(advise(Facts(counterfeit_sales=Decimal(50_000)), SEED, TODAY)) == [
        "counterfeit.combined",
        "counterfeit.sales",
    ]
    assert codes(advise(Facts(counterfeit_unsold=Decimal(150_000)), SEED, TODAY)) == [
        "counterfeit.combined",
        "counterfeit.unsold",
    ]
    assert advise(Facts(counterfeit_sales=Decimal(49_999)), SEED, TODAY) == []


def test_means_and_fraud():
    assert "collusion.illegal_means" in codes(advise(Facts(coercion_or_bribery=True), SEED, TODAY))
    assert codes(advise(Facts(fraud_amount=Decimal(20_000)), SEED, TODAY)) == [
        "contract_fraud.amount"
    ]
    assert advise(Facts(fraud_amount=Decimal(19_999)), SEED, TODAY) == []


def test_false_advertising_by_gains_food_and_drugs_and_repeats():
    assert codes(advise(Facts(false_ad_gains=Decimal(100_000)), SEED, TODAY)) == ["false_ad.gains"]
    assert advise(Facts(false_ad_gains=Decimal(30_000)), SEED, TODAY) == []
    food = Facts(false_ad_gains=Decimal(30_000), false_ad_food_drug=True)
    assert codes(advise(food, SEED, TODAY)) == ["false_ad.food_drug"]
    repeat = Facts(prior_false_ad_penalties=(dt.date(2025, 5, 1), dt.date(2026, 2, 1)))
    [suggestion] = advise(repeat, SEED, TODAY)
    assert suggestion.reason == (
        "虚假广告罪：2年内因利用广告作虚假宣传受过2次行政处罚（标准：2次以上）又利用广告作虚假宣传"
    )


def test_bribery_of_company_staff_and_of_officials_with_their_routes():
    person = advise(Facts(private_bribe=Decimal(30_000)), SEED, TODAY)
    assert codes(person) == ["private_bribe.person"] and person[0].threshold.track == "criminal"
    assert advise(Facts(private_bribe=Decimal(29_999)), SEED, TODAY) == []
    unit = Facts(private_bribe=Decimal(150_000), private_bribe_by_unit=True)
    assert advise(unit, SEED, TODAY) == []  # a unit: 20万元
    unit = Facts(private_bribe=Decimal(200_000), private_bribe_by_unit=True)
    assert codes(advise(unit, SEED, TODAY)) == ["private_bribe.unit"]
    # 行贿 goes to the 监察机关 (310号令 第十九条), not to the police
    official = advise(Facts(official_bribe=Decimal(30_000)), SEED, TODAY)
    assert codes(official) == ["official_bribe.amount"]
    assert official[0].threshold.track == Track.SUPERVISORY
    assert "第十九条" in official[0].threshold.basis
    assert advise(Facts(official_bribe=Decimal(15_000)), SEED, TODAY) == []
    aggravated = Facts(official_bribe=Decimal(15_000), official_bribe_aggravating=True)
    assert codes(advise(aggravated, SEED, TODAY)) == ["official_bribe.aggravated"]


def test_a_revised_threshold_applies_from_its_date():
    revised = Threshold(
        "collusion.illegal_gains",
        "串通投标罪",
        Track.CRIMINAL,
        Measure.ILLEGAL_GAINS,
        Decimal(300_000),
        "假设的修订标准",
        dt.date(2027, 1, 1),
    )
    facts = Facts(illegal_gains=Decimal(250_000))
    assert "collusion.illegal_gains" in codes(advise(facts, [*SEED, revised], TODAY))
    assert "collusion.illegal_gains" not in codes(
        advise(facts, [*SEED, revised], dt.date(2027, 1, 2))
    )
    codes_in_force = {t.code for t in SEED}
    assert len(in_force([*SEED, revised], dt.date(2027, 1, 2))) == len(codes_in_force)


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
