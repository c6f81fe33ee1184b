"""A screening run written out: .xlsx for people, .json for programs. Both carry the same
content: what was imported (and skipped, and why), which rules ran with which thresholds and
which were skipped, every flag with all its fields, and — when OCDS indicators ran — their
results in the OCDS shape (group → identifier → code → value) with the quartiles and fences.

Every flag is a clue to investigate, never a finding; both files say so at the top."""

import dataclasses
import datetime as dt
import json
import math
from collections import Counter
from pathlib import Path

from . import engine
from .model import Dataset, Flag, Result, Severity

NOTICE = "以下每条均为供人工核查的线索，不是认定结论；请结合原始材料排除所列的无害解释。"
SEVERITIES = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)

# The flag sheet: (Chinese header, how to get the cell from a flag).
FLAG_COLUMNS = (
    ("规则", lambda f: f.rule),
    ("规则名称", lambda f: f.title),
    ("严重程度", lambda f: Severity.LABELS.get(f.severity, f.severity)),
    ("依据", lambda f: f.basis),
    ("项目编号", lambda f: f.project_id),
    ("标段(包)编号", lambda f: f.lot_id),
    ("投标人", lambda f: "、".join(f.bidders)),
    ("源行号", lambda f: "、".join(str(r) for r in f.rows)),
    ("匹配字段", lambda f: "、".join(engine.label(c) for c in f.fields)),
    ("匹配值", lambda f: f.matched),
    ("数值", lambda f: _number(f.value)),
    ("阈值", lambda f: _number(f.threshold)),
    ("说明", lambda f: f.explanation),
    ("可能的无害解释", lambda f: "；".join(f.innocent)),
    ("OCDS分组", lambda f: f.group),
    ("OCDS标识", lambda f: f.identifier),
)
FENCE_KEYS = (("q1", "下四分位数Q1"), ("q3", "上四分位数Q3"), ("lower", "下限"), ("upper", "上限"))


def _number(value):
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def _plain(value):
    """JSON-safe: NaN/inf → None, tuples → lists, datetimes → ISO text."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def counts(result: Result) -> dict[str, dict[str, int]]:
    """rule id → severity → number of flags, in the order the rules ran."""
    table: dict[str, Counter] = {}
    for flag in result.flags:
        table.setdefault(flag.rule, Counter())[flag.severity] += 1
    return {rule: dict(counter) for rule, counter in table.items()}


def _rules_run(result: Result, rules: list | None = None) -> list:
    chosen = rules if rules is not None else engine.rules()
    return [rule for rule in chosen if rule.id not in result.skipped]


def _imports(dataset: Dataset) -> list[dict]:
    return [
        {
            "source": report.source,
            "format": report.format,
            "rows_read": report.rows_read,
            "rows_kept": report.rows_kept,
            "rows_skipped": report.rows_skipped,
            "duplicates": report.duplicates,
            "missing_optional": report.missing_optional,
            "extra_columns": report.extra_columns,
            "notes": report.notes,
            "summary": report.summary(),
            "problems": [dataclasses.asdict(p) for p in report.problems],
        }
        for report in dataset.reports
    ]


def as_dict(result: Result, dataset: Dataset) -> dict:
    """The run as plain data (what ``write_json`` writes)."""
    by_rule = counts(result)
    known = {rule.id: rule for rule in engine.rules()}
    return _plain(
        {
            "notice": NOTICE,
            "started": result.started,
            "seconds": round(result.seconds, 3),
            "rows": dataset.bids.height,
            "lots": dataset.lots,
            "imports": _imports(dataset),
            "rules": [
                {
                    "id": rule.id,
                    "title": rule.title,
                    "severity": rule.severity,
                    "thresholds": rule.thresholds,
                    "flags": sum(by_rule.get(rule.id, {}).values()),
                }
                for rule in _rules_run(result, list(known.values()))
            ],
            "skipped": result.skipped,
            "flag_counts": by_rule,
            "flags": [dataclasses.asdict(flag) for flag in result.flags],
            "indicators": result.indicators,
            "fences": result.fences,
        }
    )


def write_json(result: Result, dataset: Dataset, path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as handle:
        json.dump(as_dict(result, dataset), handle, ensure_ascii=False, indent=1)


# ---------------------------------------------------------------- .xlsx


def write_xlsx(result: Result, dataset: Dataset, path: str | Path) -> None:
    """Sheets 汇总 (summary, imports, rules run and skipped), 线索 (one row per flag), 导入问题
    (rows not read and why) and, when OCDS indicators ran, OCDS指标 (the results and fences)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from liandong.core.spreadsheets import TextOnlySheet

    book = Workbook(write_only=True)  # streams rows: a run may have many flags
    bold = Font(bold=True)

    def header(sheet, cells):
        from openpyxl.cell import WriteOnlyCell

        row = []
        for text in cells:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            row.append(cell)
        sheet.append(row)

    summary = TextOnlySheet(book.create_sheet("汇总"))
    _summary(summary, result, dataset, header)

    sheet = TextOnlySheet(book.create_sheet("线索"))
    sheet.freeze_panes = "A2"
    header(sheet, ["序号"] + [name for name, _get in FLAG_COLUMNS])
    for number, flag in enumerate(result.flags, start=1):
        sheet.append([number] + [get(flag) for _name, get in FLAG_COLUMNS])

    problems = TextOnlySheet(book.create_sheet("导入问题"))
    header(problems, ["文件", "行号", "列", "原因"])
    for report in dataset.reports:
        for problem in report.problems:
            problems.append([report.source, problem.row or None, problem.column, problem.message])

    if result.indicators or result.fences:
        _indicators(TextOnlySheet(book.create_sheet("OCDS指标")), result, header)
    book.save(path)


def _summary(sheet, result: Result, dataset: Dataset, header) -> None:
    sheet.append(["线索筛查结果"])
    sheet.append([NOTICE])
    started = result.started.astimezone().strftime("%Y-%m-%d %H:%M:%S") if result.started else ""
    sheet.append(["筛查时间", started, "用时(秒)", round(result.seconds, 1)])
    sheet.append(["投标记录", dataset.bids.height, "标段", dataset.lots, "线索", len(result.flags)])
    sheet.append([])
    header(sheet, ["导入文件", "格式", "读取行数", "导入行数", "重复行", "跳过行", "说明"])
    for report in dataset.reports:
        notes = [report.summary(), *report.notes]
        if report.extra_columns:
            notes.append("模板以外的列（已保留，不参与筛查）：" + "、".join(report.extra_columns))
        sheet.append(
            [
                report.source,
                report.format,
                report.rows_read,
                report.rows_kept,
                report.duplicates,
                report.rows_skipped,
                "\n".join(notes),
            ]
        )
    sheet.append([])
    by_rule = counts(result)
    header(sheet, ["规则", "规则名称", "默认严重程度", "线索：高", "线索：中", "线索：低", "阈值"])
    for rule in _rules_run(result):
        found = by_rule.get(rule.id, {})
        thresholds = "；".join(f"{k}={v}" for k, v in rule.thresholds.items())
        sheet.append(
            [
                rule.id,
                rule.title,
                Severity.LABELS.get(rule.severity, rule.severity),
                *(found.get(s, 0) for s in SEVERITIES),
                thresholds,
            ]
        )
    if result.skipped:
        sheet.append([])
        header(sheet, ["未运行的规则", "原因"])
        for rule_id, why in result.skipped.items():
            sheet.append([rule_id, why])


def _indicators(sheet, result: Result, header) -> None:
    header(sheet, ["分组", "标识", "指标", "值"])
    for group, identifiers in result.indicators.items():
        for identifier, codes in identifiers.items():
            for code, value in codes.items():
                sheet.append([group, identifier, code, _number(value)])
    sheet.append([])
    header(sheet, ["指标", *(name for _key, name in FENCE_KEYS)])
    for code, fence in result.fences.items():
        fence = fence or {}
        sheet.append([code, *(_number(fence.get(key)) for key, _name in FENCE_KEYS)])


def flag_row(flag: Flag) -> dict:
    """A flag with Chinese headers (as in the 线索 sheet)."""
    return {name: get(flag) for name, get in FLAG_COLUMNS}
