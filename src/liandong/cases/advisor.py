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
    FALSE_AD_GAINS = "false_ad_gains"  # 虚假广告的违法所得 (元)
    FALSE_AD_FOOD_DRUG_GAINS = "false_ad_food_drug_gains"  # 对食品、药品作虚假宣传的违法所得
    PRIOR_FALSE_AD_PENALTIES = "prior_false_ad_penalties"  # 因虚假广告受行政处罚次数 (次)
    PRIVATE_BRIBE_PERSON = "private_bribe_person"  # 个人对非国家工作人员行贿数额 (元)
    PRIVATE_BRIBE_UNIT = "private_bribe_unit"  # 单位对非国家工作人员行贿数额 (元)
    OFFICIAL_BRIBE = "official_bribe"  # 向国家工作人员行贿数额 (元)
    OFFICIAL_BRIBE_AGGRAVATED = "official_bribe_aggravated"  # …具有法释〔2016〕9号第七条第二款情形


class Track(enum.StrEnum):
    CRIMINAL = "criminal"  # 建议移送公安机关
    SUPERVISORY = "supervisory"  # 建议移送监察机关（310号令 第十九条）
    SERIOUS_ADMINISTRATIVE = "serious_administrative"  # 行政处罚情节严重


# How a measure reads in a suggestion; for counts, what was punished before and done again.
LABELS = {
    Measure.DIRECT_LOSS: "直接经济损失",
    Measure.ILLEGAL_GAINS: "违法所得",
    Measure.WINNING_AMOUNT: "中标项目金额",
    Measure.COUNTERFEIT_SALES: "伪劣产品销售金额",
    Measure.COUNTERFEIT_UNSOLD: "尚未销售的伪劣产品货值金额",
    Measure.COUNTERFEIT_COMBINED: "已销售金额乘以三倍与尚未销售的货值金额合计",
    Measure.FRAUD_AMOUNT: "合同诈骗数额",
    Measure.FALSE_AD_GAINS: "虚假广告违法所得",
    Measure.FALSE_AD_FOOD_DRUG_GAINS: "对食品、药品作虚假宣传的违法所得",
    Measure.PRIVATE_BRIBE_PERSON: "个人行贿数额",
    Measure.PRIVATE_BRIBE_UNIT: "单位行贿数额",
    Measure.OFFICIAL_BRIBE: "行贿数额",
    Measure.OFFICIAL_BRIBE_AGGRAVATED: "行贿数额（具有法定从严情形）",
}
REPEATS = {
    Measure.PRIOR_COLLUSION_PENALTIES: "串通投标",
    Measure.PRIOR_FALSE_AD_PENALTIES: "利用广告作虚假宣传",
}


@dataclass(frozen=True)
class Threshold:
    code: str
    offence: str
    track: Track
    measure: Measure
    amount: Decimal  # yuan, a count, or 1 for a yes/no fact
    basis: str
    effective_from: dt.date
    window_years: int | None = None  # for counts: within how many years before the act


@dataclass(frozen=True)
class Facts:
    """What a case records, amounts in yuan; earlier penalties by their decision dates.

    ``act_date``: when the act was done (or ended, 行政处罚法 第三十六条第二款); the standard in
    force then applies and repeat windows end there. Unknown: today."""

    act_date: dt.date | None = None
    direct_loss: Decimal | None = None
    illegal_gains: Decimal | None = None
    winning_amount: Decimal | None = None
    coercion_or_bribery: bool = False
    prior_collusion_penalties: tuple[dt.date, ...] = field(default_factory=tuple)
    counterfeit_sales: Decimal | None = None
    counterfeit_unsold: Decimal | None = None
    fraud_amount: Decimal | None = None
    false_ad_gains: Decimal | None = None
    false_ad_food_drug: bool = False
    prior_false_ad_penalties: tuple[dt.date, ...] = field(default_factory=tuple)
    private_bribe: Decimal | None = None  # to a company's staff (刑法 第一百六十四条)
    private_bribe_by_unit: bool = False
    official_bribe: Decimal | None = None  # to a state functionary (刑法 第三百八十九条)
    official_bribe_aggravating: bool = False


@dataclass(frozen=True)
class Suggestion:
    threshold: Threshold
    value: Decimal
    reason: str


def years_before(day: dt.date, years: int) -> dt.date:
    """The corresponding day ``years`` earlier; without one (02-29), the month's last day
    (民法典 第二百零二条)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return dt.date(day.year - years, day.month, 28)


def years_after(day: dt.date, years: int) -> dt.date:
    """The last day of a period of ``years`` years that starts after ``day``: the corresponding
    day, or the month's last day where there is none (民法典 第二百零一条、第二百零二条)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, day.month, 28)


def in_force(thresholds: Iterable[Threshold], on: dt.date) -> list[Threshold]:
    """For each code, the version that applies on ``on`` (the latest that started by then)."""
    latest: dict[str, Threshold] = {}
    for threshold in thresholds:
        if threshold.effective_from <= on:
            current = latest.get(threshold.code)
            if current is None or threshold.effective_from > current.effective_from:
                latest[threshold.code] = threshold
    return sorted(latest.values(), key=lambda t: t.code)


def applicable(
    thresholds: Iterable[Threshold], act_on: dt.date, today: dt.date
) -> list[tuple[Threshold, ...]]:
    """For each code, the versions a suggestion must satisfy: the one in force when the act was
    done and the one in force today. A standard revised since applies only where it is the
    more favourable (《最高人民法院、最高人民检察院关于适用刑事司法解释时间效力问题的规定》
    第三条; 行政处罚法 第三十七条), so a suggestion holds only when the facts reach both."""
    thresholds = list(thresholds)
    then = {t.code: t for t in in_force(thresholds, act_on)}
    now = {t.code: t for t in in_force(thresholds, today)}
    result = []
    for code in sorted(then.keys() | now.keys()):
        versions = tuple(dict.fromkeys(v for v in (then.get(code), now.get(code)) if v))
        result.append(versions)
    return result


def _sum_present(*amounts: Decimal | None) -> Decimal | None:
    present = [a for a in amounts if a is not None]
    return sum(present, Decimal(0)) if present else None


def _value(facts: Facts, threshold: Threshold, act_on: dt.date) -> Decimal | None:
    measure = threshold.measure
    if measure is Measure.COERCION_OR_BRIBERY:
        return Decimal(1) if facts.coercion_or_bribery else Decimal(0)
    if measure in REPEATS:
        dates = getattr(facts, measure.value)
        years = threshold.window_years or 0
        since = years_before(act_on, years) if years else dt.date.min
        return Decimal(sum(1 for when in dates if since <= when <= act_on))
    if measure is Measure.COUNTERFEIT_COMBINED:
        sold = facts.counterfeit_sales
        return _sum_present(sold * 3 if sold is not None else None, facts.counterfeit_unsold)
    if measure is Measure.FALSE_AD_FOOD_DRUG_GAINS:
        return facts.false_ad_gains if facts.false_ad_food_drug else None
    if measure is Measure.PRIVATE_BRIBE_PERSON:
        return None if facts.private_bribe_by_unit else facts.private_bribe
    if measure is Measure.PRIVATE_BRIBE_UNIT:
        return facts.private_bribe if facts.private_bribe_by_unit else None
    if measure is Measure.OFFICIAL_BRIBE_AGGRAVATED:
        return facts.official_bribe if facts.official_bribe_aggravating else None
    return getattr(facts, measure.value)


def yuan(amount: Decimal) -> str:
    """An amount in 万元, as the standards write it."""
    return f"{amount / 10000:,.2f}万元".replace(".00万元", "万元")


def _reason(threshold: Threshold, value: Decimal) -> str:
    measure = threshold.measure
    if measure is Measure.COERCION_OR_BRIBERY:
        return f"{threshold.offence}：采取威胁、欺骗或者贿赂等非法手段"
    if measure in REPEATS:
        return (
            f"{threshold.offence}：{threshold.window_years}年内因{REPEATS[measure]}受过"
            f"{int(value)}次行政处罚（标准：{int(threshold.amount)}次以上）"
            f"又{REPEATS[measure]}"
        )
    return (
        f"{threshold.offence}：{LABELS[measure]}{yuan(value)}，达到{yuan(threshold.amount)}的标准"
    )


def advise(facts: Facts, thresholds: Iterable[Threshold], today: dt.date) -> list[Suggestion]:
    """Every threshold the facts reach, by the standards of ``applicable`` for the act's date
    (today where it is not known), with the reason in words and the stricter version's basis."""
    act_on = facts.act_date or today
    suggestions = []
    for versions in applicable(thresholds, act_on, today):
        values = [(_value(facts, version, act_on), version) for version in versions]
        if any(value is None or value < version.amount for value, version in values):
            continue
        value, threshold = max(values, key=lambda pair: (pair[1].amount, pair[1].effective_from))
        suggestions.append(Suggestion(threshold, value, _reason(threshold, value)))
    return suggestions
