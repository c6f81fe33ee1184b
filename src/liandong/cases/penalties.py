"""Penalty calculator (RULES.md §5): the range of a fine from the amount, and the ban, with the
article it comes from. A drafting aid for the decision; the officer decides. Plain Python."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PenaltyRule:
    code: str
    basis: str
    base: str  # what the percentages apply to
    fine_min_rate: Decimal
    fine_max_rate: Decimal
    ban_years: tuple[int, int] | None = None
    ban: str = ""  # what the ban keeps the party from
    ban_when_serious: bool = False  # the ban applies only 情节严重
    individual_rates: tuple[Decimal, Decimal] | None = None  # of the unit's fine


@dataclass(frozen=True)
class PenaltyRange:
    rule: PenaltyRule
    amount: Decimal
    fine_min: Decimal
    fine_max: Decimal
    individual_min: Decimal | None
    individual_max: Decimal | None


RULES = {
    "procurement_law_77": PenaltyRule(
        "procurement_law_77",
        "《中华人民共和国政府采购法》第七十七条：处以采购金额千分之五以上千分之十以下的罚款，"
        "列入不良行为记录名单，在一至三年内禁止参加政府采购活动，有违法所得的，并处没收违法所得，"
        "情节严重的，由工商行政管理机关吊销营业执照",
        "采购金额",
        Decimal("0.005"),
        Decimal("0.01"),
        ban_years=(1, 3),
        ban="禁止参加政府采购活动",
    ),
    "bidding_law_53": PenaltyRule(
        "bidding_law_53",
        "《中华人民共和国招标投标法》第五十三条：处中标项目金额千分之五以上千分之十以下的罚款，"
        "对单位直接负责的主管人员和其他直接责任人员处单位罚款数额百分之五以上百分之十以下的罚款；"
        "有违法所得的，并处没收违法所得；情节严重的，取消其一年至二年内参加依法必须进行招标的项目的"
        "投标资格并予以公告，直至由工商行政管理机关吊销营业执照",
        "中标项目金额",
        Decimal("0.005"),
        Decimal("0.01"),
        ban_years=(1, 2),
        ban="取消参加依法必须进行招标的项目的投标资格",
        ban_when_serious=True,
        individual_rates=(Decimal("0.05"), Decimal("0.10")),
    ),
}


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def calculate(code: str, amount: Decimal) -> PenaltyRange:
    """The fine range (yuan) for ``amount`` under rule ``code``; amounts must be positive."""
    rule = RULES[code]
    amount = Decimal(amount)
    if amount <= 0:
        raise ValueError(f"{rule.base}必须大于零")
    fine_min = _money(amount * rule.fine_min_rate)
    fine_max = _money(amount * rule.fine_max_rate)
    individual_min = individual_max = None
    if rule.individual_rates:
        low, high = rule.individual_rates
        individual_min, individual_max = _money(fine_min * low), _money(fine_max * high)
    return PenaltyRange(rule, amount, fine_min, fine_max, individual_min, individual_max)


@dataclass(frozen=True)
class Guidance:
    """What the calculator says for one rule that a case's violation types fall under."""

    rule: PenaltyRule
    violations: tuple[str, ...]  # the case's violation types under this rule
    amount_source: str  # which of the case's figures the rates were applied to ("" if none)
    result: PenaltyRange | None  # None while that figure is missing
    confiscate: Decimal | None  # 违法所得, confiscated as well (both articles say so)


def guidance(
    violations: Iterable,
    winning_amount: Decimal | None,
    budget: Decimal | None = None,
    illegal_gains: Decimal | None = None,
) -> list[Guidance]:
    """The range under each rule that ``violations`` (anything with ``name`` and
    ``penalty_rule``, e.g. a case's violation types) fall under.

    The 中标（成交）金额 is the amount both articles mean; while it is missing, 第七十七条's
    采购金额 is estimated from the budget (a supplier that did not win has no winning amount)."""
    by_rule: dict[str, list[str]] = {}
    for violation in violations:
        if violation.penalty_rule in RULES:
            by_rule.setdefault(violation.penalty_rule, []).append(violation.name)
    found = []
    for code, names in by_rule.items():
        rule = RULES[code]
        amount, source = None, ""
        if winning_amount is not None and winning_amount > 0:
            amount, source = winning_amount, "winning_amount"
        elif code == "procurement_law_77" and budget is not None and budget > 0:
            amount, source = budget, "budget"
        result = calculate(code, amount) if amount is not None else None
        confiscate = illegal_gains if illegal_gains else None
        found.append(Guidance(rule, tuple(names), source, result, confiscate))
    return found
