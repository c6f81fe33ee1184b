"""The OCDS red flags R003 … R058 on hand-made data sets: each fires where it should and stays
quiet where it should not; fences against quartiles worked out by hand (type 8:
h = (n + 1/3)·p + 1/3); the nested output shape."""

import datetime as dt

import polars as pl
import pytest

from liandong.screening import indicators
from liandong.screening.indicators import BY_ID, check, fences, quantile, results
from liandong.screening.model import Dataset

UTC = dt.UTC
SCHEMA = {
    "row": pl.Int64,
    "project_id": pl.Utf8,
    "lot_id": pl.Utf8,
    "method": pl.Utf8,
    "buyer": pl.Utf8,
    "buyer_id": pl.Utf8,
    "agency": pl.Utf8,
    "tender_start": pl.Datetime("us", "UTC"),
    "tender_end": pl.Datetime("us", "UTC"),
    "bidder_name": pl.Utf8,
    "bidder_id": pl.Utf8,
    "price": pl.Float64,
    "currency": pl.Utf8,
    "awarded": pl.Boolean,
    "valid": pl.Boolean,
    "bid_at": pl.Datetime("us", "UTC"),
    "classification": pl.Utf8,
}


def dataset(rows: list[dict]) -> Dataset:
    """A data set from dicts; a column nobody gave is left out, as an importer would."""
    used = [c for c in SCHEMA if any(c in r for r in rows)]
    numbered = [{"row": i, **r} for i, r in enumerate(rows, 1)]
    frame = pl.DataFrame(
        [{c: r.get(c) for c in ["row", *used]} for r in numbered],
        schema={c: SCHEMA[c] for c in ["row", *used]},
    )
    return Dataset(bids=frame)


def day(n: float) -> dt.datetime:
    return dt.datetime(2024, 3, 1, tzinfo=UTC) + dt.timedelta(days=n)


def bid(ocid: str, name: str, price: float | None = None, **fields) -> dict:
    return {"project_id": ocid, "bidder_name": name, "bidder_id": f"id-{name}", "price": price} | (
        fields
    )


def run(rows: list[dict], code: str, **params) -> list:
    return check(dataset(rows), BY_ID[code], params)


def lots_with_ratios(seconds: list[float]) -> list[dict]:
    """One lot per second-lowest bid: the winner bids 100, the runner-up the given amount."""
    rows = []
    for i, second in enumerate(seconds):
        ocid = f"ocds-r{i}"
        rows.append(bid(ocid, f"W{i}", 100.0, valid=True, awarded=True, currency="CNY"))
        rows.append(bid(ocid, f"L{i}", second, valid=True, awarded=False, currency="CNY"))
    return rows


# --- quartiles --------------------------------------------------------------------------------


def test_it_computes_type_8_quartiles_as_cardinal_does():
    values = [0.001, 0.10, 0.11, 0.12, 0.13, 0.14, 0.80]  # n = 7
    # Q1: h = (7 + 1/3)·0.25 + 1/3 = 2.1667 → x2 + (1/6)(x3 − x2)
    assert quantile(values, 0.25) == pytest.approx(0.10 + (1 / 6) * (0.11 - 0.10))
    # Q3: h = (7 + 1/3)·0.75 + 1/3 = 5.8333 → x5 + (5/6)(x6 − x5)
    assert quantile(values, 0.75) == pytest.approx(0.13 + (5 / 6) * (0.14 - 0.13))
    assert quantile([5.0], 0.25) == 5.0
    assert quantile([1.0, 2.0], 0.0) == 1.0 and quantile([1.0, 2.0], 1.0) == 2.0


# --- R003 -------------------------------------------------------------------------------------


def test_it_flags_a_short_submission_period():
    rows = [
        bid("ocds-a", "A", 1.0, method="open", tender_start=day(0), tender_end=day(9)),
        bid("ocds-b", "B", 1.0, method="open", tender_start=day(0), tender_end=day(20)),
        bid("ocds-c", "C", 1.0, method="limited", tender_start=day(0), tender_end=day(5)),
    ]
    flags = run(rows, "R003")
    assert [(f.identifier, f.value, f.threshold, f.group) for f in flags] == [
        ("ocds-a", 9.0, 15.0, "OCID")
    ]


def test_it_does_not_flag_a_period_at_the_threshold_or_a_relaxed_method():
    rows = [
        bid("ocds-a", "A", 1.0, method="open", tender_start=day(0), tender_end=day(15)),
        bid("ocds-b", "B", 1.0, method="open", tender_start=day(0), tender_end=day(9)),
    ]
    assert [f.identifier for f in run(rows, "R003")] == ["ocds-b"]
    assert run(rows, "R003", per_method={"open": 7}) == []


# --- R018 -------------------------------------------------------------------------------------


def test_it_flags_a_single_bidder_in_an_open_procedure():
    rows = [bid("ocds-a", "A", 10.0, method="open"), bid("ocds-a", "A", 9.0, method="open")]
    flags = run(rows, "R018")
    assert [(f.identifier, f.bidders, f.group) for f in flags] == [("ocds-a", ("A",), "OCID")]


def test_it_does_not_flag_competition_a_limited_procedure_or_a_tender_without_bids():
    rows = [
        bid("ocds-a", "A", 10.0, method="open"),
        bid("ocds-a", "B", 11.0, method="open"),
        bid("ocds-b", "A", 10.0, method="limited"),
        {"project_id": "ocds-c", "bidder_name": None, "price": None, "method": "open"},
    ]
    assert run(rows, "R018") == []


# --- R024 / R058 ------------------------------------------------------------------------------

SECONDS = [100.1, 110.0, 111.0, 112.0, 113.0, 114.0, 180.0]  # ratios 0.001, 0.10 … 0.14, 0.80
Q1 = 0.10 + (1 / 6) * (0.11 - 0.10)  # as above
Q3 = 0.13 + (5 / 6) * (0.14 - 0.13)


def test_it_flags_a_runner_up_too_close_to_the_winner():
    flags = run(lots_with_ratios(SECONDS), "R024")
    assert [f.identifier for f in flags] == ["ocds-r0"]
    assert flags[0].value == pytest.approx(0.001)
    assert flags[0].threshold == pytest.approx(Q1 - 1.5 * (Q3 - Q1))
    assert flags[0].bidders == ("W0", "L0")


def test_it_flags_a_heavily_discounted_winning_bid():
    flags = run(lots_with_ratios(SECONDS), "R058")
    assert [f.identifier for f in flags] == ["ocds-r6"]
    assert flags[0].value == pytest.approx(0.80)
    assert flags[0].threshold == pytest.approx(Q3 + 1.5 * (Q3 - Q1))


def test_it_does_not_flag_ordinary_gaps_or_a_winner_who_was_not_lowest():
    rows = lots_with_ratios([110.0, 111.0, 112.0, 113.0, 114.0])
    # the winner is not the lowest valid bid: not price-only, so left out
    rows += [
        bid("ocds-x", "W", 100.0, valid=True, awarded=True),
        bid("ocds-x", "L", 50.0, valid=True, awarded=False),
    ]
    assert run(rows, "R024") == [] and run(rows, "R058") == []
    # too few lots for a fence unless asked
    few = lots_with_ratios([100.1, 110.0])
    assert run(few, "R024") == []
    assert [f.identifier for f in run(few, "R024", threshold=0.01)] == ["ocds-r0"]


def test_it_reports_the_fences_used():
    found = fences(dataset(lots_with_ratios(SECONDS)))
    iqr = Q3 - Q1
    for code in ("R024", "R058"):
        assert found[code]["q1"] == pytest.approx(Q1)
        assert found[code]["q3"] == pytest.approx(Q3)
        assert found[code]["iqr"] == pytest.approx(iqr)
        assert found[code]["lower"] == pytest.approx(Q1 - 1.5 * iqr)
        assert found[code]["upper"] == pytest.approx(Q3 + 1.5 * iqr)


# --- R025 -------------------------------------------------------------------------------------

# (winner, loser) per lot: L loses all six of its lots.
R025_LOTS = [
    *[(w, "L") for w in "BCDEFG"],
    *[("B", "C"), ("C", "D"), ("D", "B"), ("E", "F"), ("F", "G"), ("G", "E"), ("B", "E")],
]


def duel_rows(lots: list[tuple[str, str]]) -> list[dict]:
    rows = []
    for i, (winner, loser) in enumerate(lots):
        rows.append(bid(f"ocds-{i}", winner, 100.0, valid=True, awarded=True))
        rows.append(bid(f"ocds-{i}", loser, 120.0, valid=True, awarded=False))
    return rows


def test_it_flags_a_frequent_bidder_that_rarely_wins():
    # wins/bids: B 3/4, C 2/3, D 2/3, E 2/4, F 2/3, G 2/3, L 0/6
    # sorted 0, 1/2, 2/3, 2/3, 2/3, 2/3, 3/4 → Q1 = 1/2 + (1/6)(2/3 − 1/2), Q3 = 2/3
    q1, q3 = 0.5 + (1 / 6) * (2 / 3 - 0.5), 2 / 3
    lower = q1 - 1.5 * (q3 - q1)
    # bids 3, 3, 3, 3, 4, 4, 6 → 75th percentile x5 + (5/6)(x6 − x5) = 4
    flags = run(duel_rows(R025_LOTS), "R025")
    assert [(f.group, f.identifier, f.value) for f in flags] == [("Tenderer", "id-L", 0.0)]
    assert flags[0].threshold == pytest.approx(lower)
    found = fences(dataset(duel_rows(R025_LOTS)))["R025"]
    assert found["q1"] == pytest.approx(q1) and found["lower"] == pytest.approx(lower)
    assert found["frequent_bids"] == pytest.approx(4.0)


def test_it_does_not_flag_a_frequent_bidder_that_wins_its_share():
    lots = [
        (loser, winner) if i < 3 else (winner, loser) for i, (winner, loser) in enumerate(R025_LOTS)
    ]
    assert run(duel_rows(lots), "R025") == []


# --- R028 -------------------------------------------------------------------------------------


def test_it_flags_identical_prices_and_their_tenderers():
    rows = [bid("ocds-a", "A", 100.0), bid("ocds-a", "B", 100.0), bid("ocds-a", "C", 120.0)]
    flags = run(rows, "R028")
    assert sorted((f.group, f.identifier) for f in flags) == [
        ("OCID", "ocds-a"),
        ("Tenderer", "id-A"),
        ("Tenderer", "id-B"),
    ]
    assert flags[0].matched == "100" and flags[0].fields == ("price",)


def test_it_does_not_flag_close_prices_or_one_tenderers_repeated_price():
    rows = [
        bid("ocds-a", "A", 100.0),
        bid("ocds-a", "B", 100.01),
        bid("ocds-b", "A", 100.0),
        bid("ocds-b", "A", 100.0),
        bid("ocds-c", "A", 100.0),  # same price, another lot
    ]
    assert run(rows, "R028") == []


# --- R030 -------------------------------------------------------------------------------------


def test_it_flags_a_late_bid_that_won():
    rows = [
        bid("ocds-a", "A", 10.0, valid=True, awarded=True, bid_at=day(11), tender_end=day(10)),
        bid("ocds-a", "B", 12.0, valid=True, awarded=False, bid_at=day(9), tender_end=day(10)),
    ]
    flags = run(rows, "R030")
    assert [(f.identifier, f.bidders, f.value) for f in flags] == [("ocds-a", ("A",), 1.0)]


def test_it_does_not_flag_a_winner_on_time_or_a_late_loser():
    rows = [
        bid("ocds-a", "A", 10.0, valid=True, awarded=True, bid_at=day(9), tender_end=day(10)),
        bid("ocds-a", "B", 12.0, valid=True, awarded=False, bid_at=day(11), tender_end=day(10)),
    ]
    assert run(rows, "R030") == []


# --- R035 -------------------------------------------------------------------------------------


def test_it_flags_when_all_but_the_winner_were_disqualified():
    rows = [
        bid("ocds-a", "A", 10.0, valid=True, awarded=True),
        bid("ocds-a", "B", 9.0, valid=False, awarded=False),
        bid("ocds-a", "C", 11.0, valid=False, awarded=False),
    ]
    flags = run(rows, "R035")
    assert [(f.identifier, f.value, f.threshold) for f in flags] == [("ocds-a", 2.0, 1.0)]
    assert run(rows, "R035", threshold=3) == []


def test_it_does_not_flag_when_another_bid_stayed_valid():
    rows = [
        bid("ocds-a", "A", 10.0, valid=True, awarded=True),
        bid("ocds-a", "B", 9.0, valid=True, awarded=False),
        bid("ocds-a", "C", 11.0, valid=False, awarded=False),
    ]
    assert run(rows, "R035") == []


# --- R036 -------------------------------------------------------------------------------------


def test_it_flags_a_disqualified_lowest_bid():
    rows = [
        bid("ocds-a", "A", 120.0, valid=True, awarded=True),
        bid("ocds-a", "B", 100.0, valid=False, awarded=False),
    ]
    flags = run(rows, "R036")
    assert [(f.identifier, f.bidders, f.matched) for f in flags] == [("ocds-a", ("B",), "100")]


def test_it_does_not_flag_a_disqualified_higher_bid_or_a_lot_without_award():
    rows = [
        bid("ocds-a", "A", 120.0, valid=True, awarded=True),
        bid("ocds-a", "B", 130.0, valid=False, awarded=False),
        bid("ocds-b", "A", 120.0, valid=True, awarded=False),
        bid("ocds-b", "B", 100.0, valid=False, awarded=False),
    ]
    assert run(rows, "R036") == []


# --- R038 -------------------------------------------------------------------------------------


def disqualified_rows(shares: dict[str, tuple[int, int]]) -> list[dict]:
    """Each tenderer's (disqualified, submitted) bids, each bid in its own process."""
    rows = []
    for name, (out, submitted) in shares.items():
        for i in range(submitted):
            rows.append(bid(f"ocds-{name}{i}", name, 100.0, valid=i >= out, buyer_id="b1"))
    return rows


def test_it_flags_a_tenderer_with_excessive_disqualified_bids():
    shares = {"T1": (0, 2), "T2": (0, 2), "T3": (1, 4), "T4": (0, 3), "T5": (1, 3), "X": (3, 3)}
    # ratios 0, 0, 0, 1/4, 1/3, 1 → Q1 = 0, Q3 = x5 + (1/12)(x6 − x5) = 1/3 + (1/12)(2/3)
    q3 = 1 / 3 + (1 / 12) * (2 / 3)
    upper = q3 + 1.5 * q3
    flags = run(disqualified_rows(shares), "R038")
    assert [(f.group, f.identifier, f.value) for f in flags] == [("Tenderer", "id-X", 1.0)]
    assert flags[0].threshold == pytest.approx(upper)
    found = fences(dataset(disqualified_rows(shares)))
    assert found["R038.Tenderer"]["q1"] == 0.0
    assert found["R038.Tenderer"]["upper"] == pytest.approx(upper)
    assert "R038.Buyer" not in found  # one buyer: too few for a fence


def test_it_does_not_flag_ordinary_disqualification_rates():
    shares = {"T1": (0, 2), "T2": (0, 2), "T3": (1, 4), "T4": (0, 3), "T5": (1, 3), "X": (1, 3)}
    assert run(disqualified_rows(shares), "R038") == []


def test_it_flags_a_buyer_with_excessive_disqualified_bids():
    rows = []
    # ratios 0, 0, 0, 0, 1/4, 1 → Q1 = 0, Q3 = 1/4 + (1/12)(1 − 1/4), upper = 2.5·Q3
    for buyer, out in {"b1": 0, "b2": 0, "b3": 1, "b4": 0, "b5": 0, "bX": 4}.items():
        for i in range(4):  # two processes of two bids each
            rows.append(
                bid(f"ocds-{buyer}-{i // 2}", f"T{i}", 100.0, valid=i >= out, buyer_id=buyer)
            )
    flags = [f for f in run(rows, "R038") if f.group == "Buyer"]
    assert [(f.identifier, f.value) for f in flags] == [("bX", 1.0)]
    assert flags[0].threshold == pytest.approx(2.5 * (0.25 + (1 / 12) * 0.75))


# --- R048 -------------------------------------------------------------------------------------


def awarded_rows(codes: dict[str, str]) -> list[dict]:
    return [
        bid(f"ocds-{name}", name, 100.0, awarded=True, classification=classification)
        for name, classification in codes.items()
    ]


def test_it_flags_a_heterogeneous_supplier():
    codes = {
        "S1": "45000000-7|45100000-8",  # one division (45)
        "S2": "30000000-9",
        "S3": "30000000-9|33000000-0",
        "S4": "15000000-8|03000000-1",
        "S5": "44000000-0|45000000-7",
        "X": "03000000-1|09000000-3|15000000-8|30000000-9|33000000-0|45000000-7",
    }
    # varieties 1, 1, 2, 2, 2, 6 → Q1 = 1, Q3 = x5 + (1/12)(x6 − x5) = 2 + 4/12
    q3 = 2 + 4 / 12
    upper = q3 + 1.5 * (q3 - 1)
    flags = run(awarded_rows(codes), "R048")
    assert [(f.identifier, f.value) for f in flags] == [("id-X", 6.0)]
    assert flags[0].threshold == pytest.approx(upper)
    assert fences(dataset(awarded_rows(codes)))["R048"]["upper"] == pytest.approx(upper)


def test_it_does_not_flag_ordinary_suppliers_or_losing_bids():
    codes = {"S1": "45000000-7", "S2": "30000000-9", "S3": "30000000-9|33000000-0"}
    codes |= {"S4": "15000000-8|03000000-1", "S5": "44000000-0|45000000-7"}
    codes |= {"X": "03000000-1|09000000-3|15000000-8"}
    rows = awarded_rows(codes)
    rows.append(bid("ocds-z", "X", 1.0, awarded=False, classification="50000000-5|60000000-8"))
    assert run(rows, "R048") == []


# --- all together -----------------------------------------------------------------------------


def test_every_indicator_is_defined_with_its_needs_and_severity():
    codes = ("R003", "R018", "R024", "R025", "R028", "R030", "R035", "R036", "R038", "R048")
    assert [r.id for r in indicators.RULES] == [*codes, "R058"]
    assert all(r.severity in ("medium", "low") and r.needs and r.title for r in indicators.RULES)
    assert BY_ID["R003"].thresholds["days"] == 15


def test_it_gives_results_in_the_nested_shape():
    rows = [
        bid("ocds-a", "A", 100.0, method="open", tender_start=day(0), tender_end=day(3)),
        bid("ocds-a", "B", 100.0, method="open", tender_start=day(0), tender_end=day(3)),
    ]
    data = dataset(rows)
    flags = [f for code in ("R003", "R018", "R028") for f in check(data, BY_ID[code], {})]
    assert results(flags) == {
        "OCID": {"ocds-a": {"R003": 1.0, "R028": 1.0}},
        "Tenderer": {"id-A": {"R028": 1.0}, "id-B": {"R028": 1.0}},
    }
    ratios = run(lots_with_ratios(SECONDS), "R024") + run(lots_with_ratios(SECONDS), "R058")
    assert results(ratios) == {
        "OCID": {"ocds-r0": {"R024": pytest.approx(0.001)}, "ocds-r6": {"R058": 0.8}}
    }
