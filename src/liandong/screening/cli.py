"""``liandong screen``: screen bid data files from the command line, without a database.

    liandong screen FILE... [--rules S1,S5,P-CV,...] [--out report.xlsx|report.json]
        [--param RULE.name=value ...] [--list-rules] [--quiet]

Prints what was imported (and skipped, and why) and the flags by rule and severity in
Chinese; writes the full report when ``--out`` is given. Exit code 0, or 2 with a message (no
traceback) when the input is refused or the options are wrong.
"""

import argparse
import logging
import sys
from pathlib import Path

from . import engine, output
from .model import ImportRefused, Severity

EXIT_REFUSED = 2
PROBLEMS_SHOWN = 10


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_REFUSED, f"liandong screen：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="liandong screen",
        description="线索筛查：读取投标数据（中文模板CSV/XLSX或OCDS JSON/JSON Lines）并运行规则。",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="数据文件，可多个")
    parser.add_argument("--rules", help="只运行这些规则，逗号分隔，如 S1,S5,P-CV（默认全部）")
    parser.add_argument("--out", help="报告文件：.xlsx 或 .json")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="RULE.name=value",
        help="调整规则阈值，如 S7.tolerance=0.01（可多次）",
    )
    parser.add_argument("--list-rules", action="store_true", help="列出全部规则及其阈值")
    parser.add_argument("--quiet", action="store_true", help="不显示进度条")
    return parser


def _params(pairs: list[str]) -> dict[str, dict[str, str]]:
    params: dict[str, dict[str, str]] = {}
    for pair in pairs:
        key, equals, value = pair.partition("=")
        rule, dot, name = key.strip().partition(".")
        if not (equals and dot and rule and name):
            raise ValueError(f"参数“{pair}”的格式应为 规则.参数=值，如 S7.tolerance=0.01。")
        params.setdefault(rule.strip().upper(), {})[name.strip()] = value.strip()
    return params


class _Bar:
    """A tqdm bar on stderr, shown only for steps that take over a second."""

    def __init__(self, description: str, quiet: bool):
        self.description, self.quiet, self.bar = description, quiet, None

    def __call__(self, done: int, total: int, label: str = "") -> None:
        if self.quiet:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, desc=self.description, unit="步", file=sys.stderr, delay=1.0
            )
        self.bar.set_postfix_str(label, refresh=False)
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _list_rules() -> None:
    for rule in engine.rules():
        needs = " 或 ".join("+".join(engine.label(c) for c in alt) for alt in rule.needs)
        severity = Severity.LABELS.get(rule.severity, rule.severity)
        print(f"{rule.id:<8} {rule.title}（{severity}）")
        if rule.thresholds:
            print("         阈值：" + "；".join(f"{k}={v}" for k, v in rule.thresholds.items()))
        if needs:
            print(f"         所需列：{needs}")


def _print_imports(dataset) -> None:
    for report in dataset.reports:
        print(f"{report.source}（{report.format}）：{report.summary()}")
        for note in report.notes:
            print(f"  {note}")
        for problem in report.problems[:PROBLEMS_SHOWN]:
            print(f"  {problem}")
        if len(report.problems) > PROBLEMS_SHOWN:
            print(f"  ……另有{len(report.problems) - PROBLEMS_SHOWN}条问题，见报告的“导入问题”。")
    print(f"共{dataset.bids.height:,}条投标记录，{dataset.lots:,}个标段。")


def _print_result(result) -> None:
    known = {rule.id: rule for rule in engine.rules()}
    by_rule = output.counts(result)
    totals = {s: sum(c.get(s, 0) for c in by_rule.values()) for s in output.SEVERITIES}
    labels = Severity.LABELS
    print(
        f"线索{len(result.flags):,}条（"
        + "，".join(f"{labels[s]}{totals[s]:,}" for s in output.SEVERITIES)
        + f"），用时{result.seconds:.1f}秒。"
    )
    for rule_id, found in by_rule.items():
        title = known[rule_id].title if rule_id in known else ""
        parts = "，".join(f"{labels[s]}{found[s]:,}" for s in output.SEVERITIES if found.get(s))
        print(f"  {rule_id:<6} {title}：{parts}")
    if result.skipped:
        print(f"未运行的规则{len(result.skipped)}条：")
        for rule_id, why in result.skipped.items():
            print(f"  {rule_id:<6} {why}")
    print(output.NOTICE)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # the library logs for the platform's workers; here the same news is printed as 未运行的规则
    logging.getLogger("liandong.screening").addHandler(logging.NullHandler())
    if args.list_rules:
        _list_rules()
        return 0
    if not args.files:
        print("liandong screen：请给出至少一个数据文件。", file=sys.stderr)
        return EXIT_REFUSED
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in (".xlsx", ".json"):
        print("liandong screen：--out 的文件名应以 .xlsx 或 .json 结尾。", file=sys.stderr)
        return EXIT_REFUSED
    try:
        rules = [r for r in (args.rules or "").split(",") if r.strip()] or None
        params = _params(args.param)
        engine.select(rules)  # unknown ids are refused before the data is read
        bar = _Bar("读取数据", args.quiet)
        try:
            dataset = engine.load(args.files, progress=bar)
        finally:
            bar.close()
        _print_imports(dataset)
        bar = _Bar("运行规则", args.quiet)
        try:
            result = engine.run(dataset, rules=rules, params=params, progress=bar)
        finally:
            bar.close()
    except (ImportRefused, ValueError) as error:
        print(f"liandong screen：{error}", file=sys.stderr)
        return EXIT_REFUSED
    _print_result(result)
    if out is not None:
        try:
            if out.suffix.lower() == ".xlsx":
                output.write_xlsx(result, dataset, out)
            else:
                output.write_json(result, dataset, out)
        except OSError as error:
            print(f"liandong screen：无法写入报告 {out}：{error}", file=sys.stderr)
            return 1
        print(f"报告已写入 {out}。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
