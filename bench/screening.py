"""Benchmark: clue screening of 1,000,000 bids (about 100,000 lots), no database.

    python bench/screening.py [--bids N] [--keep DIR] [--xlsx-bids N]

1. **data** — ``bench/screening_data.py`` writes the planted set twice: the Chinese template as
   CSV and OCDS as JSON Lines of compiled releases (set-up, not measured against a target).
2. **template CSV** — in a fresh child process: ``engine.load`` (the template reader) and
   ``engine.run`` with every rule; wall time of each, and the child's peak RSS
   (``resource.getrusage(RUSAGE_CHILDREN)`` after it exits).
3. **OCDS JSON Lines** — the same, and, in another child, the time of merely parsing the file
   (``json.loads`` of every line) to give the ratio.

4. **template XLSX** (no target) — ``--xlsx-bids`` bids (50,000) as .xlsx, imported in a child
   with each reader: calamine (the whole sheet, what a workbook up to
   ``template.XLSX_IN_MEMORY_BYTES`` gets) and openpyxl row by row (what a larger one gets).

Targets: import plus all rules ≤ 30 s and ≤ 4 GB peak memory, for the CSV and the JSON Lines.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABEL = "screening"
TARGET_SECONDS, TARGET_BYTES = 30.0, 4 * 2**30

CHILD = """
import json, sys, time
from collections import Counter
started = time.perf_counter()
from liandong.screening import engine
data = engine.load([sys.argv[1]])
loaded = time.perf_counter()
marks = []


def mark(done, total, label):
    marks.append((label.split()[0], time.perf_counter()))


result = engine.run(data, progress=mark)
done = time.perf_counter()
per_rule = {a: t2 - t1 for (a, t1), (_b, t2) in zip(marks, marks[1:]) if a not in result.skipped}
per_rule["fences"] = done - marks[-1][1]
print(json.dumps({
    "rows": data.bids.height, "lots": data.lots, "import": loaded - started,
    "rules": done - loaded,
    "skipped": sorted(result.skipped), "flags": len(result.flags),
    "severity": Counter(f.severity for f in result.flags),
    "by_rule": Counter(f.rule for f in result.flags),
    "per_rule": per_rule,
}))
"""

XLSX = """
import json, sys, time
from liandong.screening import engine, template
if sys.argv[2] == "openpyxl":
    template.XLSX_IN_MEMORY_BYTES = 0  # as for a workbook too large to hold
started = time.perf_counter()
data = engine.load([sys.argv[1]])
print(json.dumps({"rows": data.bids.height, "seconds": time.perf_counter() - started,
                  "notes": data.reports[0].notes}))
"""

PARSE = """
import json, sys, time
started = time.perf_counter()
lines = 0
with open(sys.argv[1], encoding="utf-8") as handle:
    for line in handle:
        if line.strip():
            json.loads(line)
            lines += 1
print(json.dumps({"seconds": time.perf_counter() - started, "lines": lines}))
"""


def _child(code: str, path: Path, *args: str) -> tuple[dict, float, int]:
    """Run ``code`` on ``path`` in a fresh interpreter: its JSON line, wall seconds, and its own
    peak RSS in bytes (``os.wait4`` gives the rusage of that one child)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(
            [sys.executable, "-c", code, str(path), *args], stdout=subprocess.PIPE, stderr=errors
        )
        output = child.stdout.read()
        _pid, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        child.stdout.close()
        seconds = time.perf_counter() - started
        if child.returncode:
            errors.seek(0)
            raise SystemExit(f"{LABEL} child failed:\n{errors.read().decode()}")
    return json.loads(output.decode().strip().splitlines()[-1]), seconds, usage.ru_maxrss * 1024


def _gib(size: int) -> str:
    return f"{size / 2**30:.2f} GiB"


def _verdict(seconds: float, peak: int) -> str:
    met = seconds <= TARGET_SECONDS and peak <= TARGET_BYTES
    return "met" if met else "MISSED"


def _line(kind: str, path: Path, out: dict, wall: float, peak: int) -> str:
    severity = out["severity"]
    counts = ", ".join(f"{k} {severity.get(k, 0):,}" for k in ("high", "medium", "low"))
    return (
        f"{LABEL} {kind:<12} {out['rows']:,} bids, {out['lots']:,} lots "
        f"({path.stat().st_size / 2**20:,.0f} MiB): import {out['import']:.1f} s + rules "
        f"{out['rules']:.1f} s = {out['import'] + out['rules']:.1f} s (process {wall:.1f} s), "
        f"peak RSS {_gib(peak)}; {out['flags']:,} flags ({counts}); "
        f"{len(out['skipped'])} rules skipped — target ≤ {TARGET_SECONDS:.0f} s, ≤ 4 GiB: "
        f"{_verdict(out['import'] + out['rules'], peak)}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bids", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the data here and keep it")
    parser.add_argument("--xlsx-bids", type=int, default=50_000, help="the .xlsx import's size")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ld-screening-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        files = {"template-csv": folder / "bids.csv", "ocds-jsonl": folder / "bids.jsonl"}
        for kind, path in files.items():
            started = time.perf_counter()
            fmt = path.suffix.lstrip(".")
            # in a child, so this process stays small: a child's peak RSS on Linux starts at
            # its parent's size when it was forked
            command = [sys.executable, str(HERE / "screening_data.py"), "--bids", str(args.bids)]
            command += ["--format", fmt, "--out", str(path)]
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            made = json.loads(path.with_name(path.stem + ".manifest.json").read_text())
            print(
                f"{LABEL} data {kind:<12} {made['bids']:,} bids, {made['lots']:,} lots, "
                f"{made['companies']:,} companies, {len(made['planted'])} planted patterns: "
                f"{path.stat().st_size / 2**20:,.0f} MiB written in "
                f"{time.perf_counter() - started:.1f} s",
                flush=True,
            )
        print(f"{LABEL} load average before the runs: {os.getloadavg()[0]:.2f}", flush=True)
        out, wall, peak = _child(CHILD, files["template-csv"])
        print(_line("template-csv", files["template-csv"], out, wall, peak), flush=True)
        print(f"{LABEL} template-csv flags by rule: {_by_rule(out)}", flush=True)
        parsed, _wall, _peak = _child(PARSE, files["ocds-jsonl"])
        out, wall, peak = _child(CHILD, files["ocds-jsonl"])
        print(_line("ocds-jsonl", files["ocds-jsonl"], out, wall, peak), flush=True)
        print(f"{LABEL} ocds-jsonl flags by rule: {_by_rule(out)}", flush=True)
        total = out["import"] + out["rules"]
        print(
            f"{LABEL} ocds-jsonl   parsing alone (json.loads of each of {parsed['lines']:,} "
            f"lines): {parsed['seconds']:.1f} s; import {out['import'] / parsed['seconds']:.1f}×, "
            f"import + rules {total / parsed['seconds']:.1f}× the parse",
            flush=True,
        )
        _xlsx(folder / "bids.xlsx", args.xlsx_bids)
    return 0


def _xlsx(path: Path, bids: int) -> None:
    """The template as .xlsx (no target): imported whole with calamine, and row by row with
    openpyxl as a workbook too large to hold is."""
    command = [sys.executable, str(HERE / "screening_data.py"), "--bids", str(bids)]
    subprocess.run(
        [*command, "--format", "xlsx", "--out", str(path)], check=True, stdout=subprocess.DEVNULL
    )
    for reader in ("calamine", "openpyxl"):
        out, _wall, peak = _child(XLSX, path, reader)
        print(
            f"{LABEL} template-xlsx {out['rows']:,} bids ({path.stat().st_size / 2**20:,.0f} MiB) "
            f"read with {reader}: import {out['seconds']:.1f} s, peak RSS {_gib(peak)}",
            flush=True,
        )


def _by_rule(out: dict) -> str:
    flags = ", ".join(f"{rule} {count:,}" for rule, count in sorted(out["by_rule"].items()))
    slowest = sorted(out["per_rule"].items(), key=lambda item: -item[1])[:6]
    return flags + "; slowest: " + ", ".join(f"{rule} {sec:.1f} s" for rule, sec in slowest)


if __name__ == "__main__":
    sys.exit(main())
