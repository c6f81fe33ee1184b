"""Price screens per lot (SCREENING.md; Imhof, "Detecting bid-rigging cartels with descriptive
statistics", 2018; Public Services and Procurement Canada's defaults): descriptive statistics of
the valid bids of each lot with at least three of them, and rules that flag a lot whose
statistics fall beyond a threshold. Under collusion CV and spread fall, RD and DIFFP rise.

Which bids count: ``price`` present and > 0, ``valid`` true or null (unknown). A lot whose bids
carry more than one ``currency`` is left out of the statistics and named by ``notes(dataset)``;
``check`` returns flags only, so the engine adds those notes to its result.

Formulas, for a lot's valid bids sorted b1 ≤ b2 ≤ … ≤ bn (n ≥ 3):

    n         number of valid bids (rows; one bidder may not appear twice in a lot)
    mean      μ = Σ b_i / n
    std       σ = √( Σ (b_i − μ)² / (n − 1) )            sample standard deviation (Excel STDEV.S)
    cv        σ / μ                                      (with the sample σ above)
    spread    (bn − b1) / b1
    diffp     (b2 − b1) / b1                             the two lowest bids
    rd        (b2 − b1) / σ_losing, σ_losing the sample standard deviation (n − 2 divisor) of
              the losing bids b2 … bn (all but the lowest); null when σ_losing = 0
    skewness  G1 = n / ((n − 1)(n − 2)) · Σ ((b_i − μ)/σ)³
              bias-corrected sample skewness (Excel SKEW, pandas ``skew``); null when σ = 0
    kurtosis  G2 = n(n + 1) / ((n − 1)(n − 2)(n − 3)) · Σ ((b_i − μ)/σ)⁴
                   − 3(n − 1)² / ((n − 2)(n − 3))
              bias-corrected sample EXCESS kurtosis (normal = 0; Excel KURT, pandas ``kurt``);
              null when n < 4 or σ = 0

The sample σ is used throughout because a lot is a small sample of the bids that could have been
made (and it is what Imhof and the spreadsheet functions practitioners use).
"""

import polars as pl

from .model import LOT, Dataset, Flag, Rule, Severity, derived, narrow

MIN_BIDS = 3
STATISTICS = ("n", "mean", "std", "cv", "spread", "diffp", "rd", "kurtosis", "skewness")
_CLUE = "（线索，不是结论）"
_SCREEN = (
    "价格筛查（Imhof 描述统计筛查；加拿大公共服务和采购部默认阈值）；招标投标法实施条例第四十条(四)"
)

RULES: tuple[Rule, ...] = (
    Rule(
        id="P-CV",
        title="报价离散程度异常低（变异系数）",
        basis=_SCREEN,
        severity=Severity.MEDIUM,
        needs=(("price",),),
        thresholds={"cv": 0.05},
        innocent=(
            "标准化产品、市场价格透明",
            "报价受最高限价或预算约束而集中",
            "按统一定额、费率计价",
        ),
    ),
    Rule(
        id="P-RD",
        title="最低报价与其余报价明显分离（相对距离）",
        basis=_SCREEN,
        severity=Severity.MEDIUM,
        needs=(("price",),),
        thresholds={"rd": 1.0},
        innocent=(
            "最低报价人有明显成本优势（本地、自有设备或库存）",
            "最低报价人误报或低于成本报价（由评审委员会核查）",
            "投标人较少时统计量不稳定",
        ),
    ),
    Rule(
        id="P-SPREAD",
        title="最高与最低报价相差很小（极差比）",
        basis=_SCREEN,
        severity=Severity.LOW,
        needs=(("price",),),
        thresholds={"spread": 0.05},
        innocent=("标准化产品、市场价格透明", "报价受最高限价或预算约束而集中"),
    ),
    Rule(
        id="P-DIFFP",
        title="次低报价明显高于最低报价",
        basis=_SCREEN,
        severity=Severity.LOW,
        needs=(("price",),),
        thresholds={"diffp": 0.10},
        innocent=(
            "最低报价人有明显成本优势",
            "最低报价人误报或低于成本报价（由评审委员会核查）",
        ),
    ),
    Rule(
        id="P-IDENT",
        title="不同投标人报价完全相同",
        basis="招标投标法实施条例第四十条(四)；财政部令第87号第三十七条(四)",
        severity=Severity.MEDIUM,
        needs=(("price",),),
        thresholds={"skip_at_ceiling": True},
        innocent=(
            "按最高限价或预算金额报价（固定价格、以质取胜的项目）",
            "按统一定额、费率计算出的同一报价",
            "数据录入错误（复制上一行）",
        ),
    ),
)
BY_ID = {rule.id: rule for rule in RULES}

_SCREENS = {
    # rule: (statistic, direction, what it suggests)
    "P-CV": ("cv", "below", "报价离散程度异常低，疑似报价经过协调"),
    "P-RD": ("rd", "above", "最低报价与其余报价明显分离而其余报价相互接近，疑似其余报价为陪标"),
    "P-SPREAD": ("spread", "below", "全部报价过于接近，疑似报价经过协调"),
    "P-DIFFP": ("diffp", "above", "次低报价明显高于最低报价，疑似其余投标人抬高报价陪标"),
}
_NAMES = {
    "cv": "变异系数CV（σ/μ）",
    "rd": "相对距离RD（(b2−b1)/σ落选）",
    "spread": "极差比（(最高−最低)/最低）",
    "diffp": "最低两家报价差DIFFP（(b2−b1)/b1）",
}


def _valid(bids: pl.DataFrame) -> pl.DataFrame:
    if "lot_id" not in bids.columns:
        bids = bids.with_columns(pl.col("project_id").alias("lot_id"))
    bids = bids.with_columns(pl.coalesce("lot_id", "project_id").alias("lot_id"))
    keep = pl.col("price").is_not_null() & (pl.col("price") > 0)
    if "valid" in bids.columns:
        keep = keep & pl.col("valid").fill_null(True)
    return bids.filter(keep)


def _mixed_currency(bids: pl.DataFrame) -> pl.DataFrame:
    """(project_id, lot_id, currencies) of the lots bid in more than one currency."""
    if "currency" not in bids.columns:
        return pl.DataFrame(schema={"project_id": pl.String, "lot_id": pl.String})
    return (
        bids.filter(pl.col("currency").is_not_null())
        .group_by(LOT)
        .agg(pl.col("currency").unique().sort().alias("currencies"))
        .filter(pl.col("currencies").list.len() > 1)
        .sort(LOT)
    )


# the columns the price screens read
READS = ("row", "project_id", "lot_id", "bidder_name", "price", "valid", "currency")
READS += ("ceiling", "budget")


def lot_statistics(bids: pl.DataFrame) -> pl.DataFrame:
    """One row per lot with ≥ 3 valid bids (module docstring for the formulas): project_id,
    lot_id, n, mean, std, cv, spread, diffp, rd, kurtosis, skewness. Lots bid in several
    currencies are left out."""
    valid = _valid(bids)
    mixed = _mixed_currency(valid)
    if mixed.height:
        valid = valid.join(mixed.select(LOT), on=LOT, how="anti")
    price = pl.col("price")
    mean, std, n = price.mean(), price.std(ddof=1), pl.len().cast(pl.Float64)
    z = (price - mean) / std
    ordered = price.sort()
    losing_std = ordered.slice(1).std(ddof=1)
    valid = valid.filter(pl.len().over(LOT) >= MIN_BIDS)
    stats = (
        valid.group_by(LOT)
        .agg(
            pl.len().alias("n"),
            mean.alias("mean"),
            std.alias("std"),
            ((ordered.max() - ordered.min()) / ordered.min()).alias("spread"),
            ((ordered.get(1) - ordered.get(0)) / ordered.get(0)).alias("diffp"),
            pl.when(losing_std > 0)
            .then((ordered.get(1) - ordered.get(0)) / losing_std)
            .alias("rd"),
            (z.pow(3).sum() * n / ((n - 1) * (n - 2))).alias("_g1"),
            (
                z.pow(4).sum() * n * (n + 1) / ((n - 1) * (n - 2) * (n - 3))
                - 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))
            ).alias("_g2"),
        )
        .filter(pl.col("n") >= MIN_BIDS)
    )
    spread_out = pl.col("std") > 0
    return stats.select(
        *LOT,
        "n",
        "mean",
        "std",
        (pl.col("std") / pl.col("mean")).alias("cv"),
        "spread",
        "diffp",
        "rd",
        pl.when(spread_out & (pl.col("n") >= 4)).then(pl.col("_g2")).alias("kurtosis"),
        pl.when(spread_out).then(pl.col("_g1")).alias("skewness"),
    ).sort(LOT)


def notes(dataset: Dataset) -> list[str]:
    """Why some lots were not screened (the engine adds these to its result)."""
    mixed = _mixed_currency(_valid(narrow(dataset.bids, READS)))
    return [
        f"项目{lot['project_id']}标段{lot['lot_id']}的报价含多种币种"
        f"（{'、'.join(lot['currencies'])}），未做报价筛查。"
        for lot in mixed.iter_rows(named=True)
    ]


def check(dataset: Dataset, rule: Rule, params: dict | None = None) -> list[Flag]:
    """The flags of one price screen; ``params`` override ``rule.thresholds``."""
    settings = {**rule.thresholds, **(params or {})}
    bids = narrow(dataset.bids, READS)
    if "price" not in bids.columns or bids.height == 0:
        return []
    if "row" not in bids.columns:
        bids = bids.with_row_index("row", offset=1).with_columns(pl.col("row").cast(pl.Int64))
    if rule.id == "P-IDENT":
        return _identical(bids, rule, settings)
    statistic, direction, suggests = _SCREENS[rule.id]
    threshold = float(settings[statistic])
    beyond = (
        pl.col(statistic) < threshold if direction == "below" else pl.col(statistic) > threshold
    )
    lots = derived(dataset.bids, "lot statistics", lambda: lot_statistics(bids)).filter(beyond)
    if lots.height == 0:
        return []
    members = (
        _valid(bids)
        .join(lots.select(*LOT, statistic), on=LOT)
        .sort([*LOT, "price", "row"])
        .group_by(LOT, maintain_order=True)
        .agg(pl.col("bidder_name"), pl.col("row"), pl.col("price"))
    )
    lots = lots.join(members, on=LOT).sort(LOT)
    flags = []
    for lot in lots.iter_rows(named=True):
        value = float(lot[statistic])
        compared = "低于" if direction == "below" else "高于"
        prices = "、".join(f"{p:,.2f}" for p in lot["price"])
        explanation = (
            f"本标段{lot['n']}家有效报价（由低到高：{prices}）的{_NAMES[statistic]}为"
            f"{value:.4f}，{compared}阈值{threshold:g}，{suggests}，需核实{_CLUE}。"
        )
        flags.append(
            _flag(rule, lot, lot["bidder_name"], prices, explanation, value, threshold=threshold)
        )
    return flags


def _flag(rule: Rule, lot: dict, bidders, matched: str, explanation: str, value: float, **extra):
    """A price flag on one lot (``lot`` holds its project_id, lot_id and the rows)."""
    return Flag(
        rule=rule.id,
        severity=rule.severity,
        title=rule.title,
        basis=rule.basis,
        project_id=lot["project_id"],
        lot_id=lot["lot_id"],
        bidders=tuple(bidders),
        rows=tuple(lot["row"]),
        fields=("price",),
        matched=matched,
        value=value,
        explanation=explanation,
        innocent=rule.innocent,
        **extra,
    )


def _identical(bids: pl.DataFrame, rule: Rule, settings: dict) -> list[Flag]:
    """Different bidders of one lot with exactly the same price (any lot, valid or not: an
    identical price is a clue even on a disqualified bid). With ``skip_at_ceiling``, a price
    equal to the lot's ceiling or budget is left out (bidding at the cap is common)."""
    frame = bids.filter(pl.col("price").is_not_null() & pl.col("bidder_name").is_not_null())
    if "lot_id" not in frame.columns:
        frame = frame.with_columns(pl.col("project_id").alias("lot_id"))
    frame = frame.with_columns(pl.coalesce("lot_id", "project_id").alias("lot_id"))
    if settings["skip_at_ceiling"]:
        for cap in ("ceiling", "budget"):
            if cap in frame.columns:
                frame = frame.filter((pl.col("price") != pl.col(cap)).fill_null(True))
    groups = (
        frame.sort([*LOT, "row"])
        .group_by([*LOT, "price"], maintain_order=True)
        .agg(pl.col("bidder_name").unique(maintain_order=True).alias("bidders"), pl.col("row"))
        .filter(pl.col("bidders").list.len() >= 2)
        .sort([*LOT, "price"])
    )
    flags = []
    for group in groups.iter_rows(named=True):
        names = "、".join(group["bidders"])
        price = f"{group['price']:,.2f}"
        explanation = (
            f"同一标段内{len(group['bidders'])}家投标人（{names}）的投标报价完全相同"
            f"（{price}元），疑似报价经过协调或投标文件由同一人编制，需核实{_CLUE}。"
        )
        flags.append(
            _flag(rule, group, group["bidders"], price, explanation, float(group["price"]))
        )
    return flags
