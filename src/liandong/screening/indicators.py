"""OCDS red flags R003 … R058 (SCREENING.md), compatible with the Open Contracting Partnership's
cardinal indicator definitions, computed with polars over ``Dataset.bids``.

A "bid row" is a row with a bidder; rows without one stand for tenders or lots that received no
bid (see ``ocds.py``) and only count for R003. A tenderer is identified by ``bidder_id``, else by
``bidder_name``; a lot by (``project_id``, ``lot_id``), ``lot_id`` defaulting to the project.

Fences are Q1 − 1.5·IQR and Q3 + 1.5·IQR with quartiles by Hyndman & Fan's type 8 estimator (the
one cardinal uses, through statrs): h = (n + 1/3)·p + 1/3, interpolating between the ⌊h⌋-th and
the next order statistic. A fence is only computed over at least ``minimum_values`` values
(default 4; set it to 1 for cardinal's behaviour); a ``threshold`` parameter replaces the fence.
When the IQR is 0 only values strictly beyond the fence are flagged (else "at or beyond" would
flag a whole quartile of ordinary values); cardinal flags them too.
Indicators that cardinal reports per contracting process are computed per lot here (each lot has
its own bids and winner) and reported under the lot's ocid.

Flag.value is the measured quantity (days, ratio, count …) and Flag.threshold the threshold or
fence it was compared with; ``results`` gives cardinal's output values (1.0 for yes/no flags).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import Any

import polars as pl

from .model import Dataset, Flag, Rule, Severity, derived, narrow

INNOCENT_COMPETITION = ("市场上合格供应商本来就少", "项目规模小、关注度低", "专业性强、地域性强")

RULES: tuple[Rule, ...] = (
    Rule(
        id="R003",
        title="投标期过短",
        basis="OCDS指标R003：招标投标期（tenderPeriod结束−开始）短于阈值（默认15天，可按采购方式设置）。",
        severity=Severity.LOW,
        needs=(("tender_start", "tender_end"),),
        thresholds={"days": 15, "per_method": {}, "methods": ("open", "公开招标")},
        innocent=(
            "法定的简易或紧急程序",
            "更正公告延长了投标期但数据未更新",
            "框架协议下的再次竞争",
        ),
    ),
    Rule(
        id="R018",
        title="单一投标",
        basis="OCDS指标R018：公开或邀请（竞争性）程序只有一个投标人。",
        severity=Severity.MEDIUM,
        needs=(("bidder_name", "method"),),
        thresholds={"methods": ("open", "selective", "公开招标", "邀请招标")},
        innocent=INNOCENT_COMPETITION,
    ),
    Rule(
        id="R024",
        title="次低有效报价与中标价过于接近",
        basis="OCDS指标R024：（次低有效报价−中标价）/中标价 不高于下围栏 Q1−1.5·IQR。",
        severity=Severity.MEDIUM,
        needs=(("price", "valid", "awarded"),),
        thresholds={"minimum_values": 4},
        innocent=("竞争充分、成本透明的标准化产品", "最高限价或清单计价使报价趋同"),
    ),
    Rule(
        id="R025",
        title="频繁投标却极少中标",
        basis=(
            "OCDS指标R025：投标次数不低于第75百分位的投标人，"
            "中标次数/有效投标次数 不高于下围栏 Q1−1.5·IQR。"
        ),
        severity=Severity.LOW,
        needs=(("valid", "awarded"),),
        thresholds={"minimum_values": 4, "percentile": 75},
        innocent=("投标人报价策略保守或能力不足", "新进入市场的企业", "投标以了解市场为目的"),
    ),
    Rule(
        id="R028",
        title="不同投标人报价相同",
        basis="OCDS指标R028：同一标段中不同投标人的报价完全相同。",
        severity=Severity.MEDIUM,
        needs=(("price",),),
        thresholds={"no_price_comparison_methods": ()},
        innocent=("按最高限价或固定单价报价", "政府定价或统一费率的项目"),
    ),
    Rule(
        id="R030",
        title="逾期投标中标",
        basis="OCDS指标R030：提交时间晚于投标截止时间的有效投标属于中标人。",
        severity=Severity.MEDIUM,
        needs=(("bid_at", "tender_end", "awarded"),),
        innocent=(
            "截止时间延长而数据未更新",
            "投标日期记录的是修改或开标时间（如ProZorro拍卖后的更新）",
        ),
    ),
    Rule(
        id="R035",
        title="除中标人外其余投标均被否决",
        basis="OCDS指标R035：只有一个投标人的投标有效且为全部中标人，另有至少1个（阈值）投标人被否决。",
        severity=Severity.MEDIUM,
        needs=(("valid", "awarded"),),
        thresholds={"threshold": 1},
        innocent=("其他投标人确实不满足资格或实质性要求", "招标文件要求复杂导致普遍废标"),
    ),
    Rule(
        id="R036",
        title="最低报价被否决",
        basis="OCDS指标R036：已有中标结果，而最低的投标报价被否决（价格为唯一评标因素时尤其值得关注）。",
        severity=Severity.MEDIUM,
        needs=(("price", "valid", "awarded"),),
        innocent=("最低价投标低于成本或未响应实质性要求", "综合评分法下价格并非唯一因素"),
    ),
    Rule(
        id="R038",
        title="被否决投标比例过高",
        basis=(
            "OCDS指标R038：采购人、采购代理机构或投标人的被否决投标占提交投标的比例"
            "不低于上围栏 Q3+1.5·IQR。"
        ),
        severity=Severity.LOW,
        needs=(("valid",),),
        thresholds={
            "minimum_values": 4,
            "minimum_submitted_bids": 2,
            "minimum_contracting_processes": 2,
        },
        innocent=("采购需求专业、资格要求高", "投标人普遍准备不足"),
    ),
    Rule(
        id="R048",
        title="中标品目跨度异常",
        basis=(
            "OCDS指标R048：供应商中标品目的不同一级分类数（分类码前2位）不低于上围栏 Q3+1.5·IQR。"
        ),
        severity=Severity.LOW,
        needs=(("classification", "awarded"),),
        thresholds={"minimum_values": 4, "digits": 2},
        innocent=("综合性贸易或集成企业", "分类码录入不规范"),
    ),
    Rule(
        id="R058",
        title="中标价大幅低于次低有效报价",
        basis="OCDS指标R058：（次低有效报价−中标价）/中标价 不低于上围栏 Q3+1.5·IQR。",
        severity=Severity.LOW,
        needs=(("price", "valid", "awarded"),),
        thresholds={"minimum_values": 4},
        innocent=("中标人有成本或技术优势", "其他投标人报价偏高"),
    ),
)
BY_ID = {rule.id: rule for rule in RULES}
BINARY = frozenset({"R003", "R018", "R028", "R030", "R036"})  # cardinal outputs 1.0 for these
LOWEST_WINS = frozenset({"R024", "R025"})  # several flags of one identifier: keep the lowest


# --- quartiles and fences ------------------------------------------------------------------


def quantile(values: Iterable[float], p: float) -> float:
    """Type 8 quantile (Hyndman & Fan; statrs' ``quantile``), NaN for no values."""
    series = pl.Series(values=list(values), dtype=pl.Float64).drop_nulls().drop_nans().sort()
    n = series.len()
    if n == 0:
        return math.nan
    h = (n + 1 / 3) * p + 1 / 3
    whole = math.floor(h)
    if whole <= 0 or p == 0:
        return float(series[0])
    if whole >= n or p == 1:
        return float(series[-1])
    low, high = float(series[whole - 1]), float(series[whole])
    return low + (h - whole) * (high - low)


def fence(values: Iterable[float]) -> dict[str, float]:
    """Q1, Q3, IQR and the lower/upper fences of the values."""
    values = list(values)
    q1, q3 = quantile(values, 0.25), quantile(values, 0.75)
    iqr = q3 - q1
    return {
        "q1": q1,
        "q3": q3,
        "iqr": iqr,
        "lower": q1 - 1.5 * iqr,
        "upper": q3 + 1.5 * iqr,
        "n": len(values),
    }


def _outlier(column: str, limit: float, *, low: bool, strict: bool) -> pl.Expr:
    """At or beyond the fence; strictly beyond when the IQR is 0, as "at" would then flag a whole
    quartile of ordinary values (e.g. every supplier with one classification)."""
    value = pl.col(column)
    if low:
        return value < limit if strict else value <= limit
    return value > limit if strict else value >= limit


# --- shared frames -------------------------------------------------------------------------


def _col(frame: pl.DataFrame, name: str, dtype: pl.DataType | None = None) -> pl.Expr:
    if name in frame.columns:
        return pl.col(name)
    return pl.lit(None, dtype=dtype or pl.Utf8).alias(name)


# the columns the indicators read
READS = ("row", "project_id", "lot_id", "bidder_name", "bidder_id", "awarded", "valid", "price")
READS += ("currency", "method", "tender_start", "tender_end", "bid_at", "buyer", "buyer_id")
READS += ("agency", "classification", "award_only")


def _once_per_data_set(compute: Callable[..., Any]) -> Callable[..., Any]:
    """``compute(dataset, *settings)`` once per data set and settings: the indicators and their
    fences read the same tables (``model.derived``)."""

    @functools.wraps(compute)
    def once(dataset: Dataset, *settings: Any) -> Any:
        key = (compute.__name__, repr(settings))
        return derived(dataset.bids, key, lambda: compute(dataset, *settings))

    return once


@_once_per_data_set
def _prepared(dataset: Dataset) -> pl.DataFrame:
    """Bid rows with ``lot`` (lot_id or project), ``tenderer`` (id or name) and null-safe flags."""
    frame = narrow(dataset.bids, READS)
    if "bidder_name" not in frame.columns:
        return pl.DataFrame()
    lot = pl.coalesce(_col(frame, "lot_id"), pl.col("project_id"))
    return frame.filter(pl.col("bidder_name").is_not_null()).with_columns(
        lot.alias("lot_id"),
        pl.coalesce(_col(frame, "bidder_id"), pl.col("bidder_name")).alias("tenderer"),
        _col(frame, "awarded", pl.Boolean).fill_null(False).alias("won"),
        _col(frame, "valid", pl.Boolean).alias("valid"),
        _col(frame, "price", pl.Float64).alias("price"),
        _col(frame, "row", pl.Int64).alias("row"),
    )


def _rows(values: Any, limit: int = 20) -> tuple[int, ...]:
    return tuple(int(v) for v in (values or [])[:limit] if v is not None)


def _settings(rule: Rule, params: dict | None) -> dict:
    return {**rule.thresholds, **(params or {})}


def _flag(rule: Rule, **fields: Any) -> Flag:
    return Flag(
        rule=rule.id,
        severity=rule.severity,
        title=rule.title,
        basis=rule.basis,
        innocent=rule.innocent,
        **fields,
    )


# --- the indicators ------------------------------------------------------------------------


def _r003(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    frame = narrow(dataset.bids, READS)
    if not dataset.has("tender_start", "tender_end"):
        return []
    per_process = (
        frame.filter(pl.col("tender_start").is_not_null() & pl.col("tender_end").is_not_null())
        .group_by("project_id", maintain_order=True)
        .agg(
            pl.col("tender_start").first(),
            pl.col("tender_end").first(),
            _col(frame, "method").first().alias("method"),
            _col(frame, "row", pl.Int64).first().alias("row"),
        )
        .with_columns(
            ((pl.col("tender_end") - pl.col("tender_start")).dt.total_seconds() / 86400).alias(
                "days"
            )
        )
    )
    methods = set(s.get("methods") or ())
    per_method = s.get("per_method") or {}
    default = float(s["days"])
    if not dataset.has("method"):
        methods = set()
    flags = []
    for ocid, method, row, days in per_process.select(
        "project_id", "method", "row", "days"
    ).iter_rows():
        if methods and method not in methods and method not in per_method:
            continue
        limit = float(per_method.get(method, default))
        if days < limit:
            flags.append(
                _flag(
                    rule,
                    project_id=ocid,
                    rows=_rows([row]),
                    fields=("tender_start", "tender_end", "method"),
                    matched=str(method or ""),
                    value=round(days, 4),
                    threshold=limit,
                    explanation=f"投标期{days:.1f}天，短于{limit:g}天，值得核查是否限制了潜在投标人的准备时间。",
                    group="OCID",
                    identifier=ocid,
                )
            )
    return flags


def _r018(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    bids = _prepared(dataset)
    if bids.is_empty() or "method" not in bids.columns:
        return []
    methods = list(s.get("methods") or ())
    if "award_only" in bids.columns:  # suppliers awarded in lots without bids did not bid
        bids = bids.filter(~pl.col("award_only").fill_null(False))
    lots = (
        bids.filter(pl.col("method").is_in(methods))
        .group_by("project_id", "lot_id", maintain_order=True)
        .agg(
            pl.col("tenderer").n_unique().alias("n"),
            pl.col("bidder_name").first(),
            pl.col("row"),
            pl.col("method").first(),
        )
        .filter(pl.col("n") == 1)
    )
    return [
        _flag(
            rule,
            project_id=ocid,
            lot_id=lot,
            bidders=(name,),
            rows=_rows(rows),
            fields=("bidder_name", "method"),
            matched=str(method),
            value=1.0,
            threshold=1.0,
            explanation=f"采购方式为{method}的竞争性程序，本标段只有1个投标人（{name}），值得核查竞争是否被抑制。",
            group="OCID",
            identifier=ocid,
        )
        for ocid, lot, _n, name, rows, method in lots.iter_rows()
    ]


@_once_per_data_set
def _second_lowest(dataset: Dataset) -> pl.DataFrame:
    """Per lot with one winner, the lowest valid bidder: (second lowest − winning) / winning."""
    bids = _prepared(dataset)
    if bids.is_empty() or not dataset.has("price", "valid", "awarded"):
        return pl.DataFrame(schema={"project_id": pl.Utf8, "lot_id": pl.Utf8, "ratio": pl.Float64})
    currency = _col(bids, "currency")
    valid = pl.col("valid").fill_null(False) & pl.col("price").is_not_null()
    lots = (
        bids.with_columns(currency.alias("currency"))
        .group_by("project_id", "lot_id", maintain_order=True)
        .agg(
            pl.col("tenderer").filter(pl.col("won")).n_unique().alias("winners"),
            pl.col("tenderer").filter(pl.col("won")).first().alias("winner"),
            pl.col("bidder_name").filter(pl.col("won")).first().alias("winner_name"),
            pl.col("price").filter(valid & pl.col("won")).min().alias("winning"),
            pl.col("price").filter(valid & ~pl.col("won")).min().alias("second"),
            pl.col("bidder_name")
            .filter(valid & ~pl.col("won"))
            .sort_by(pl.col("price").filter(valid & ~pl.col("won")))
            .first()
            .alias("second_name"),
            pl.col("currency").drop_nulls().n_unique().alias("currencies"),
            pl.col("row").filter(valid).alias("rows"),
        )
        .filter(
            (pl.col("winners") == 1)
            & (pl.col("currencies") <= 1)
            & pl.col("winning").is_not_null()
            & pl.col("second").is_not_null()
            & (pl.col("winning") > 0)
            & (pl.col("second") >= pl.col("winning"))
        )
        .with_columns(((pl.col("second") - pl.col("winning")) / pl.col("winning")).alias("ratio"))
    )
    return lots


def _ratio_flags(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    lots = _second_lowest(dataset)
    if lots.is_empty():
        return []
    low = rule.id == "R024"
    if "threshold" in s:
        limit, strict = float(s["threshold"]), False
    else:
        if lots.height < int(s.get("minimum_values", 4)):
            return []
        fences = fence(lots["ratio"])
        limit, strict = (fences["lower"] if low else fences["upper"]), fences["iqr"] == 0
    hit = lots.filter(_outlier("ratio", limit, low=low, strict=strict))
    flags = []
    for lot in hit.iter_rows(named=True):
        ratio = lot["ratio"]
        if low:
            text = (
                f"次低有效报价仅比中标价高{ratio:.2%}，不高于下围栏{limit:.2%}，"
                "值得核查是否为陪标。"
            )
        else:
            text = (
                f"次低有效报价比中标价高{ratio:.2%}，不低于上围栏{limit:.2%}，"
                "值得核查中标价是否异常偏低。"
            )
        flags.append(
            _flag(
                rule,
                project_id=lot["project_id"],
                lot_id=lot["lot_id"],
                bidders=tuple(n for n in (lot["winner_name"], lot["second_name"]) if n),
                rows=_rows(lot["rows"]),
                fields=("price", "awarded", "valid"),
                matched=f"{lot['winning']:g} / {lot['second']:g}",
                value=ratio,
                threshold=limit,
                explanation=text,
                group="OCID",
                identifier=lot["project_id"],
            )
        )
    return flags


@_once_per_data_set
def _r025_table(dataset: Dataset) -> pl.DataFrame:
    bids = _prepared(dataset)
    if bids.is_empty() or not dataset.has("valid", "awarded"):
        return pl.DataFrame(
            schema={"tenderer": pl.Utf8, "bids": pl.UInt32, "wins": pl.UInt32, "ratio": pl.Float64}
        )
    one_winner = bids.group_by("project_id", "lot_id").agg(
        pl.col("tenderer").filter(pl.col("won")).n_unique().alias("winners")
    )
    return (
        bids.join(one_winner, on=["project_id", "lot_id"])
        .filter((pl.col("winners") == 1) & pl.col("valid").fill_null(False))
        .group_by("project_id", "lot_id", "tenderer")  # once per lot, however many bids
        .agg(pl.col("won").any(), pl.col("bidder_name").first(), pl.col("row").first())
        .group_by("tenderer")
        .agg(
            pl.len().alias("bids"),
            pl.col("won").sum().alias("wins"),
            pl.col("bidder_name").first(),
            pl.col("row").sort(),
        )
        .with_columns((pl.col("wins") / pl.col("bids")).alias("ratio"))
        .sort("tenderer")
    )


def _r025(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    table = _r025_table(dataset)
    if table.is_empty():
        return []
    frequent = quantile(table["bids"].cast(pl.Float64), float(s.get("percentile", 75)) / 100)
    if "threshold" in s:
        limit, strict = float(s["threshold"]), False
    else:
        if table.height < int(s.get("minimum_values", 4)):
            return []
        fences = fence(table["ratio"])
        limit, strict = fences["lower"], fences["iqr"] == 0
    hit = table.filter(
        (pl.col("bids") >= frequent) & _outlier("ratio", limit, low=True, strict=strict)
    )
    return [
        _flag(
            rule,
            bidders=(t["bidder_name"],),
            rows=_rows(t["row"]),
            fields=("valid", "awarded"),
            matched=f"{t['wins']}/{t['bids']}",
            value=t["ratio"],
            threshold=limit,
            explanation=(
                f"{t['bidder_name']}有效投标{t['bids']}个标段"
                f"（不少于第{s.get('percentile', 75)}百分位{frequent:g}），"
                f"中标{t['wins']}个，中标率{t['ratio']:.2%}不高于下围栏{limit:.2%}，"
                "值得核查是否长期陪标。"
            ),
            group="Tenderer",
            identifier=t["tenderer"],
        )
        for t in hit.iter_rows(named=True)
    ]


def _r028(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    bids = _prepared(dataset)
    if bids.is_empty() or not dataset.has("price"):
        return []
    excluded = list(s.get("no_price_comparison_methods") or ())
    if excluded and "method" in bids.columns:
        bids = bids.filter(~pl.col("method").is_in(excluded) | pl.col("method").is_null())
    same = (
        bids.filter(pl.col("price").is_not_null())
        .group_by("project_id", "lot_id", "price", maintain_order=True)
        .agg(
            pl.col("tenderer").n_unique().alias("n"),
            pl.col("tenderer").unique(maintain_order=True).alias("tenderers"),
            pl.col("bidder_name").unique(maintain_order=True).alias("names"),
            pl.col("row"),
        )
        .filter(pl.col("n") >= 2)
    )
    flags = []
    for hit in same.iter_rows(named=True):
        names = tuple(hit["names"])
        text = (
            f"{len(hit['tenderers'])}个不同投标人报价均为{hit['price']:g}，"
            "值得核查报价信息是否泄露或相互串通。"
        )
        common = {
            "project_id": hit["project_id"],
            "lot_id": hit["lot_id"],
            "bidders": names,
            "rows": _rows(hit["row"]),
            "fields": ("price",),
            "matched": f"{hit['price']:g}",
            "value": float(hit["n"]),
            "threshold": 2.0,
            "explanation": text,
        }
        flags.append(_flag(rule, group="OCID", identifier=hit["project_id"], **common))
        flags.extend(
            _flag(rule, group="Tenderer", identifier=t, **common) for t in hit["tenderers"]
        )
    return flags


def _r030(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    bids = _prepared(dataset)
    if bids.is_empty() or not dataset.has("bid_at", "tender_end", "awarded"):
        return []
    late = bids.filter(
        pl.col("won")
        & (pl.col("valid").is_null() | pl.col("valid"))
        & (pl.col("bid_at") > pl.col("tender_end"))
    ).with_columns(
        ((pl.col("bid_at") - pl.col("tender_end")).dt.total_seconds() / 86400).alias("days")
    )
    return [
        _flag(
            rule,
            project_id=b["project_id"],
            lot_id=b["lot_id"],
            bidders=(b["bidder_name"],),
            rows=_rows([b["row"]]),
            fields=("bid_at", "tender_end", "awarded"),
            matched=f"{b['bid_at']:%Y-%m-%d %H:%M} > {b['tender_end']:%Y-%m-%d %H:%M}",
            value=round(b["days"], 4),
            threshold=0.0,
            explanation=f"中标人{b['bidder_name']}的投标时间晚于截止时间{b['days']:.2f}天，值得核查是否接受了逾期投标。",
            group="OCID",
            identifier=b["project_id"],
        )
        for b in late.iter_rows(named=True)
    ]


def _r035(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    bids = _prepared(dataset)
    if bids.is_empty() or not dataset.has("valid", "awarded"):
        return []
    submitted = bids.filter(pl.col("valid").is_not_null())
    lots = (
        submitted.group_by("project_id", "lot_id", maintain_order=True)
        .agg(
            pl.col("tenderer").filter(pl.col("valid")).n_unique().alias("n_valid"),
            pl.col("tenderer").filter(pl.col("valid")).first().alias("valid_t"),
            pl.col("tenderer").filter(pl.col("won")).n_unique().alias("n_won"),
            pl.col("tenderer").filter(pl.col("won")).first().alias("won_t"),
        )
        .filter(
            (pl.col("n_valid") == 1)
            & (pl.col("n_won") == 1)
            & (pl.col("valid_t") == pl.col("won_t"))
        )
    )
    minimum = int(s.get("threshold", 1))
    hits = (
        submitted.join(lots, on=["project_id", "lot_id"])
        .group_by("project_id", "lot_id", maintain_order=True)
        .agg(
            pl.col("tenderer")
            .filter(~pl.col("valid") & (pl.col("tenderer") != pl.col("valid_t")))
            .n_unique()
            .alias("n"),
            pl.col("bidder_name")
            .filter(pl.col("tenderer") == pl.col("valid_t"))
            .first()
            .alias("winner"),
            pl.col("bidder_name")
            .filter(~pl.col("valid"))
            .unique(maintain_order=True)
            .alias("others"),
            pl.col("row"),
        )
        .filter(pl.col("n") >= minimum)
    )
    return [
        _flag(
            rule,
            project_id=h["project_id"],
            lot_id=h["lot_id"],
            bidders=(h["winner"], *h["others"]),
            rows=_rows(h["row"]),
            fields=("valid", "awarded"),
            value=float(h["n"]),
            threshold=float(minimum),
            explanation=f"除中标人{h['winner']}外，其余{h['n']}个投标人的投标均被否决，值得核查否决理由是否一致、充分。",
            group="OCID",
            identifier=h["project_id"],
        )
        for h in hits.iter_rows(named=True)
    ]


def _r036(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    bids = _prepared(dataset)
    if bids.is_empty() or not dataset.has("price", "valid", "awarded"):
        return []
    submitted = pl.col("valid").is_not_null() & pl.col("price").is_not_null()
    lots = (
        bids.group_by("project_id", "lot_id", maintain_order=True)
        .agg(
            pl.col("won").any().alias("any_won"),
            pl.col("price").filter(submitted & ~pl.col("valid")).min().alias("lowest_out"),
            pl.col("price").filter(submitted & pl.col("valid")).min().alias("lowest_in"),
            pl.col("bidder_name")
            .filter(submitted & ~pl.col("valid"))
            .sort_by(pl.col("price").filter(submitted & ~pl.col("valid")))
            .first()
            .alias("name"),
            pl.col("row").filter(submitted),
        )
        .filter(
            pl.col("any_won")
            & pl.col("lowest_out").is_not_null()
            & (pl.col("lowest_in").is_null() | (pl.col("lowest_out") < pl.col("lowest_in")))
        )
    )
    return [
        _flag(
            rule,
            project_id=h["project_id"],
            lot_id=h["lot_id"],
            bidders=(h["name"],),
            rows=_rows(h["row"]),
            fields=("price", "valid", "awarded"),
            matched=f"{h['lowest_out']:g}",
            value=1.0,
            threshold=None,
            explanation=(
                f"最低报价{h['lowest_out']:g}（{h['name']}）被否决"
                + (f"，有效投标最低为{h['lowest_in']:g}" if h["lowest_in"] is not None else "")
                + "，值得核查否决理由，尤其是价格为唯一评标因素时。"
            ),
            group="OCID",
            identifier=h["project_id"],
        )
        for h in lots.iter_rows(named=True)
    ]


R038_GROUPS = (
    ("Buyer", "buyer_id", "buyer"),
    ("ProcuringEntity", None, "agency"),
    ("Tenderer", None, None),
)


@_once_per_data_set
def _r038_tables(dataset: Dataset, s: dict) -> dict[str, pl.DataFrame]:
    bids = _prepared(dataset)
    if bids.is_empty() or not dataset.has("valid"):
        return {}
    submitted = bids.filter(pl.col("valid").is_not_null()).with_columns(
        pl.coalesce(_col(bids, "buyer_id"), _col(bids, "buyer")).alias("Buyer"),
        _col(bids, "agency").alias("ProcuringEntity"),
        pl.col("tenderer").alias("Tenderer"),
    )
    tables = {}
    for group, _id, _name in R038_GROUPS:
        if group == "Tenderer":
            minimum = pl.len() >= int(s.get("minimum_submitted_bids", 2))
        else:
            minimum = pl.col("project_id").n_unique() >= int(
                s.get("minimum_contracting_processes", 2)
            )
        tables[group] = (
            submitted.filter(pl.col(group).is_not_null())
            .group_by(group)
            .agg(
                pl.len().alias("submitted"),
                (~pl.col("valid")).sum().alias("disqualified"),
                minimum.alias("enough"),
                pl.col("row").sort(),
                pl.col("bidder_name").first(),
            )
            .filter(pl.col("enough"))
            .with_columns((pl.col("disqualified") / pl.col("submitted")).alias("ratio"))
            .sort(group)
        )
    return tables


def _r038(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    flags = []
    labels = {"Buyer": "采购人", "ProcuringEntity": "采购代理机构", "Tenderer": "投标人"}
    for group, table in _r038_tables(dataset, s).items():
        if table.is_empty():
            continue
        if "threshold" in s:
            limit, strict = float(s["threshold"]), False
        elif table.height < int(s.get("minimum_values", 4)):
            continue
        else:
            fences = fence(table["ratio"])
            limit, strict = fences["upper"], fences["iqr"] == 0
        hit = table.filter(_outlier("ratio", limit, low=False, strict=strict))
        for t in hit.iter_rows(named=True):
            flags.append(
                _flag(
                    rule,
                    bidders=(t["bidder_name"],) if group == "Tenderer" else (),
                    rows=_rows(t["row"]),
                    fields=("valid",),
                    matched=f"{t['disqualified']}/{t['submitted']}",
                    value=t["ratio"],
                    threshold=limit,
                    explanation=(
                        f"{labels[group]}{t[group]}的提交投标中{t['disqualified']}/{t['submitted']}被否决"
                        f"（{t['ratio']:.2%}），不低于上围栏{limit:.2%}，值得核查。"
                    ),
                    group=group,
                    identifier=t[group],
                )
            )
    return flags


@_once_per_data_set
def _r048_table(dataset: Dataset, s: dict) -> pl.DataFrame:
    bids = _prepared(dataset)
    if bids.is_empty() or not dataset.has("classification", "awarded"):
        return pl.DataFrame(schema={"tenderer": pl.Utf8, "variety": pl.UInt32})
    digits = int(s.get("digits", 2))
    return (
        bids.filter(pl.col("won") & pl.col("classification").is_not_null())
        .select(
            "tenderer", "bidder_name", "row", pl.col("classification").str.split("|").alias("code")
        )
        .explode("code")
        .with_columns(pl.col("code").str.strip_chars().str.slice(0, digits))
        .filter(pl.col("code") != "")
        .group_by("tenderer")
        .agg(
            pl.col("code").n_unique().alias("variety"),
            pl.col("code").unique().sort().alias("codes"),
            pl.col("bidder_name").first(),
            pl.col("row").unique().sort(),
        )
        .sort("tenderer")
    )


def _r048(dataset: Dataset, rule: Rule, s: dict) -> list[Flag]:
    table = _r048_table(dataset, s)
    if table.is_empty():
        return []
    if "threshold" in s:
        limit, strict = float(s["threshold"]), False
    elif table.height < int(s.get("minimum_values", 4)):
        return []
    else:
        fences = fence(table["variety"].cast(pl.Float64))
        limit, strict = fences["upper"], fences["iqr"] == 0
    return [
        _flag(
            rule,
            bidders=(t["bidder_name"],),
            rows=_rows(t["row"]),
            fields=("classification", "awarded"),
            matched="、".join(t["codes"]),
            value=float(t["variety"]),
            threshold=limit,
            explanation=f"{t['bidder_name']}中标品目涉及{t['variety']}个不同一级分类，不低于上围栏{limit:g}，值得核查其履约能力。",
            group="Tenderer",
            identifier=t["tenderer"],
        )
        for t in table.filter(_outlier("variety", limit, low=False, strict=strict)).iter_rows(
            named=True
        )
    ]


CHECKS: dict[str, Callable[[Dataset, Rule, dict], list[Flag]]] = {
    "R003": _r003,
    "R018": _r018,
    "R024": _ratio_flags,
    "R025": _r025,
    "R028": _r028,
    "R030": _r030,
    "R035": _r035,
    "R036": _r036,
    "R038": _r038,
    "R048": _r048,
    "R058": _ratio_flags,
}


def check(dataset: Dataset, rule: Rule, params: dict | None = None) -> list[Flag]:
    """The flags of one indicator; ``params`` override the rule's thresholds (e.g. ``days``,
    ``threshold`` to replace a fence, ``minimum_values``)."""
    return CHECKS[rule.id](dataset, rule, _settings(rule, params))


def fences(dataset: Dataset, params: dict | None = None) -> dict[str, dict[str, float]]:
    """The quartiles and fences of the fence-based indicators, by code (R038 by group:
    ``R038.Buyer``, ``R038.ProcuringEntity``, ``R038.Tenderer``). ``params`` maps codes to
    parameter overrides. A code is missing when there are fewer values than ``minimum_values``."""
    params = params or {}
    out: dict[str, dict[str, float]] = {}

    def enough(code: str, n: int) -> bool:
        return n > 0 and n >= int(_settings(BY_ID[code], params.get(code)).get("minimum_values", 4))

    ratios = _second_lowest(dataset)
    for code in ("R024", "R058"):
        if enough(code, ratios.height):
            out[code] = fence(ratios["ratio"])
    table = _r025_table(dataset)
    if enough("R025", table.height):
        s = _settings(BY_ID["R025"], params.get("R025"))
        out["R025"] = fence(table["ratio"]) | {
            "frequent_bids": quantile(table["bids"].cast(pl.Float64), float(s["percentile"]) / 100)
        }
    for group, t in _r038_tables(dataset, _settings(BY_ID["R038"], params.get("R038"))).items():
        if enough("R038", t.height):
            out[f"R038.{group}"] = fence(t["ratio"])
    varieties = _r048_table(dataset, _settings(BY_ID["R048"], params.get("R048")))
    if enough("R048", varieties.height):
        out["R048"] = fence(varieties["variety"].cast(pl.Float64))
    return out


def results(flags: Iterable[Flag]) -> dict[str, dict[str, dict[str, float]]]:
    """Cardinal's output shape: group → identifier → code → value (1.0 for yes/no indicators;
    when one identifier is flagged more than once, e.g. on several lots, the most extreme value)."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for flag in flags:
        if not flag.group:
            continue
        value = 1.0 if flag.rule in BINARY or flag.value is None else float(flag.value)
        codes = out.setdefault(flag.group, {}).setdefault(flag.identifier, {})
        if flag.rule in codes:
            pick = min if flag.rule in LOWEST_WINS else max
            value = pick(codes[flag.rule], value)
        codes[flag.rule] = value
    return out
