"""The statutory rules S1–S9 (SCREENING.md; 招标投标法实施条例第三十九、四十条; 财政部令第87号
第三十七条) as data (``RULES``) and one entry point, ``check(dataset, rule, params)``.

Every match is computed with polars group-bys over (lot, shared value) — cost linear in rows — and
only the matches (few) become ``Flag``s in Python. A flag groups the bidders of one lot that share
a value; two or more fields shared by the same bidders make one flag listing every field.
Identifiers are compared normalised (case, spaces and separators ignored) and displayed as the
first row's value; hashes are masked (first 8 characters + "…").
"""

import polars as pl

from .model import LOT, Dataset, Flag, Rule, Severity, narrow

LABELS = {
    "machine_code": "文件制作机器码",
    "mac": "网卡MAC地址",
    "cpu": "CPU序列号",
    "hdd": "硬盘序列号",
    "board": "主板序列号",
    "pricing_lock": "计价软件加密锁序列号",
    "file_id_code": "文件创建标识码",
    "upload_ip": "上传IP地址",
    "decrypt_ip": "解密IP地址",
    "deposit_account_hash": "保证金缴纳账号",
    "deposit_account_name": "保证金缴纳账户名",
    "contact": "联系人",
    "phone": "联系电话",
    "email": "电子邮箱",
    "manager": "项目负责人",
    "manager_id_hash": "项目负责人证件号",
    "legal_rep": "法定代表人",
    "agent": "授权代表",
    "author": "文档作者",
    "last_modifier": "最后修改人",
    "doc_company": "文档公司属性",
    "similarity": "平台雷同度",
    "bidder_name": "投标人名称",
    "price": "投标报价",
    "awarded": "是否中标",
}
HARDWARE = ("mac", "cpu", "hdd")
# Values that identify nothing: BIOS fillers, zeroed serials, "无".
PLACEHOLDERS = (
    "",
    "0",
    "无",
    "NONE",
    "NULL",
    "N/A",
    "NA",
    "UNKNOWN",
    "DEFAULTSTRING",
    "TOBEFILLEDBYOEM",
    "SYSTEMSERIALNUMBER",
    "000000000000",
    "FFFFFFFFFFFF",
)
GENERIC_DOCUMENT_NAMES = (
    "Administrator",
    "admin",
    "User",
    "Users",
    "微软用户",
    "微软中国",
    "Microsoft",
    "Microsoft Corporation",
    "China",
    "Windows 用户",
    "Windows User",
    "WPS",
    "Lenovo",
    "联想",
    "dell",
    "HP",
    "番茄花园",
    "雨林木风",
    "深度",
    "MC SYSTEM",
    "Sky123.Org",
    "Organization",
)
_RANK = {Severity.LOW: 0, Severity.MEDIUM: 1, Severity.HIGH: 2}
_CLUE = "（线索，不是结论）"

RULES: tuple[Rule, ...] = (
    Rule(
        id="S1",
        title="不同投标人投标文件制作设备相同",
        basis="招标投标法实施条例第四十条(一)(二)；财政部令第87号第三十七条(一)(二)",
        severity=Severity.HIGH,
        needs=(("machine_code",), ("mac",), ("cpu",), ("hdd",), ("board",)),
        thresholds={"placeholders": PLACEHOLDERS, "single_field_severity": Severity.MEDIUM},
        innocent=(
            "同一维修点维修电脑（硬件序列号被复制或更换部件）",
            "开标现场或交易中心提供的统一设备上传（应已按“是否开标现场上传”排除）",
            "同一代理机构或打字复印店代为制作电子投标文件",
            "虚拟机、云桌面或同一批次克隆安装的电脑",
        ),
    ),
    Rule(
        id="S2",
        title="不同投标人计价软件加密锁序列号相同",
        basis="招标投标法实施条例第四十条(一)；财政部令第87号第三十七条(一)",
        severity=Severity.HIGH,
        needs=(("pricing_lock",),),
        thresholds={"ceiling_locks": (), "placeholders": PLACEHOLDERS},
        innocent=(
            "招标控制价（最高限价）文件的加密锁被投标文件继承（应在 ceiling_locks 中列出后排除）",
            "同一造价咨询公司受托编制清单计价",
            "计价软件试用版或公共锁号",
        ),
    ),
    Rule(
        id="S3",
        title="不同投标人文件创建标识码相同",
        basis="招标投标法实施条例第四十条(一)(五)；财政部令第87号第三十七条(一)(五)",
        severity=Severity.MEDIUM,
        needs=(("file_id_code",),),
        thresholds={"severity": Severity.MEDIUM, "placeholders": PLACEHOLDERS},
        innocent=(
            "同一代理机构提供的投标文件模板",
            "从交易平台下载的同一招标文件或模板继承了标识码",
        ),
    ),
    Rule(
        id="S4",
        title="不同投标人上传或解密IP地址相同",
        basis="招标投标法实施条例第四十条(二)；财政部令第87号第三十七条(二)",
        severity=Severity.MEDIUM,
        needs=(("upload_ip",), ("decrypt_ip",)),
        thresholds={"ignore_ips": (), "placeholders": PLACEHOLDERS},
        innocent=(
            "同一写字楼、园区或共享办公空间共用网络出口",
            "移动网络运营商的共享出口IP（NAT）",
            "在同一酒店、网吧或交易中心公共区域上传",
            "同一代理机构代为上传（本身也需核实是否属“委托同一单位办理投标事宜”）",
        ),
    ),
    Rule(
        id="S5",
        title="不同投标人的投标保证金从同一账户转出",
        basis="招标投标法实施条例第四十条(六)；财政部令第87号第三十七条(六)",
        severity=Severity.HIGH,
        needs=(("deposit_account_hash",), ("deposit_account_name",)),
        thresholds={
            "exempt_forms": ("保函", "保证保险", "担保"),
            "name_only_severity": Severity.MEDIUM,
            "placeholders": PLACEHOLDERS,
        },
        innocent=(
            "同一担保公司、保险公司或银行代为缴纳（保函、保证保险）",
            "数据导出时将收款账户误填为缴款账户",
            "集团财务公司统一支付（同一集团多家成员参与同一标段本身也需核实）",
        ),
    ),
    Rule(
        id="S6",
        title="不同投标人的联系人、联系方式、授权代表或项目负责人相同",
        basis="招标投标法实施条例第四十条(二)(三)；财政部令第87号第三十七条(二)(三)",
        severity=Severity.HIGH,
        needs=(
            ("contact",),
            ("phone",),
            ("email",),
            ("agent",),
            ("manager",),
            ("manager_id_hash",),
        ),
        thresholds={"name_only_severity": Severity.HIGH, "placeholders": PLACEHOLDERS},
        innocent=(
            "同名同姓的不同人员（仅姓名相同、无电话或证件号佐证时尤需核实）",
            "代理机构或咨询公司人员代为填写的联系方式",
            "数据录入错误（复制上一行）",
        ),
    ),
    Rule(
        id="S7",
        title="投标报价呈规律性差异",
        basis="招标投标法实施条例第四十条(四)；财政部令第87号第三十七条(四)",
        severity=Severity.MEDIUM,
        needs=(("price",),),
        thresholds={
            "min_bids": 3,
            "arithmetic_tolerance": 0.001,  # spread of the steps / their mean
            "geometric_tolerance": 0.001,  # spread of the ratios / (mean ratio − 1)
            "band_tolerance": 0.005,  # max / min − 1
        },
        innocent=(
            "以最高限价按固定下浮率报价（招标文件规定或行业惯例）",
            "市场价格高度透明的标准化产品",
            "投标人较少时偶然出现",
        ),
    ),
    Rule(
        id="S8",
        title="不同投标人的投标文件异常一致",
        basis="招标投标法实施条例第四十条(四)；财政部令第87号第三十七条(四)",
        severity=Severity.MEDIUM,
        needs=(("author",), ("last_modifier",), ("doc_company",), ("similarity",)),
        thresholds={"generic_names": GENERIC_DOCUMENT_NAMES, "similarity": 90.0},
        innocent=(
            "同一代理机构提供的投标文件模板",
            "操作系统或办公软件的默认用户名、盗版系统预置的公司名",
            "从招标文件或平台模板继承的文档属性",
            "招标文件格式要求高度统一导致平台雷同度偏高",
        ),
    ),
    Rule(
        id="S9",
        title="投标人反复共同投标且轮流中标，或法定代表人为同一人",
        basis=(
            "招标投标法实施条例第三十九条(二)(三)（约定中标人、约定部分投标人放弃中标）；"
            "政府采购法实施条例第十八条、招标投标法实施条例第三十四条（单位负责人为同一人的"
            "不同单位不得参加同一合同项下的采购活动或同一标段投标）"
        ),
        severity=Severity.MEDIUM,
        needs=(("awarded",), ("legal_rep",)),
        thresholds={"min_lots": 3, "officer_severity": Severity.MEDIUM},
        innocent=(
            "本地或细分市场供应商少，经常在同一批项目中相遇",
            "专业性强、资质要求高的项目只有少数供应商能参与",
            "正常竞争下的中标结果交替",
            "同名同姓的不同人员（只比对了法定代表人姓名，需以证件号或工商登记核实）",
        ),
    ),
)
BY_ID = {rule.id: rule for rule in RULES}


def check(dataset: Dataset, rule: Rule, params: dict | None = None) -> list[Flag]:
    """The flags of one rule over the data set; ``params`` override ``rule.thresholds``.
    Columns a rule needs but the data set lacks are treated as empty (the engine skips such
    rules with a note before calling)."""
    settings = {**rule.thresholds, **(params or {})}
    bids = _prepared(narrow(dataset.bids, _reads(rule)))
    if bids.height == 0:
        return []
    return _CHECKS[rule.id](bids, rule, settings)


# ---------------------------------------------------------------- shared machinery

_CONTEXT = ("row", "project_id", "lot_id", "bidder_name", "bidder_id", "valid", "awarded")
_CONTEXT += ("onsite_upload", "deposit_form", "award_only")


def _reads(rule: Rule) -> set[str]:
    """The columns a rule reads: its own, the lot's and the bidder's (S4 rereads S1–S3)."""
    rules = [BY_ID["S1"], BY_ID["S2"], BY_ID["S3"], rule] if rule.id == "S4" else [rule]
    return {*_CONTEXT, *(c for r in rules for columns in r.needs for c in columns)}


def _prepared(bids: pl.DataFrame) -> pl.DataFrame:
    if "award_only" in bids.columns:  # a supplier awarded without bidding made no bid
        bids = bids.filter(~pl.col("award_only").fill_null(False))
    if "row" not in bids.columns:
        bids = bids.with_row_index("row", offset=1).with_columns(pl.col("row").cast(pl.Int64))
    if "lot_id" not in bids.columns:
        bids = bids.with_columns(pl.col("project_id").alias("lot_id"))
    return bids.with_columns(pl.coalesce("lot_id", "project_id").alias("lot_id"))


def _has(bids: pl.DataFrame, column: str) -> bool:
    return column in bids.columns and bids[column].null_count() < bids.height


def _code(column: str, placeholders) -> pl.Expr:
    """An identifier compared without case, spaces or separators; placeholders → null."""
    key = pl.col(column).cast(pl.String).str.to_uppercase().str.replace_all(r"[\s\-:._]", "")
    ignored = [str(p).upper().replace(" ", "") for p in placeholders]
    return pl.when(~key.is_in(ignored) & ~key.str.contains(r"^0+$")).then(key)


def _ip(column: str, ignored) -> pl.Expr:
    key = pl.col(column).cast(pl.String).str.strip_chars().str.to_lowercase()
    return pl.when(~key.is_in([str(i).strip().lower() for i in ignored])).then(key)


def _name(column: str) -> pl.Expr:
    key = pl.col(column).cast(pl.String).str.replace_all(r"\s+", "").str.to_lowercase()
    return pl.when(key != "").then(key)


def _phone(column: str) -> pl.Expr:
    digits = pl.col(column).cast(pl.String).str.replace_all(r"\D", "")
    digits = (
        pl.when(digits.str.len_chars() == 13).then(digits.str.replace(r"^86", "")).otherwise(digits)
    )
    return pl.when(digits.str.len_chars() >= 7).then(digits)


def _groups(
    bids: pl.DataFrame, key: pl.Expr, field: str | tuple[str, ...], severity: str, shown: pl.Expr
) -> pl.LazyFrame:
    """Bidders of one lot sharing ``key``: one row per (lot, shared value) with ≥ 2 bidders.
    Lazy, so that a key expression using its normalised value several times computes it once
    and ``_merged`` runs a rule's groupings together."""
    fields = (field,) if isinstance(field, str) else field
    frame = bids.lazy().select(*LOT, "bidder_name", "row", key.alias("key"), shown.alias("shown"))
    frame = frame.filter(pl.col("key").is_not_null() & pl.col("bidder_name").is_not_null())
    # most values are unique: keep only the repeated ones before the costly list aggregation
    frame = frame.filter(pl.len().over(*LOT, "key") > 1)
    return (
        frame.group_by([*LOT, "key"])
        .agg(
            pl.col("bidder_name").unique().sort().alias("bidders"),
            pl.col("row").sort().alias("rows"),
            pl.col("shown").first().alias("shown"),
        )
        .filter(pl.col("bidders").list.len() >= 2)
        .select(
            *LOT,
            "bidders",
            "rows",
            pl.lit(list(fields), dtype=pl.List(pl.String)).alias("fields"),
            pl.col("shown").cast(pl.String),
            pl.lit(severity).alias("severity"),
        )
    )


def _shown(field: str) -> pl.Expr:
    value = pl.col(field).cast(pl.String)
    if field.endswith("_hash"):
        return value.str.slice(0, 8) + "…"
    return value


def _field_groups(bids, field: str, key: pl.Expr, severity: str) -> pl.LazyFrame | None:
    if not _has(bids, field):
        return None
    return _groups(bids, key, field, severity, _shown(field))


def _merged(parts: list[pl.LazyFrame | None]) -> list[dict]:
    """Groups with the same bidders in the same lot become one: fields and values listed, rows
    united, the highest severity kept. The parts are computed together (``collect_all``)."""
    parts = [p for p in pl.collect_all([p for p in parts if p is not None]) if p.height]
    if not parts:
        return []
    frame = pl.concat(parts).with_columns(
        pl.col("bidders").list.join("\x1f").alias("_set"),
        pl.col("severity").replace_strict(_RANK, return_dtype=pl.Int8).alias("_rank"),
        pl.concat_str(
            pl.col("fields").list.eval(pl.element().replace(LABELS)).list.join("+"),
            pl.lit("："),
            pl.col("shown").fill_null(""),
        ).alias("_labelled"),
    )
    merged = (
        frame.group_by([*LOT, "_set"], maintain_order=True)
        .agg(
            pl.col("bidders").first(),
            pl.col("rows").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
            pl.col("fields")
            .list.explode(keep_nulls=False, empty_as_null=False)
            .unique(maintain_order=True),
            pl.col("fields").alias("_entries"),
            pl.col("_labelled"),
            pl.col("_rank").max(),
        )
        .sort([*LOT, "_set"])
    )
    ranks = {v: k for k, v in _RANK.items()}
    out = []
    for group in merged.iter_rows(named=True):
        entries = list(zip(map(set, group["_entries"]), group["_labelled"], strict=True))
        kept = [
            label
            for fields, label in entries
            if not any(fields < other for other, _label in entries)  # MAC within MAC+CPU+HDD
        ]
        if len(entries) == 1:
            kept = [label.split("：", 1)[1] for label in kept]
        group["matched"] = "；".join(dict.fromkeys(kept))
        group["severity"] = ranks[group["_rank"]]
        out.append(group)
    return out


def _flag(rule: Rule, group: dict, severity: str, explanation: str, **extra) -> Flag:
    return Flag(
        rule=rule.id,
        severity=severity,
        title=rule.title,
        basis=rule.basis,
        project_id=group["project_id"],
        lot_id=group.get("lot_id") or "",
        bidders=tuple(group["bidders"]),
        rows=tuple(group["rows"]),
        fields=tuple(group["fields"]),
        matched=group.get("matched", ""),
        explanation=explanation,
        innocent=rule.innocent,
        **extra,
    )


def _labels(fields) -> str:
    return "、".join(LABELS.get(f, f) for f in fields)


def _shared_flags(rule: Rule, groups: list[dict], suspicion: str) -> list[Flag]:
    flags = []
    for group in groups:
        names = "、".join(group["bidders"])
        explanation = (
            f"同一标段内{len(group['bidders'])}家投标人（{names}）的{_labels(group['fields'])}"
            f"相同（{group['matched']}），疑似{suspicion}，需核实{_CLUE}。"
        )
        flags.append(_flag(rule, group, group["severity"], explanation))
    return flags


# ---------------------------------------------------------------- S1–S6: shared identifiers


def _without_onsite(bids: pl.DataFrame) -> pl.DataFrame:
    if "onsite_upload" not in bids.columns:
        return bids
    return bids.filter(~pl.col("onsite_upload").fill_null(False))


def _s1_groups(bids, settings) -> list[pl.LazyFrame | None]:
    bids = _without_onsite(bids)
    codes = settings["placeholders"]
    single = settings["single_field_severity"]
    # each serial normalised once: the hardware ones are read alone and together
    present = [f for f in ("machine_code", *HARDWARE, "board") if _has(bids, f)]
    bids = bids.lazy().with_columns(_code(f, codes).alias(f"_key_{f}") for f in present).collect()

    def key(field: str) -> pl.Expr:
        return pl.col(f"_key_{field}") if field in present else pl.lit(None, pl.String)

    parts = [_field_groups(bids, "machine_code", key("machine_code"), Severity.HIGH)]
    if all(f in present for f in HARDWARE):
        combined = pl.concat_str([key(f) for f in HARDWARE], separator="|")  # null if one is
        shown = pl.concat_str([_shown(f) for f in HARDWARE], separator="/")
        parts.append(_groups(bids, combined, HARDWARE, Severity.HIGH, shown))
    parts += [_field_groups(bids, f, key(f), single) for f in (*HARDWARE, "board")]
    return parts


def _s1(bids, rule, settings) -> list[Flag]:
    return _shared_flags(
        rule, _merged(_s1_groups(bids, settings)), "投标文件由同一单位或同一人在同一台电脑上编制"
    )


def _s2_groups(bids, settings) -> list[pl.LazyFrame | None]:
    ignored = (*settings["placeholders"], *settings["ceiling_locks"])
    return [_field_groups(bids, "pricing_lock", _code("pricing_lock", ignored), Severity.HIGH)]


def _s2(bids, rule, settings) -> list[Flag]:
    groups = _merged(_s2_groups(bids, settings))
    return _shared_flags(rule, groups, "使用同一计价软件加密锁编制投标报价")


def _s3_groups(bids, settings) -> list[pl.LazyFrame | None]:
    key = _code("file_id_code", settings["placeholders"])
    return [_field_groups(bids, "file_id_code", key, settings["severity"])]


def _s3(bids, rule, settings) -> list[Flag]:
    groups = _merged(_s3_groups(bids, settings))
    return _shared_flags(rule, groups, "投标文件出自同一源文件（由同一单位或同一人编制）")


def _pairs(groups: list[dict]) -> dict[tuple, list[str]]:
    """(project, lot, bidder a, bidder b) → the fields they share."""
    pairs: dict[tuple, list[str]] = {}
    for group in groups:
        names = group["bidders"]
        for i, first in enumerate(names):
            for second in names[i + 1 :]:
                key = (group["project_id"], group["lot_id"], first, second)
                pairs.setdefault(key, []).extend(group["fields"])
    return pairs


def _s4(bids, rule, settings) -> list[Flag]:
    uploads = _without_onsite(bids)
    ignored = (*settings["placeholders"], *settings["ignore_ips"])
    parts = [
        _field_groups(uploads, "upload_ip", _ip("upload_ip", ignored), Severity.MEDIUM),
        _field_groups(uploads, "decrypt_ip", _ip("decrypt_ip", ignored), Severity.MEDIUM),
    ]
    groups = _merged(parts)
    if not groups:
        return []
    # an IP alone is weak; with a shared device, lock or file code the pair is a strong clue
    lots = pl.DataFrame([{k: g[k] for k in LOT} for g in groups]).unique()
    bids = bids.join(lots, on=LOT, how="semi")
    strong = _pairs(
        _merged(
            _s1_groups(bids, BY_ID["S1"].thresholds)
            + _s2_groups(bids, {**BY_ID["S2"].thresholds, **_subset(settings, "ceiling_locks")})
            + _s3_groups(bids, BY_ID["S3"].thresholds)
        )
    )
    flags = []
    for group in groups:
        also = sorted(
            {f for key, fields in _pairs([group]).items() if key in strong for f in strong[key]}
        )
        names = "、".join(group["bidders"])
        explanation = (
            f"同一标段内{len(group['bidders'])}家投标人（{names}）的{_labels(group['fields'])}"
            f"相同（{group['matched']}），疑似由同一单位或同一人办理投标事宜"
        )
        severity = Severity.MEDIUM
        if also:
            severity = Severity.HIGH
            explanation += f"；其中有投标人同时存在{_labels(also)}相同，线索较强"
        flags.append(_flag(rule, group, severity, explanation + f"，需核实{_CLUE}。"))
    return flags


def _subset(settings: dict, *keys: str) -> dict:
    return {k: settings[k] for k in keys if k in settings}


def _s5(bids, rule, settings) -> list[Flag]:
    if "deposit_form" in bids.columns and settings["exempt_forms"]:
        exempt = (
            pl.col("deposit_form").fill_null("").str.contains_any(list(settings["exempt_forms"]))
        )
        bids = bids.filter(~exempt)
    codes = settings["placeholders"]
    parts = [
        _field_groups(
            bids, "deposit_account_hash", _code("deposit_account_hash", codes), Severity.HIGH
        ),
        _field_groups(
            bids,
            "deposit_account_name",
            _name("deposit_account_name"),
            settings["name_only_severity"],
        ),
    ]
    return _shared_flags(rule, _merged(parts), "投标保证金由同一单位或个人的账户缴纳")


def _s6(bids, rule, settings) -> list[Flag]:
    named = settings["name_only_severity"]
    codes = settings["placeholders"]
    parts = [
        _field_groups(bids, "contact", _name("contact"), named),
        _field_groups(bids, "phone", _phone("phone"), Severity.HIGH),
        _field_groups(bids, "email", _name("email"), Severity.HIGH),
        _field_groups(bids, "agent", _name("agent"), named),
        _field_groups(bids, "manager", _name("manager"), named),
        _field_groups(bids, "manager_id_hash", _code("manager_id_hash", codes), Severity.HIGH),
    ]
    return _shared_flags(rule, _merged(parts), "由同一人联系或管理多家投标人的投标事宜")


# ---------------------------------------------------------------- S7: regular price pattern


def _valid(bids: pl.DataFrame) -> pl.DataFrame:
    """Bids that count for price patterns: valid true or unknown, with a positive price."""
    keep = pl.col("price").is_not_null() & (pl.col("price") > 0)
    if "valid" in bids.columns:
        keep = keep & pl.col("valid").fill_null(True)
    return bids.filter(keep)


def _s7(bids, rule, settings) -> list[Flag]:
    """Per lot, valid prices sorted p1 ≤ … ≤ pn (n ≥ min_bids), steps d_i = p_{i+1} − p_i and
    ratios r_i = p_{i+1} / p_i:
    arithmetic  max|d_i − mean d| / mean d ≤ arithmetic_tolerance (mean d > 0);
    geometric   max|r_i − mean r| / (mean r − 1) ≤ geometric_tolerance (mean r > 1);
    tight band  pn / p1 − 1 ≤ band_tolerance.
    One flag per lot, for the first pattern that holds in that order."""
    if not _has(bids, "price"):
        return []
    ordered = (
        _valid(bids)
        .sort([*LOT, "price"])
        .with_columns(
            pl.col("price").diff().over(LOT).alias("_step"),
            (pl.col("price") / pl.col("price").shift()).over(LOT).alias("_ratio"),
        )
    )
    lots = ordered.group_by(LOT).agg(
        pl.len().alias("n"),
        pl.col("bidder_name").alias("bidders"),
        pl.col("row").alias("rows"),
        pl.col("price").alias("prices"),
        (pl.col("price").max() / pl.col("price").min() - 1).alias("band"),
        pl.col("_step").mean().alias("_step_mean"),
        ((pl.col("_step") - pl.col("_step").mean()).abs().max()).alias("_step_dev"),
        pl.col("_ratio").mean().alias("_ratio_mean"),
        ((pl.col("_ratio") - pl.col("_ratio").mean()).abs().max()).alias("_ratio_dev"),
        pl.col("bidder_name").n_unique().alias("_bidders"),
    )
    lots = lots.with_columns(
        pl.when(pl.col("_step_mean") > 0)
        .then(pl.col("_step_dev") / pl.col("_step_mean"))
        .alias("arithmetic"),
        pl.when(pl.col("_ratio_mean") > 1)
        .then(pl.col("_ratio_dev") / (pl.col("_ratio_mean") - 1))
        .alias("geometric"),
    ).filter((pl.col("n") >= settings["min_bids"]) & (pl.col("_bidders") >= 2))
    tests = (
        ("arithmetic", "arithmetic_tolerance", "等差数列（相邻报价之差基本相同）"),
        ("geometric", "geometric_tolerance", "等比数列（相邻报价之比基本相同）"),
        ("band", "band_tolerance", "全部报价集中在极窄区间内"),
    )
    condition = pl.any_horizontal(pl.col(c) <= settings[t] for c, t, _ in tests)
    flags = []
    for lot in lots.filter(condition).sort(LOT).iter_rows(named=True):
        hits = [(c, t, d) for c, t, d in tests if lot[c] is not None and lot[c] <= settings[t]]
        column, threshold, primary = hits[0]
        prices = "、".join(f"{p:,.2f}" for p in lot["prices"])
        also = "（同时符合：" + "、".join(d for _c, _t, d in hits[1:]) + "）" if hits[1:] else ""
        explanation = (
            f"本标段{lot['n']}家有效报价（由低到高：{prices}）呈{primary}{also}，"
            f"偏差{lot[column]:.4%}，不超过阈值{settings[threshold]:.4%}，"
            f"疑似报价经过协调、呈规律性差异，需核实{_CLUE}。"
        )
        group = {**lot, "fields": ("price",), "matched": prices}
        flags.append(
            _flag(
                rule,
                group,
                rule.severity,
                explanation,
                value=float(lot[column]),
                threshold=float(settings[threshold]),
            )
        )
    return flags


# ---------------------------------------------------------------- S8: identical documents


def _s8(bids, rule, settings) -> list[Flag]:
    generic = [str(n).replace(" ", "").lower() for n in settings["generic_names"]]

    def key(column: str) -> pl.Expr:
        name = _name(column)
        return pl.when(~name.is_in(generic)).then(name)

    parts = [
        _field_groups(bids, f, key(f), Severity.MEDIUM)
        for f in ("author", "last_modifier", "doc_company")
    ]
    if _has(bids, "doc_company"):
        parts.append(_company_is_other_bidder(bids, key("doc_company")))
    flags = _shared_flags(rule, _merged(parts), "投标文件由同一单位或同一人编制")
    if _has(bids, "similarity"):
        flags += _similar(bids, rule, float(settings["similarity"]))
    return flags


def _company_is_other_bidder(bids: pl.DataFrame, company: pl.Expr) -> pl.LazyFrame:
    """A document whose company property is another bidder of the same lot."""
    written = bids.lazy().select(*LOT, "bidder_name", "row", company.alias("key"), "doc_company")
    bidders = bids.lazy().select(
        *LOT,
        pl.col("bidder_name").alias("other"),
        pl.col("row").alias("other_row"),
        _name("bidder_name").alias("key"),
    )
    joined = written.filter(pl.col("key").is_not_null()).join(bidders, on=[*LOT, "key"])
    joined = joined.filter(pl.col("other") != pl.col("bidder_name"))
    return joined.select(
        *LOT,
        pl.concat_list("bidder_name", "other").list.unique().list.sort().alias("bidders"),
        pl.concat_list("row", "other_row").list.sort().alias("rows"),
        pl.lit(["doc_company", "bidder_name"], dtype=pl.List(pl.String)).alias("fields"),
        pl.col("doc_company").cast(pl.String).alias("shown"),
        pl.lit(Severity.MEDIUM).alias("severity"),
    )


def _similar(bids: pl.DataFrame, rule: Rule, threshold: float) -> list[Flag]:
    """The platform's 雷同度 (percent) at or above the threshold: the bids of one lot so marked
    are listed together (the platform reports a score per bid, not the pair)."""
    lots = (
        bids.filter(pl.col("similarity") >= threshold)
        .sort([*LOT, "row"])
        .group_by(LOT, maintain_order=True)
        .agg(
            pl.col("bidder_name").unique(maintain_order=True).alias("bidders"),
            pl.col("row").alias("rows"),
            pl.col("similarity").max().alias("value"),
        )
    )
    flags = []
    for lot in lots.iter_rows(named=True):
        names = "、".join(lot["bidders"])
        explanation = (
            f"交易平台对本标段{len(lot['bidders'])}份投标文件（{names}）给出的雷同度最高为"
            f"{lot['value']:g}%，达到阈值{threshold:g}%，疑似投标文件异常一致，需核实{_CLUE}。"
        )
        group = {**lot, "fields": ("similarity",), "matched": f"{lot['value']:g}%"}
        flags.append(
            _flag(rule, group, rule.severity, explanation, value=lot["value"], threshold=threshold)
        )
    return flags


# ---------------------------------------------------------------- S9: bid rotation


def _s9(bids, rule, settings) -> list[Flag]:
    """Bid rotation (``_rotation``), and bidders of one lot with the same 法定代表人."""
    flags = _rotation(bids, rule, settings) if _has(bids, "awarded") else []
    if _has(bids, "legal_rep"):
        severity = settings["officer_severity"]
        groups = _merged([_field_groups(bids, "legal_rep", _name("legal_rep"), severity)])
        flags += _shared_flags(rule, groups, "为单位负责人为同一人的不同单位，依法不得参加同一标段")
    return flags


def _rotation(bids, rule, settings) -> list[Flag]:
    """Pairs of bidders (by 统一社会信用代码 when given, else by name) that bid in the same
    ≥ min_lots lots over the whole data set, each winning at least one of those lots."""
    who = pl.col("bidder_name")
    if "bidder_id" in bids.columns:
        who = pl.coalesce(pl.col("bidder_id"), pl.col("bidder_name"))
    entries = (
        bids.lazy()
        .filter(pl.col("bidder_name").is_not_null())
        .with_columns(who.alias("who"))
        .group_by([*LOT, "who"])
        .agg(
            pl.col("bidder_name").first().alias("name"),
            pl.col("awarded").fill_null(False).any().alias("won"),
            pl.col("row"),
        )
        .with_columns(  # integer codes: the millions of pairs are joined and counted on these
            pl.concat_str(LOT, separator="\x1f").cast(pl.Categorical).to_physical().alias("_lot"),
            pl.col("who").cast(pl.Categorical).to_physical().alias("_who"),
        )
        .collect()
    )
    # counts first over the (many) pairs, details only for the pairs that qualify
    slim = entries.lazy().select("_lot", "_who", "won")
    counted = (
        slim.join(slim, on="_lot", suffix="_b")
        .filter(pl.col("_who") < pl.col("_who_b"))
        .group_by(["_who", "_who_b"])
        .agg(
            pl.len().alias("lots"),
            pl.col("won").sum().alias("wins"),
            pl.col("won_b").sum().alias("wins_b"),
        )
        .filter(
            (pl.col("lots") >= settings["min_lots"])
            & (pl.col("wins") >= 1)
            & (pl.col("wins_b") >= 1)
        )
        .collect()
    )
    if counted.height == 0:
        return []
    codes = entries.select("_who", "who").unique("_who")
    counted = counted.join(codes, on="_who").join(
        codes.rename({"_who": "_who_b", "who": "who_b"}), on="_who_b"
    )
    swap = pl.col("who") > pl.col("who_b")  # each pair named in the order of its identifiers
    qualified = counted.select(
        pl.when(swap).then("who_b").otherwise("who").alias("who"),
        pl.when(swap).then("who").otherwise("who_b").alias("who_b"),
        "lots",
        pl.when(swap).then("wins_b").otherwise("wins").alias("wins"),
        pl.when(swap).then("wins").otherwise("wins_b").alias("wins_b"),
    )
    detail = (
        entries.join(qualified.select("who"), on="who", how="semi")
        .join(
            entries.join(qualified.select("who_b").rename({"who_b": "who"}), on="who", how="semi"),
            on=LOT,
            suffix="_b",
        )
        .join(qualified, on=["who", "who_b"])
        .with_columns(pl.concat_str(LOT, separator="/").alias("lot"))
        .sort([*LOT])
    )
    pairs = (
        detail.group_by(["who", "who_b"])
        .agg(
            pl.col("name").first(),
            pl.col("name_b").first(),
            pl.col("lots").first(),
            pl.col("wins").first(),
            pl.col("wins_b").first(),
            pl.col("lot").alias("lot_list"),
            pl.concat_list("row", "row_b")
            .list.explode(keep_nulls=False, empty_as_null=False)
            .unique()
            .sort()
            .alias("rows"),
        )
        .sort(["lots", "who", "who_b"], descending=[True, False, False])
    )
    flags = []
    for pair in pairs.iter_rows(named=True):
        listed = "、".join(pair["lot_list"][:20])
        more = f"等{pair['lots']}个" if pair["lots"] > 20 else ""
        explanation = (
            f"{pair['name']}与{pair['name_b']}在{pair['lots']}个标段中共同投标"
            f"（{listed}{more}），其中{pair['name']}中标{pair['wins']}次、"
            f"{pair['name_b']}中标{pair['wins_b']}次，疑似轮流中标、相互陪标，需核实{_CLUE}。"
        )
        group = {
            "project_id": "",
            "lot_id": "",
            "bidders": (pair["name"], pair["name_b"]),
            "rows": pair["rows"],
            "fields": ("bidder_name", "awarded"),
            "matched": listed,
        }
        flags.append(
            _flag(
                rule,
                group,
                rule.severity,
                explanation,
                value=float(pair["lots"]),
                threshold=float(settings["min_lots"]),
            )
        )
    return flags


_CHECKS = {
    "S1": _s1,
    "S2": _s2,
    "S3": _s3,
    "S4": _s4,
    "S5": _s5,
    "S6": _s6,
    "S7": _s7,
    "S8": _s8,
    "S9": _s9,
}
