"""The screening engine end to end on synthetic data (``bench/screening_data.py``): every pattern
planted is flagged by its rule, a clean market gives no high-severity flag, and ``liandong
screen`` runs with no database and no Django settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from liandong.screening import cli, engine
from liandong.screening.model import Severity, first_of_equal

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import screening_data  # noqa: E402

BIDS = 2_000


@pytest.fixture(scope="module")
def sets(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """The planted and the clean set of 2,000 bids in every format, with their manifests."""
    folder = tmp_path_factory.mktemp("screening")
    made = {}
    for clean in (False, True):
        for fmt in ("csv", "xlsx", "jsonl", "json"):
            name = f"{'clean' if clean else 'planted'}-{fmt}"
            path = folder / f"{name}.{fmt}"
            made[name] = (path, screening_data.generate(BIDS, fmt, path, clean=clean, seed=7))
    return made


def _found(item: dict, rule: str, flags) -> bool:
    mine = [f for f in flags if f.rule == rule]
    if "identifier" in item:
        return any(f.group == item["group"] and f.identifier == item["identifier"] for f in mine)
    if item["plant"] == "S9":  # a group across lots: any flag naming two of the four
        return any(len(set(f.bidders) & set(item["bidders"])) >= 2 for f in mine)
    in_lot = [f for f in mine if f.project_id == item["project_id"]]
    return any(f.lot_id in (item["lot_id"], "") for f in in_lot)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "jsonl", "json"])
def test_it_flags_every_planted_pattern_with_its_rule(sets, fmt):
    path, manifest = sets[f"planted-{fmt}"]
    data = engine.load([path])
    result = engine.run(data)
    known = {rule.id for rule in engine.rules()}
    assert data.bids.height == BIDS
    missed, not_run = [], []
    expected = [item for item in manifest["planted"] if item["expected"]]
    assert expected
    for item in expected:
        for rule in item["rules"]:
            if rule not in known or rule in result.skipped:
                not_run.append(f"{rule} ({result.skipped.get(rule, 'no such rule')})")
            elif not _found(item, rule, result.flags):
                missed.append(f"{rule} {item['plant']} {item.get('project_id', '')}")
    assert not not_run, f"rules that should have run on {fmt}: {sorted(set(not_run))}"
    assert not missed, f"planted patterns not flagged in {fmt}: {missed}"


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_it_finds_no_high_severity_clue_in_a_clean_market(sets, fmt):
    path, manifest = sets[f"clean-{fmt}"]
    assert manifest["planted"] == []
    result = engine.run(engine.load([path]))
    high = [f for f in result.flags if f.severity == Severity.HIGH]
    assert not high, [(f.rule, f.project_id, f.bidders, f.matched) for f in high[:5]]


def test_it_reads_several_files_into_one_data_set(sets):
    data = engine.load([sets["planted-csv"][0], sets["clean-csv"][0]])
    assert data.bids.height == 2 * BIDS
    assert [r.format for r in data.reports] == ["template-csv", "template-csv"]


def test_it_drops_rows_an_earlier_file_already_gave_and_says_so(sets, tmp_path):
    path, _manifest = sets["planted-csv"]
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    overlap = tmp_path / "overlap.csv"
    overlap.write_text("".join([lines[0], *lines[1:11]]), encoding="utf-8")
    data = engine.load([path, overlap])
    assert data.bids.height == BIDS
    assert data.reports[1].duplicates == 10
    assert data.reports[1].rows_kept == 0
    assert data.reports[1].notes[-1] == "与此前文件重复的10行已去除。"


def test_first_of_equal_keeps_the_first_of_equal_rows_nulls_included():
    frame = pl.DataFrame(
        {"row": [1, 2, 3, 4, 5], "a": ["x", "x", None, None, "y"], "b": [1.0, 1.0, None, None, 2.0]}
    )
    assert first_of_equal(frame, ["a", "b"]).to_list() == [True, False, True, False, True]
    assert first_of_equal(frame, ["row", "a"]).to_list() == [True] * 5


def test_it_refuses_the_same_lot_from_the_template_and_ocds(sets):
    with pytest.raises(ValueError, match="同一标段同时出现在模板文件和OCDS文件中"):
        engine.load([sets["planted-csv"][0], sets["planted-jsonl"][0]])


def test_it_adds_the_ocds_indicators_and_fences(sets):
    result = engine.run(engine.load([sets["planted-jsonl"][0]]), rules=["R024", "R025"])
    assert set(result.indicators) >= {"OCID", "Tenderer"}
    assert {"R024", "R025"} <= set(result.fences)
    tenderers = result.indicators["Tenderer"]
    assert any("R025" in codes for codes in tenderers.values())


def test_it_refuses_an_unknown_rule_naming_the_known_ones():
    with pytest.raises(ValueError, match=r"未知的规则：X9。可用的规则：.*R003"):
        engine.select(["X9"])


def test_it_takes_thresholds_as_text_from_the_command_line(sets):
    data = engine.load([sets["planted-jsonl"][0]])
    strict = engine.run(data, rules=["R003"], params={"R003": {"days": "3"}})
    assert strict.flags == []  # the planted tender period is 7 days
    loose = engine.run(data, rules=["R003"], params={"R003": {"days": "8"}})
    assert [f.rule for f in loose.flags] == ["R003"]
    with pytest.raises(ValueError, match="没有参数"):
        engine.run(data, rules=["R003"], params={"R003": {"weeks": "2"}})


# ---------------------------------------------------------------- the command


def test_it_screens_from_the_command_line_and_writes_both_reports(sets, tmp_path, capsys):
    path, manifest = sets["planted-csv"]
    xlsx, report = tmp_path / "report.xlsx", tmp_path / "report.json"
    assert cli.main([str(path), "--out", str(xlsx), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert f"读取{BIDS}行，导入{BIDS}行" in out
    assert "线索" in out and "未运行的规则" in out  # R003 and R030 need OCDS columns
    book = openpyxl.load_workbook(xlsx, read_only=True)
    assert book.sheetnames[:3] == ["汇总", "线索", "导入问题"]
    rows = list(book["线索"].iter_rows(values_only=True))
    assert rows[0][:4] == ("序号", "规则", "规则名称", "严重程度")
    assert len(rows) > 10

    assert cli.main([sets["planted-jsonl"][0].as_posix(), "--out", str(report), "--quiet"]) == 0
    written = json.loads(report.read_text(encoding="utf-8"))
    assert written["rows"] == BIDS and written["flags"]
    assert {"rule", "severity", "project_id", "bidders", "rows", "innocent"} <= set(
        written["flags"][0]
    )
    r025 = next(i for i in manifest["planted"] if i["plant"] == "R025")
    assert r025  # the OCDS part keeps cardinal's shape: group → identifier → code → value
    for group, identifiers in written["indicators"].items():
        assert group in {"OCID", "Buyer", "ProcuringEntity", "Tenderer"}
        for codes in identifiers.values():
            assert all(code.startswith("R") and isinstance(v, float) for code, v in codes.items())
    assert {"q1", "q3", "lower", "upper"} <= set(written["fences"]["R024"])


def test_it_screens_only_the_rules_asked_for(sets, capsys):
    assert cli.main([str(sets["planted-jsonl"][0]), "--rules", "R018,R028", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "R018" in out and "R028" in out and "R024" not in out


def test_it_names_the_known_rules_for_an_unknown_one(sets, capsys):
    assert cli.main([str(sets["planted-csv"][0]), "--rules", "R018,Q7"]) == 2
    err = capsys.readouterr().err
    assert "未知的规则：Q7" in err and "R058" in err


def test_it_refuses_a_file_that_is_neither_template_nor_ocds(tmp_path, capsys):
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert cli.main([str(picture)]) == 2
    err = capsys.readouterr().err
    assert "不是CSV或XLSX" in err and "Traceback" not in err


def test_it_refuses_a_malformed_parameter(sets, capsys):
    assert cli.main([str(sets["planted-csv"][0]), "--param", "S7tolerance"]) == 2
    assert "规则.参数=值" in capsys.readouterr().err


def test_the_console_script_screens_without_django_or_a_database(sets, tmp_path):
    script = Path(sys.executable).parent / "liandong"
    if not script.exists():
        pytest.skip("the console script is not installed in this environment")
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    path = sets["planted-csv"][0]
    done = subprocess.run(
        [
            str(script),
            "screen",
            str(path),
            "--rules",
            "R018,R028",
            "--out",
            str(tmp_path / "r.json"),
        ],
        capture_output=True,
        env=environment,
        cwd=tmp_path,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "R028" in done.stdout
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["rows"] == BIDS
    refused = subprocess.run(
        [str(script), "screen", str(tmp_path / "missing.csv")],
        capture_output=True,
        env=environment,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2 and "找不到文件" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_bidder_named_like_a_formula_stays_text_in_the_report(sets, tmp_path):
    """OWASP CSV injection: a hostile bidder's name from an imported file is written as text."""
    import csv as csvlib

    path, _manifest = sets["planted-csv"]
    with open(path, encoding="utf-8-sig", newline="") as source:
        rows = list(csvlib.reader(source))
    column = rows[0].index("投标人名称")
    flagged = next(f for f in engine.run(engine.load([path])).flags if f.bidders).bidders[0]
    hostile = '=HYPERLINK("http://x.invalid","看")'
    for row in rows[1:]:
        if row[column] == flagged:
            row[column] = hostile
    changed = tmp_path / "hostile.csv"
    with open(changed, "w", encoding="utf-8-sig", newline="") as out:
        csvlib.writer(out).writerows(rows)
    xlsx = tmp_path / "hostile.xlsx"
    assert cli.main([str(changed), "--out", str(xlsx), "--quiet"]) == 0
    book = openpyxl.load_workbook(xlsx)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(isinstance(c.value, str) and c.value.startswith("=HYPERLINK") for c in cells)
