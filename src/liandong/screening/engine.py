"""Screening as one call: read the files (``load``), run the rules (``run``).

``load`` tells the formats apart by content, never by name (an uploaded file is kept without
its extension): JSON or JSON Lines goes to ``ocds.read_ocds``, anything else to
``template.read_template`` (CSV or XLSX, which refuses what is neither). Several files are
stacked into one table (a diagonal concat: a column one file lacks is null in its rows).

Mixing the template and OCDS in one run is allowed: a city may hold platform exports for some
tenders and OCDS publications for others, and every rule works on the common model. What makes
no sense is the same lot in both — one tender described twice, its bids counted twice in every
price screen — so a lot key found in files of both kinds is refused. Rows repeated between
files of the same kind (overlapping exports) are dropped and counted as duplicates.

``RULES`` gathers the rules of ``statutory``, ``prices`` and ``indicators``, imported on first
use; a module that cannot be imported leaves the others working (its absence is a note in every
run's ``skipped``). ``run`` gives each selected rule its thresholds (the rule's defaults
overridden by ``params``), skips a rule whose columns are missing with a note naming them, and
adds the OCDS indicator table and fences when an OCDS indicator ran.

``progress`` callbacks are called as ``progress(done, total, label)``.
"""

import datetime as dt
import importlib
import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

import polars as pl

from .model import LOT, Dataset, Flag, ImportRefused, ImportReport, Result, Rule, first_of_equal

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
MODULES = ("statutory", "prices", "indicators")  # the order rules are listed and run in
TIME_ZONE = "Asia/Shanghai"
OCID_PREFIX = r"^ocds-[a-z0-9]{6}-"

# Chinese names of the model's columns, for notes and reports (the template's headers where it
# has the column).
LABELS = {
    "row": "源行号",
    "source": "来源文件",
    "project_id": "项目编号",
    "lot_id": "标段(包)编号",
    "project_name": "项目名称",
    "method": "采购方式",
    "buyer": "采购人",
    "buyer_id": "采购人标识",
    "agency": "代理机构",
    "budget": "预算金额(元)",
    "ceiling": "最高限价(元)",
    "opened_at": "开标时间",
    "tender_start": "招标开始时间",
    "tender_end": "投标截止时间",
    "bidder_name": "投标人名称",
    "bidder_id": "统一社会信用代码",
    "legal_rep": "法定代表人",
    "agent": "授权代表",
    "contact": "联系人",
    "phone": "联系电话",
    "email": "电子邮箱",
    "manager": "项目负责人",
    "manager_id_hash": "项目负责人证件号(哈希)",
    "price": "投标报价(元)",
    "currency": "币种",
    "score": "最终得分",
    "rank": "排名",
    "awarded": "是否中标",
    "valid": "投标状态(有效/无效)",
    "bid_at": "投标时间",
    "deposit_form": "保证金形式",
    "deposit_account_name": "保证金缴纳账户名",
    "deposit_account_hash": "保证金缴纳账号(哈希)",
    "deposit_bank": "开户行",
    "deposit_at": "保证金缴纳时间",
    "machine_code": "文件制作机器码",
    "file_id_code": "文件创建标识码",
    "mac": "网卡MAC地址",
    "cpu": "CPU序列号",
    "hdd": "硬盘序列号",
    "board": "主板序列号",
    "pricing_lock": "计价软件加密锁序列号",
    "ca_serial": "CA证书序列号",
    "upload_ip": "上传IP地址",
    "upload_at": "上传时间",
    "decrypt_ip": "解密IP地址",
    "onsite_upload": "是否开标现场上传",
    "author": "文档作者",
    "last_modifier": "最后修改人",
    "doc_company": "文档公司属性",
    "software": "创建软件",
    "doc_created_at": "创建时间",
    "doc_modified_at": "修改时间",
    "similarity": "平台雷同度(%)",
    "classification": "授标品目分类",
    "platform": "数据来源平台",
    "exported_at": "导出时间",
    "extra": "其他列",
}


def label(column: str) -> str:
    return LABELS.get(column, column)


# ---------------------------------------------------------------- the rules


_modules: dict[str, ModuleType] | None = None
_unavailable: dict[str, str] = {}  # module → why it could not be imported
_owner: dict[str, ModuleType] = {}  # rule id → its module


def _load_modules() -> dict[str, ModuleType]:
    global _modules
    if _modules is None:
        found: dict[str, ModuleType] = {}
        for name in MODULES:
            try:
                module = importlib.import_module(f"{__package__}.{name}")
            except ImportError as error:
                _unavailable[name] = str(error)
                logger.warning("screening rules %s not available: %s", name, error)
                continue
            found[name] = module
            for rule in module.RULES:
                _owner[rule.id] = module
        _modules = found
    return _modules


def rules() -> tuple[Rule, ...]:
    """Every rule of the modules that could be imported, in the order they run."""
    return tuple(rule for module in _load_modules().values() for rule in module.RULES)


def __getattr__(name: str):
    if name == "RULES":  # imported on first use, so a broken module is found late, not at import
        return rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def select(ids: Iterable[str] | None) -> list[Rule]:
    """The rules named (all when ``ids`` is None or empty), in their running order. Unknown ids
    raise ValueError naming the known ones."""
    every = rules()
    if not ids:
        return list(every)
    wanted = [i.strip().upper() for i in ids if i and i.strip()]
    known = {rule.id.upper(): rule for rule in every}
    unknown = [i for i in wanted if i not in known]
    if unknown:
        listed = "、".join(rule.id for rule in every) or "（无：规则模块均未能载入）"
        raise ValueError(f"未知的规则：{'、'.join(unknown)}。可用的规则：{listed}。")
    chosen = set(wanted)
    return [rule for rule in every if rule.id.upper() in chosen]


def _coerce(rule: Rule, name: str, value):
    """A threshold given as text (the command line) takes the type of the rule's default."""
    if name not in rule.thresholds:
        known = "、".join(rule.thresholds) or "（该规则没有可调参数）"
        raise ValueError(f"规则{rule.id}没有参数“{name}”。可调参数：{known}。")
    default = rule.thresholds[name]
    if not isinstance(value, str) or isinstance(default, str) or default is None:
        return value
    text = value.strip()
    try:
        if isinstance(default, bool):
            truth = {"1": True, "true": True, "是": True, "0": False, "false": False, "否": False}
            return truth[text.lower()]
        if isinstance(default, int):
            return int(text)
        if isinstance(default, float):
            return float(text.rstrip("%")) / 100 if text.endswith("%") else float(text)
        if isinstance(default, tuple | list):
            return type(default)(t.strip() for t in text.split(",") if t.strip())
    except (KeyError, ValueError) as error:
        raise ValueError(f"规则{rule.id}的参数“{name}”取值“{value}”无法识别。") from error
    return value


def thresholds(rule: Rule, params: dict | None) -> dict:
    """The rule's thresholds with the overrides of ``params`` (``{rule id: {name: value}}``)."""
    given = (params or {}).get(rule.id) or {}
    return {**rule.thresholds, **{k: _coerce(rule, k, v) for k, v in given.items()}}


def _missing(dataset: Dataset, rule: Rule) -> str | None:
    """None when the rule can run; else a note naming the columns missing (of the alternative
    that lacks the fewest)."""
    if not rule.needs or any(dataset.has(*alternative) for alternative in rule.needs):
        return None
    gaps = [[c for c in alt if not dataset.has(c)] for alt in rule.needs]
    gaps.sort(key=len)
    text = "、".join(label(c) for c in gaps[0])
    others = ["、".join(label(c) for c in gap) for gap in gaps[1:]]
    if others:
        text += "（或者：" + "；".join(others) + "）"
    return f"缺少所需的列：{text}，未运行。"


def run(
    dataset: Dataset,
    rules: list[str] | None = None,
    params: dict | None = None,
    progress: Progress | None = None,
) -> Result:
    """Run the selected rules (all by default) over the data set."""
    chosen = select(rules)
    for rule_id in params or {}:
        if rule_id not in {rule.id for rule in chosen}:
            select([rule_id])  # an unknown id raises; a known one not selected is ignored
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    flags: list[Flag] = []
    skipped: dict[str, str] = {}
    for name, why in _unavailable.items():
        skipped[name] = f"规则模块未能载入（{why}），其规则未运行。"
    indicator_flags: list[Flag] = []
    ran_indicators = False
    for done, rule in enumerate(chosen):
        if progress:
            progress(done, len(chosen), f"{rule.id} {rule.title}")
        settings = thresholds(rule, params)
        why = _missing(dataset, rule)
        if why:
            skipped[rule.id] = why
            continue
        module = _owner[rule.id]
        try:
            found = module.check(dataset, rule, settings)
        except ImportRefused as error:  # e.g. prices in several currencies
            skipped[rule.id] = str(error)
            continue
        except Exception as error:  # one broken rule must not lose the others' clues
            logger.exception("screening rule %s failed", rule.id)
            skipped[rule.id] = f"规则运行出错（{type(error).__name__}: {error}），未产生线索。"
            continue
        flags.extend(found)
        if module.__name__.endswith(".indicators"):
            ran_indicators = True
            indicator_flags.extend(found)
    if progress:
        progress(len(chosen), len(chosen), "完成")
    result = Result(flags=flags, skipped=skipped, started=started)
    if ran_indicators:
        indicators = _load_modules()["indicators"]
        result.indicators = indicators.results(indicator_flags)
        result.fences = indicators.fences(dataset)
    result.seconds = time.perf_counter() - clock
    return result


# ---------------------------------------------------------------- the files


def sniff(path: Path) -> str:
    """ "ocds" for JSON / JSON Lines (by the first character that is not a BOM or white space),
    else "template" (the template reader refuses what is not CSV or XLSX)."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return "ocds" if text[:1] in (b"{", b"[") else "template"


def _read(path: Path, kind: str) -> Dataset:
    if kind == "ocds":
        try:
            from . import ocds
        except ImportError as error:
            raise ImportRefused(f"{path.name}：OCDS导入模块不可用（{error}）。") from error
        return ocds.read_ocds(path)
    from . import template

    return template.read_template(path)


def _aligned(frame: pl.DataFrame) -> pl.DataFrame:
    """Datetimes in one time zone and unit, so frames from different readers stack."""
    casts = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.Datetime):
            column = pl.col(name)
            if dtype.time_zone is None:
                column = column.dt.replace_time_zone(TIME_ZONE)
            casts.append(column.dt.convert_time_zone(TIME_ZONE).dt.cast_time_unit("us"))
    return frame.with_columns(casts) if casts else frame


def _drop_repeats(bids: pl.DataFrame, reports: list[ImportReport]) -> pl.DataFrame:
    """Rows repeated from an earlier file (all columns but row and source equal) are dropped and
    counted in the later file's report."""
    content = [c for c in bids.columns if c not in ("row", "source")]
    first = first_of_equal(bids, content)
    if first.all():
        return bids
    by_source = dict(bids.filter(~first).group_by("source").len().iter_rows())
    for report in reports:
        count = by_source.get(report.source, 0)
        if count:
            report.rows_kept -= count
            report.duplicates += count
            report.notes.append(f"与此前文件重复的{count}行已去除。")
    return bids.filter(first)


def _refuse_same_lot(parts: list[tuple[str, Dataset]]) -> None:
    """The template's 项目编号 is compared with the ocid less its prefix (``ocds-xxxxxx-``)."""
    strip = pl.col("project_id").str.replace(OCID_PREFIX, "")
    keys = {
        kind: pl.concat(
            [
                d.bids.select(strip if k == "ocds" else pl.col("project_id"), "lot_id")
                for k, d in parts
                if k == kind
            ]
        ).unique()
        for kind in {k for k, _d in parts}
    }
    if len(keys) < 2:
        return
    both = keys["template"].join(keys["ocds"], on=list(LOT), how="inner")
    if both.height:
        sample = "、".join(f"{p}/{lot}" for p, lot in both.head(3).iter_rows())
        raise ImportRefused(
            f"同一标段同时出现在模板文件和OCDS文件中（{both.height}个，如{sample}），"
            "合并会重复计算其投标。请只导入其中一种来源。"
        )


def load(paths: Iterable[str | Path] | str | Path, progress: Progress | None = None) -> Dataset:
    """Read one or more files (the template as CSV/XLSX, or OCDS as JSON / JSON Lines) into one
    data set. Raises ImportRefused (nothing imported) when a file cannot be read at all."""
    if isinstance(paths, str | Path):
        paths = [paths]
    files = [Path(p) for p in paths]
    if not files:
        raise ImportRefused("没有要导入的文件。")
    parts: list[tuple[str, Dataset]] = []
    for done, path in enumerate(files):
        if progress:
            progress(done, len(files), f"读取 {path.name}")
        if not path.is_file():
            raise ImportRefused(f"找不到文件：{path}。")
        if path.stat().st_size == 0:
            raise ImportRefused(f"{path.name}：文件为空，未导入任何数据。")
        kind = sniff(path)
        try:
            parts.append((kind, _read(path, kind)))
        except ImportRefused as error:
            raise ImportRefused(f"{path.name}：{error}") if len(files) > 1 else error from None
    if progress:
        progress(len(files), len(files), "合并数据")
    reports = [report for _kind, data in parts for report in data.reports]
    if len(parts) == 1:
        return Dataset(bids=parts[0][1].bids, reports=reports)
    _refuse_same_lot(parts)
    frames = [_aligned(data.bids) for _kind, data in parts if data.bids.width]
    bids = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    if bids.height:
        bids = _drop_repeats(bids, reports)
    return Dataset(bids=bids, reports=reports)
