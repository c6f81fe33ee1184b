"""The transfer advisor (RULES.md §3): which thresholds the facts of a case cross.

It suggests ("建议移送公安机关", with the rule crossed); it never decides. The thresholds are data
(``Threshold``), each naming the text it comes from and the date it applies from, so a revised
standard is a new row, not a code change. Plain Python: no Django.
"""

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal


class Measure(enum.StrEnum):
    DIRECT_LOSS = "direct_loss"  # 直接经济损失 (元)
    ILLEGAL_GAINS = "illegal_gains"  # 违法所得 (元)
    WINNING_AMOUNT = "winning_amount"  # 中标项目金额 (元)
    COERCION_OR_BRIBERY = "coercion_or_bribery"  # 采取威胁、欺骗或者贿赂等非法手段 (是/否)
    PRIOR_COLLUSION_PENALTIES = "prior_collusion_penalties"  # 因串通投标受行政处罚次数 (次)
    COUNTERFEIT_SALES = "counterfeit_sales"  # 伪劣产品销售金额 (元)
    COUNTERFEIT_UNSOLD = "counterfeit_unsold"  # 尚未销售的伪劣产品货值 (元)
    COUNTERFEIT_COMBINED = "counterfeit_combined"  # 已销售金额×3 + 未销售货值 (元)
    FRAUD_AMOUNT = "fraud_amount"  # 合同诈骗数额 (元)


class Track(enum.StrEnum):
    CRIMINAL = "criminal"  # 建议移送公安机关
    SERIOUS_ADMINISTRATIVE = "serious_administrative"  # 行政处罚情节严重


@dataclass(frozen=True)
class Threshold:
    code: str
    offence: str
    track: Track
    measure: Measure
    amount: Decimal  # yuan, a count, or 1 for a yes/no fact
    basis: str
    effective_from: dt.date
    window_years: int | None = None  # for counts: within how many years


@dataclass(frozen=True)
class Facts:
    """What a case records, amounts in yuan; counts of earlier penalties with their dates."""

    direct_loss: Decimal | None = None
    illegal_gains: Decimal | None = None
    winning_amount: Decimal | None = None
    coercion_or_bribery: bool = False
    prior_collusion_penalties: tuple[dt.date, ...] = field(default_factory=tuple)
    counterfeit_sales: Decimal | None = None
    counterfeit_unsold: Decimal | None = None
    fraud_amount: Decimal | None = None


@dataclass(frozen=True)
class Suggestion:
    threshold: Threshold
    value: Decimal
    reason: str


def in_force(thresholds: Iterable[Threshold], on: dt.date) -> list[Threshold]:
    """For each code, the version that applies on ``on`` (the latest that started by then)."""
    latest: dict[str, Threshold] = {}
    for threshold in thresholds:
        if threshold.effective_from <= on:
            current = latest.get(threshold.code)
            if current is None or threshold.effective_from > current.effective_from:
                latest[threshold.code] = threshold
    return sorted(latest.values(), key=lambda t: t.code)


def _value(facts: Facts, threshold: Threshold, on: dt.date) -> Decimal | None:
    measure = threshold.measure
    if measure is Measure.COERCION_OR_BRIBERY:
        return Decimal(1) if facts.coercion_or_bribery else Decimal(0)
    if measure is Measure.PRIOR_COLLUSION_PENALTIES:
        years = threshold.window_years or 0
        since = on.replace(year=on.year - years) if years else dt.date.min
        return Decimal(sum(1 for when in facts.prior_collusion_penalties if when >= since))
    if measure is Measure.COUNTERFEIT_COMBINED:
        if facts.counterfeit_sales is None or facts.counterfeit_unsold is None:
            return None
        return facts.counterfeit_sales * 3 + facts.counterfeit_unsold
    return getattr(facts, measure.value)


def _yuan(amount: Decimal) -> str:
    return f"{amount / 10000:,.2f}万元".replace(".00万元", "万元")


def advise(facts: Facts, thresholds: Iterable[Threshold], on: dt.date) -> list[Suggestion]:
    """Every threshold in force on ``on`` that the facts reach, with the reason in words."""
    suggestions = []
    for threshold in in_force(thresholds, on):
        value = _value(facts, threshold, on)
        if value is None or value < threshold.amount:
            continue
        measure = threshold.measure
        if measure is Measure.COERCION_OR_BRIBERY:
            reason = f"{threshold.offence}：采取威胁、欺骗或者贿赂等非法手段"
        elif measure is Measure.PRIOR_COLLUSION_PENALTIES:
            reason = (
                f"{threshold.offence}：{threshold.window_years}年内因串通投标受过"
                f"{int(value)}次行政处罚（标准：{int(threshold.amount)}次以上）又串通投标"
            )
        else:
            reason = f"{threshold.offence}：{_yuan(value)}，达到{_yuan(threshold.amount)}的标准"
        suggestions.append(Suggestion(threshold, value, reason))
    return suggestions
