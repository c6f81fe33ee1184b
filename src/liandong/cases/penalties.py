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
    base: str  # what the percentages apply to ("" for a fine in fixed amounts, or none)
    fine_min_rate: Decimal | None = None
    fine_max_rate: Decimal | None = None
    ban_years: tuple[int, int] | None = None
    ban: str = ""  # what the ban keeps the party from
    ban_when_serious: bool = False  # the ban applies only 情节严重
    individual_rates: tuple[Decimal, Decimal] | None = None  # of the unit's fine
    fine_fixed: tuple[Decimal, Decimal] | None = None  # a fine in yuan, whatever the amount
    other: str = ""  # what else the article imposes (警告, 列入不良行为记录名单, 无效 …)
    confiscates: bool = True  # 有违法所得的，并处没收违法所得

    @property
    def uses_amount(self) -> bool:
        return self.fine_min_rate is not None


@dataclass(frozen=True)
class PenaltyRange:
    rule: PenaltyRule
    amount: Decimal | None  # None where the fine does not depend on an amount
    fine_min: Decimal | None  # None: the article imposes no fine
    fine_max: Decimal | None
    individual_min: Decimal | None
    individual_max: Decimal | None


PROCUREMENT_LAW_77 = (
    "《中华人民共和国政府采购法》第七十七条：处以采购金额千分之五以上千分之十以下的罚款，"
    "列入不良行为记录名单，在一至三年内禁止参加政府采购活动，有违法所得的，并处没收违法所得，"
    "情节严重的，由工商行政管理机关吊销营业执照"
)
REGULATIONS = "《中华人民共和国政府采购法实施条例》"

RULES = {
    "procurement_law_77": PenaltyRule(
        "procurement_law_77",
        PROCUREMENT_LAW_77,
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
    # 实施条例 第七十二条第一款: the six acts are punished "依照政府采购法第七十七条第一款的规定"
    "regulations_72": PenaltyRule(
        "regulations_72",
        f"{REGULATIONS}第七十二条第一款：供应商有下列情形之一的，依照政府采购法第七十七条第一款的规定"
        f"追究法律责任；{PROCUREMENT_LAW_77}",
        "采购金额",
        Decimal("0.005"),
        Decimal("0.01"),
        ban_years=(1, 3),
        ban="禁止参加政府采购活动",
    ),
    "regulations_72_2": PenaltyRule(
        "regulations_72_2",
        f"{REGULATIONS}第七十二条第二款：评审阶段资格发生变化，供应商未依照本条例第二十一条的规定通知"
        "采购人和采购代理机构的，处以采购金额5‰的罚款，列入不良行为记录名单，中标、成交无效",
        "采购金额",
        Decimal("0.005"),
        Decimal("0.005"),
        other="列入不良行为记录名单，中标、成交无效",
        confiscates=False,
    ),
    "regulations_73": PenaltyRule(
        "regulations_73",
        f"{REGULATIONS}第七十三条：供应商捏造事实、提供虚假材料或者以非法手段取得证明材料进行投诉的，"
        "由财政部门列入不良行为记录名单，禁止其1至3年内参加政府采购活动",
        "",
        ban_years=(1, 3),
        ban="禁止参加政府采购活动",
        other="列入不良行为记录名单（不处罚款）",
        confiscates=False,
    ),
    "regulations_75": PenaltyRule(
        "regulations_75",
        f"{REGULATIONS}第七十五条第一款：政府采购评审专家未按照采购文件规定的评审程序、评审方法和"
        "评审标准进行独立评审或者泄露评审文件、评审情况的，由财政部门给予警告，并处2000元以上2万元"
        "以下的罚款；影响中标、成交结果的，处2万元以上5万元以下的罚款，禁止其参加政府采购评审活动",
        "",
        fine_fixed=(Decimal(2_000), Decimal(20_000)),
        other="给予警告；影响中标、成交结果的，处2万元以上5万元以下的罚款，禁止参加政府采购评审活动",
    ),
    "regulations_75_serious": PenaltyRule(
        "regulations_75_serious",
        f"{REGULATIONS}第七十五条：评审专家未按规定评审或者泄露评审情况，影响中标、成交结果的"
        "（第一款）；与供应商存在利害关系未回避的（第二款）；收受采购人、采购代理机构、供应商贿赂"
        "或者获取其他不正当利益，尚不构成犯罪的（第三款）：处2万元以上5万元以下的罚款，禁止其参加"
        "政府采购评审活动；评审意见无效，不得获取评审费，有违法所得的，没收违法所得（第四款）",
        "",
        fine_fixed=(Decimal(20_000), Decimal(50_000)),
        other="禁止参加政府采购评审活动；评审意见无效，不得获取评审费",
    ),
}


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def calculate(code: str, amount: Decimal | None = None) -> PenaltyRange:
    """The fine range (yuan) under rule ``code``: a share of ``amount`` (which must then be
    positive), a range in yuan, or none."""
    rule = RULES[code]
    if rule.fine_fixed is not None:
        low, high = rule.fine_fixed
        return PenaltyRange(rule, None, low, high, None, None)
    if not rule.uses_amount:
        return PenaltyRange(rule, None, None, None, None, None)
    amount = Decimal(amount if amount is not None else 0)
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
    confiscate: Decimal | None  # 违法所得, confiscated as well where the article says so


def guidance(
    violations: Iterable,
    winning_amount: Decimal | None,
    budget: Decimal | None = None,
    illegal_gains: Decimal | None = None,
) -> list[Guidance]:
    """The range under each rule that ``violations`` (anything with ``name`` and
    ``penalty_rule``, e.g. a case's violation types) fall under.

    The 中标（成交）金额 is the amount the articles mean; while it is missing, a 采购金额 is
    estimated from the budget (a supplier that did not win has no winning amount). Fines in
    fixed amounts (评审专家, 第七十五条) and articles without a fine (第七十三条) need none."""
    by_rule: dict[str, list[str]] = {}
    for violation in violations:
        if violation.penalty_rule in RULES:
            by_rule.setdefault(violation.penalty_rule, []).append(violation.name)
    found = []
    for code, names in by_rule.items():
        rule = RULES[code]
        amount, source = None, ""
        if not rule.uses_amount:
            result = calculate(code)
        else:
            if winning_amount is not None and winning_amount > 0:
                amount, source = winning_amount, "winning_amount"
            elif rule.base == "采购金额" and budget is not None and budget > 0:
                amount, source = budget, "budget"
            result = calculate(code, amount) if amount is not None else None
        confiscate = illegal_gains if illegal_gains and rule.confiscates else None
        found.append(Guidance(rule, tuple(names), source, result, confiscate))
    return found
