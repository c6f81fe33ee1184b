"""The OCDS importer on ProZorro's real data (every bid accounted for), on JSON Lines with bad
lines, on files that are not JSON, and on a package whose releases must be compiled; and the
price screens of two ProZorro tenders against values worked out by hand."""

import json
import math
import statistics
from pathlib import Path

import polars as pl
import pytest

from liandong.screening import engine, ocds
from liandong.screening.model import Dataset, ImportRefused
from liandong.screening.ocds import read_ocds

SAMPLE = Path(__file__).resolve().parents[3] / "shared/data/ocds/ukraine-prozorro/sample"
if not SAMPLE.is_dir():  # the work tree may sit elsewhere than beside shared/
    SAMPLE = Path("/work/shared/data/ocds/ukraine-prozorro/sample")

STATUS = {"active": True, "valid": True, "unsuccessful": False, "disqualified": False}


def bids_in_json(release: dict) -> list[tuple]:
    """Counted straight from the JSON: (ocid, tenderer name, amount, currency, valid) per
    tenderer of each bid."""
    found = []
    for detail in (release.get("bids") or {}).get("details", []):
        for tenderer in detail["tenderers"]:
            value = detail["value"]
            found.append(
                (
                    release["ocid"],
                    tenderer["name"],
                    value["amount"],
                    value["currency"],
                    STATUS[detail["status"]],
                )
            )
    return found


def compiled(path: Path) -> dict:
    document = json.loads(path.read_text(encoding="utf-8"))
    return document.get("compiledRelease", document)


def awarded_without_bids_in_json(release: dict) -> list[tuple]:
    """(ocid, supplier name) of each active award of a tender that has no bids."""
    if bids_in_json(release):
        return []
    return sorted(
        {
            (release["ocid"], supplier["name"])
            for award in release.get("awards") or []
            if award.get("status") == "active"
            for supplier in award.get("suppliers") or []
        }
    )


def awarded_without_bids_in_frame(dataset: Dataset) -> list[tuple]:
    if "award_only" not in dataset.bids.columns:
        return []
    frame = dataset.bids.filter(pl.col("award_only").fill_null(False))
    assert frame["price"].null_count() == frame["valid"].null_count() == frame.height
    assert frame["awarded"].all()
    return sorted(frame.select("project_id", "bidder_name").unique().iter_rows())


def bids_in_frame(dataset: Dataset) -> list[tuple]:
    frame = dataset.bids.filter(pl.col("bidder_name").is_not_null())
    if "award_only" in frame.columns:
        frame = frame.filter(~pl.col("award_only").fill_null(False))
    if frame.is_empty():  # a tender without bids: its empty columns are left out
        return []
    columns = ["project_id", "bidder_name", "price", "currency", "valid"]
    return [tuple(r) for r in frame.select(columns).iter_rows()]


@pytest.mark.parametrize("folder", ["records", "releases"])
def test_it_imports_every_prozorro_bid(folder):
    files = sorted((SAMPLE / folder).glob("*.json"))
    assert len(files) == 11
    expected, actual, tenders_without_bids, placeholders = [], [], 0, 0
    awards_expected, awards_read = [], []
    for path in files:
        release = compiled(path)
        expected += bids_in_json(release)
        awards_expected += awarded_without_bids_in_json(release)
        tenders_without_bids += not bids_in_json(release) and not awarded_without_bids_in_json(
            release
        )
        data = read_ocds(path)
        report = data.reports[0]
        assert report.problems == [] and report.rows_read == report.rows_kept == 1
        assert report.format in ("ocds-record-package", "ocds-release-package")
        actual += bids_in_frame(data)
        awards_read += awarded_without_bids_in_frame(data)
        placeholders += data.bids.filter(pl.col("bidder_name").is_null()).height
        assert set(data.bids["project_id"]) == {release["ocid"]}
    assert len(expected) == 12  # 5 + 3 + 2 + 1 + 1 bids in five tenders
    assert sorted(actual, key=repr) == sorted(expected, key=repr)
    assert all(None not in bid for bid in actual)  # tenderer, amount, currency, status
    assert placeholders == tenders_without_bids
    # the tenders without bids: those awarded directly give a row per supplier, the rest one row
    assert awards_read == awards_expected
    assert len(awards_read) + placeholders == 6


def test_it_reads_the_fields_of_a_prozorro_tender():
    data = read_ocds(SAMPLE / "records/ocds-be6bcu-UA-2016-06-08-000504-c.json")
    bids = data.bids.sort("price")
    assert bids["price"].to_list() == [1800.0, 2875.0, 2900.0, 3000.0, 3375.0]
    assert bids["lot_id"].unique().to_list() == ["ocds-be6bcu-UA-2016-06-08-000504-c"]
    assert bids["method"].unique().to_list() == ["open"]
    assert bids["buyer_id"].unique().to_list() == ["UA-EDR-39985748"]
    assert bids["budget"].unique().to_list() == [7500.0]
    # the active award went to the bid of 2875 (the award to 1800 was unsuccessful)
    assert bids["awarded"].to_list() == [False, True, False, False, False]
    assert bids["bidder_id"][1] == "UA-EDR-14017091"
    assert bids["classification"].unique().to_list() == ["18100000-0"]
    assert str(bids["tender_end"][0]) == "2016-06-17 14:53:00+00:00"  # 17:53 +03:00


def test_it_keeps_the_lot_of_a_bid():
    data = read_ocds(
        SAMPLE / "releases/ocds-be6bcu-UA-2016-08-31-000670-b-aad96fd497084a9b94c5cb582349ceb0.json"
    )
    assert data.bids["lot_id"].to_list() == ["2318185a93a34f31b27941160847513e"]
    assert data.bids["awarded"].to_list() == [True]


def release(ocid: str | None, date: str = "2024-01-01T00:00:00Z", **fields) -> dict:
    body = {"id": f"{ocid}-{date}", "date": date, "tag": ["tender"], **fields}
    return body if ocid is None else {"ocid": ocid, **body}


def tender_bids(*bids: tuple[str, float, str]) -> dict:
    return {
        "details": [
            {
                "id": f"bid-{name}",
                "status": status,
                "value": {"amount": amount, "currency": "CNY"},
                "tenderers": [{"id": f"CN-{name}", "name": name}],
            }
            for name, amount, status in bids
        ]
    }


def test_it_reports_a_release_without_ocid_and_a_malformed_line(tmp_path):
    lines = [
        json.dumps(release("ocds-1", bids=tender_bids(("甲", 100.0, "valid")))),
        json.dumps(release(None, bids=tender_bids(("乙", 90.0, "valid")))),
        '{"ocid": "ocds-broken", "bids": ',
        "",
        json.dumps(release("ocds-2", bids=tender_bids(("丙", 80.0, "disqualified")))),
    ]
    path = tmp_path / "releases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = read_ocds(path)
    report = data.reports[0]
    assert report.format == "ocds-jsonl"
    assert [(p.row, p.column) for p in report.problems] == [(2, "ocid"), (3, "")]
    assert report.problems[0].message == "缺少ocid"
    assert "JSON" in report.problems[1].message
    assert (report.rows_read, report.rows_kept, report.rows_skipped) == (4, 2, 2)
    assert data.bids.select("row", "bidder_name", "valid").rows() == [
        (1, "甲", True),
        (5, "丙", False),
    ]


def test_it_refuses_a_file_that_is_not_json(tmp_path):
    csv = tmp_path / "bids.json"
    csv.write_text("项目编号,投标人名称,投标报价(元)\nP1,甲,100\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="JSON"):
        read_ocds(csv)
    binary = tmp_path / "bids.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ImportRefused):
        read_ocds(binary)
    truncated = tmp_path / "package.json"
    truncated.write_text('{\n  "releases": [\n    {"ocid": "ocds-1"', encoding="utf-8")
    with pytest.raises(ImportRefused):
        read_ocds(truncated)


def test_it_compiles_two_releases_of_one_ocid(tmp_path):
    first = release(
        "ocds-9",
        "2024-01-01T00:00:00Z",
        tender={
            "id": "t",
            "procurementMethod": "open",
            "tenderPeriod": {
                "startDate": "2024-01-01T00:00:00Z",
                "endDate": "2024-01-21T00:00:00Z",
            },
        },
        bids=tender_bids(("甲", 100.0, "pending"), ("乙", 110.0, "pending")),
    )
    second = release(
        "ocds-9",
        "2024-02-01T00:00:00Z",
        bids=tender_bids(("甲", 100.0, "valid"), ("乙", 110.0, "disqualified")),
        awards=[{"id": "a1", "status": "active", "suppliers": [{"id": "CN-甲", "name": "甲"}]}],
    )
    other = release("ocds-8", bids=tender_bids(("丁", 5.0, "valid")))
    path = tmp_path / "package.json"
    package = {"uri": "x", "releases": [second, other, first]}  # out of date order
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")
    data = read_ocds(path)
    report = data.reports[0]
    assert report.format == "ocds-release-package"
    assert (report.rows_read, report.rows_kept, report.problems) == (3, 3, [])
    assert any("ocdsmerge" in note for note in report.notes)
    rows = data.bids.filter(pl.col("project_id") == "ocds-9").sort("bidder_name")
    assert rows.select("bidder_name", "price", "valid", "awarded").rows() == [
        ("乙", 110.0, False, False),
        ("甲", 100.0, True, True),
    ]
    assert rows["method"].to_list() == ["open", "open"]  # from the first release only
    assert str(rows["tender_end"][0]) == "2024-01-21 00:00:00+00:00"


def test_it_compiles_a_record_without_compiled_release(tmp_path):
    record = {
        "ocid": "ocds-7",
        "releases": [
            release("ocds-7", "2024-01-01T00:00:00Z", bids=tender_bids(("甲", 1.0, "pending"))),
            release("ocds-7", "2024-01-02T00:00:00Z", bids=tender_bids(("甲", 1.0, "valid"))),
        ],
    }
    missing = {"releases": [{"url": "http://example.invalid/r1", "date": "2024-01-01"}]}
    path = tmp_path / "records.json"
    path.write_text(json.dumps({"records": [record, missing]}), encoding="utf-8")
    data = read_ocds(path)
    assert data.reports[0].format == "ocds-record-package"
    assert data.bids.select("bidder_name", "valid").rows() == [("甲", True)]
    assert [p.column for p in data.reports[0].problems] == ["records[1].releases"]


def test_it_keeps_a_tender_without_bids_as_one_row_without_price(tmp_path):
    path = tmp_path / "one.jsonl"
    lots = [{"id": "L1"}, {"id": "L2"}]
    bids = tender_bids(("甲", 1.0, "valid"))
    bids["details"][0]["relatedLots"] = ["L1"]
    path.write_text(json.dumps(release("ocds-5", tender={"id": "t", "lots": lots}, bids=bids)))
    rows = read_ocds(path).bids.sort("lot_id").select("lot_id", "bidder_name", "price").rows()
    assert rows == [("L1", "甲", 1.0), ("L2", None, None)]


# --- price screens of two ProZorro tenders -------------------------------------------------


def by_hand(amounts: list[float]) -> dict[str, float]:
    """The price screens of SCREENING.md worked out from the amounts, with the definitions
    prices.py documents: the sample standard deviation (n − 1), Excel's SKEW (G1) and KURT
    (excess G2)."""
    bids = sorted(amounts)
    n = len(bids)
    mean = statistics.fmean(bids)
    sigma = statistics.stdev(bids)
    m2 = sum((b - mean) ** 2 for b in bids) / n
    m3 = sum((b - mean) ** 3 for b in bids) / n
    m4 = sum((b - mean) ** 4 for b in bids) / n
    g1, g2 = m3 / m2**1.5, m4 / m2**2 - 3
    return {
        "n": n,
        "mean": mean,
        "cv": sigma / mean,
        "spread": (bids[-1] - bids[0]) / bids[0],
        "diffp": (bids[1] - bids[0]) / bids[0],
        "rd": (bids[1] - bids[0]) / statistics.stdev(bids[1:]),
        "skewness": math.sqrt(n * (n - 1)) / (n - 2) * g1,
        "kurtosis": ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3)) if n >= 4 else None,
    }


def test_price_screens_of_two_prozorro_tenders_match_the_hand_computation():
    prices = pytest.importorskip("liandong.screening.prices")
    # The only two sample tenders with at least three valid bids.
    tenders = {
        "ocds-be6bcu-UA-2016-06-08-000504-c": [3375.0, 1800.0, 2900.0, 3000.0, 2875.0],
        "ocds-be6bcu-UA-2017-04-12-001619-b": [43789.0, 42074.56, 43788.9],
    }
    frames = [read_ocds(SAMPLE / f"records/{ocid}.json").bids for ocid in tenders]
    frames.append(read_ocds(SAMPLE / "records/ocds-be6bcu-UA-2017-04-10-002020-b.json").bids)
    stats = prices.lot_statistics(pl.concat(frames, how="diagonal_relaxed"))
    assert sorted(stats["project_id"]) == sorted(tenders)  # the 2-bid tender has none
    first = by_hand(tenders["ocds-be6bcu-UA-2016-06-08-000504-c"])
    # spelled out for the first tender: deviations from 2790 are 585, −990, 110, 210, 85
    assert first["mean"] == 2790.0
    assert first["cv"] == pytest.approx(
        math.sqrt((585**2 + 990**2 + 110**2 + 210**2 + 85**2) / 4) / 2790
    )
    assert first["spread"] == pytest.approx((3375 - 1800) / 1800)
    assert first["diffp"] == pytest.approx((2875 - 1800) / 1800)
    for row in stats.iter_rows(named=True):
        expected = by_hand(tenders[row["project_id"]])
        assert row["lot_id"] == row["project_id"]
        assert row["n"] == expected["n"]
        for key in ("mean", "cv", "spread", "diffp", "rd", "skewness"):
            assert row[key] == pytest.approx(expected[key], rel=1e-9), key
        if expected["kurtosis"] is None:
            assert row["kurtosis"] is None
        else:
            assert row["kurtosis"] == pytest.approx(expected["kurtosis"], rel=1e-9)


def test_it_reads_a_release_package_written_on_one_line(tmp_path):
    releases = [
        release("ocds-3", "2024-01-02T00:00:00Z", bids=tender_bids(("甲", 2.0, "valid"))),
        release("ocds-3", "2024-01-01T00:00:00Z", tender={"id": "t", "procurementMethod": "open"}),
    ]
    path = tmp_path / "package.json"
    path.write_text(json.dumps({"releases": releases}), encoding="utf-8")
    data = read_ocds(path)
    assert data.reports[0].format == "ocds-release-package"
    assert data.bids.select("bidder_name", "price", "method").rows() == [("甲", 2.0, "open")]


def test_it_keeps_a_direct_award_as_a_row_that_is_not_a_bid(tmp_path):
    path = tmp_path / "direct.jsonl"
    item = {"id": "i1", "classification": {"scheme": "CPV", "id": "33100000-1"}}
    supplier = {"id": "CN-甲", "name": "甲"}
    awards = [{"id": "a1", "status": "active", "suppliers": [supplier], "items": [item]}]
    tender = {"id": "t", "procurementMethod": "open"}
    path.write_text(json.dumps(release("ocds-6", tender=tender, awards=awards)))
    data = read_ocds(path)
    row = data.bids.row(0, named=True)
    assert data.bids.height == 1
    assert (row["bidder_name"], row["bidder_id"], row["awarded"], row["award_only"]) == (
        "甲", "CN-甲", True, True,
    )  # fmt: skip
    assert row["price"] is None and row["valid"] is None and "33100000" in row["classification"]
    assert "1行为无投标而直接授予合同的供应商" in data.reports[0].notes[0]
    # an open procedure with one supplier awarded and no bid is not a single-bid tender
    assert engine.run(data, rules=["R018", "S9"]).flags == []


def test_it_refuses_a_json_document_too_large_to_read_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(ocds, "MAX_DOCUMENT_BYTES", 1_000)
    releases = [release(f"ocds-{i}", bids=tender_bids(("甲", 1.0, "valid"))) for i in range(20)]
    path = tmp_path / "package.json"
    path.write_text(json.dumps({"releases": releases}, indent=1), encoding="utf-8")
    with pytest.raises(ImportRefused, match="请导出为JSON Lines"):
        read_ocds(path)


def test_it_skips_a_json_lines_line_too_long_and_reads_the_rest(tmp_path, monkeypatch):
    monkeypatch.setattr(ocds, "MAX_DOCUMENT_BYTES", 1_000)
    huge = release("ocds-huge", bids=tender_bids(*[(f"乙{i}", 1.0, "valid") for i in range(40)]))
    lines = [
        json.dumps(release("ocds-1", bids=tender_bids(("甲", 100.0, "valid")))),
        json.dumps(huge),
        json.dumps(release("ocds-2", bids=tender_bids(("丙", 80.0, "valid")))),
    ]
    assert len(lines[1].encode()) > 1_000 > max(len(lines[0]), len(lines[2]))
    path = tmp_path / "releases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = read_ocds(path)
    (problem,) = data.reports[0].problems
    assert problem.row == 2 and "本行超过" in problem.message
    assert data.bids["bidder_name"].to_list() == ["甲", "丙"]
