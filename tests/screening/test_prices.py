"""Price screens: statistics against hand-computed values, and every screen on a lot that trips
it and an innocent near-miss."""

import math
import statistics

import polars as pl
import pytest

from liandong.screening.model import Dataset, Severity
from liandong.screening.prices import BY_ID, RULES, STATISTICS, check, lot_statistics, notes


def make_dataset(rows: list[dict]) -> Dataset:
    defaults = {"project_id": "P1", "lot_id": "L1"}
    records = [{"row": i + 2, **defaults, **row} for i, row in enumerate(rows)]
    return Dataset(bids=pl.DataFrame(records, infer_schema_length=None))


def lot(prices, lot_id="L1", **fields) -> list[dict]:
    names = "甲乙丙丁戊己庚辛"
    return [
        {"bidder_name": names[i], "price": float(p), "lot_id": lot_id, **fields}
        for i, p in enumerate(prices)
    ]


def run(rule_id: str, rows: list[dict], **params):
    return check(make_dataset(rows), BY_ID[rule_id], params)


def test_it_computes_the_statistics_as_documented():
    bids = make_dataset(lot([130, 100, 110]) + lot([1, 2, 3, 10], lot_id="L2")).bids
    stats = lot_statistics(bids)
    assert stats.columns == ["project_id", "lot_id", *STATISTICS]
    three, four = stats.to_dicts()

    assert three["n"] == 3
    assert three["mean"] == pytest.approx(340 / 3)
    assert three["std"] == pytest.approx(statistics.stdev([100, 110, 130]))  # sample σ
    assert three["std"] == pytest.approx(math.sqrt(700 / 3))
    assert three["cv"] == pytest.approx(math.sqrt(700 / 3) / (340 / 3))
    assert three["spread"] == pytest.approx(0.30)
    assert three["diffp"] == pytest.approx(0.10)
    assert three["rd"] == pytest.approx(10 / statistics.stdev([110, 130]))  # 0.7071
    assert three["kurtosis"] is None  # needs n ≥ 4
    z = [(b - 340 / 3) / math.sqrt(700 / 3) for b in (100, 110, 130)]
    assert three["skewness"] == pytest.approx(3 / (2 * 1) * sum(v**3 for v in z))

    # the textbook example: Excel's KURT(1,2,3,10) = 3.228, SKEW(1,2,3,10) = 1.7636
    assert four["kurtosis"] == pytest.approx(3.228, abs=1e-3)
    assert four["skewness"] == pytest.approx(1.76363, abs=1e-4)
    assert four["rd"] == pytest.approx(1 / statistics.stdev([2, 3, 10]))


def test_it_counts_valid_or_unknown_bids_and_skips_lots_with_fewer_than_three():
    rows = lot([100, 110, 130]) + lot([100, 110, 130], lot_id="L2")
    rows[2]["valid"] = False  # L1 keeps two valid bids
    rows[5]["valid"] = None  # unknown counts as valid
    stats = lot_statistics(make_dataset(rows).bids)
    assert stats["lot_id"].to_list() == ["L2"]


def test_it_leaves_out_lots_bid_in_several_currencies_and_says_so():
    rows = lot([100, 110, 130], currency="UAH") + lot([100, 110, 130], lot_id="L2", currency="UAH")
    rows[0]["currency"] = "USD"
    dataset = make_dataset(rows)
    assert lot_statistics(dataset.bids)["lot_id"].to_list() == ["L2"]
    assert notes(dataset) == ["项目P1标段L1的报价含多种币种（UAH、USD），未做报价筛查。"]
    assert run("P-SPREAD", rows, spread=10) and all(
        f.lot_id == "L2" for f in run("P-SPREAD", rows, spread=10)
    )


def test_it_flags_a_low_coefficient_of_variation_with_value_and_threshold():
    (flag,) = run("P-CV", lot([1020, 1000, 1010]))
    assert flag.severity == Severity.MEDIUM
    assert flag.value == pytest.approx(10 / 1010)
    assert flag.threshold == 0.05
    assert flag.bidders == ("乙", "丙", "甲")  # by price, lowest first
    assert flag.rows == (3, 4, 2)
    assert flag.fields == ("price",)
    assert "需核实" in flag.explanation and "0.05" in flag.explanation
    assert run("P-CV", lot([100, 110, 130])) == []


def test_it_flags_a_lowest_bid_far_from_close_losing_bids():
    (flag,) = run("P-RD", lot([100, 120, 121, 122]))
    assert flag.severity == Severity.MEDIUM
    assert flag.value == pytest.approx(20.0)
    assert flag.threshold == 1.0
    assert run("P-RD", lot([100, 110, 130])) == []  # RD 0.707
    assert run("P-RD", lot([100, 120, 120])) == []  # σ of the losing bids is 0: RD undefined


def test_it_flags_a_narrow_spread_as_low():
    (flag,) = run("P-SPREAD", lot([1000, 1010, 1020]))
    assert flag.severity == Severity.LOW
    assert flag.value == pytest.approx(0.02)
    assert flag.threshold == 0.05
    assert run("P-SPREAD", lot([100, 110, 130])) == []


def test_it_flags_a_wide_gap_between_the_two_lowest_bids_as_low():
    (flag,) = run("P-DIFFP", lot([100, 120, 121]))
    assert flag.severity == Severity.LOW
    assert flag.value == pytest.approx(0.20)
    assert flag.threshold == 0.10
    assert run("P-DIFFP", lot([100, 105, 130])) == []
    assert run("P-DIFFP", lot([100, 120, 121]), diffp=0.25) == []


def test_it_flags_identical_prices_of_different_bidders_but_not_at_the_ceiling():
    (flag,) = run("P-IDENT", lot([100, 123.45, 123.45]))
    assert flag.severity == Severity.MEDIUM
    assert flag.bidders == ("乙", "丙")
    assert flag.rows == (3, 4)
    assert flag.value == 123.45
    assert flag.matched == "123.45"
    assert run("P-IDENT", lot([100, 150, 150], ceiling=150.0)) == []
    assert run("P-IDENT", lot([100, 150, 150], ceiling=150.0), skip_at_ceiling=False) != []
    same_bidder = [{"bidder_name": "甲", "price": 5.0}, {"bidder_name": "甲", "price": 5.0}]
    assert run("P-IDENT", same_bidder) == []


def test_it_defines_each_screen_with_thresholds():
    assert [r.id for r in RULES] == ["P-CV", "P-RD", "P-SPREAD", "P-DIFFP", "P-IDENT"]
    assert BY_ID["P-CV"].thresholds == {"cv": 0.05}
    assert BY_ID["P-RD"].thresholds == {"rd": 1.0}
    assert all(r.innocent and r.needs == (("price",),) for r in RULES)
