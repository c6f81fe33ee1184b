"""S1–S9 on hand-made lots: each rule fires on a lot built to match it and stays silent on an
innocent near-miss."""

import polars as pl
import pytest

from liandong.screening.model import Dataset, Severity
from liandong.screening.statutory import BY_ID, RULES, check


def make_dataset(rows: list[dict]) -> Dataset:
    """Rows as the template importer would give them: source row numbers from 2, one lot."""
    defaults = {"project_id": "P1", "lot_id": "L1"}
    records = [{"row": i + 2, **defaults, **row} for i, row in enumerate(rows)]
    return Dataset(bids=pl.DataFrame(records, infer_schema_length=None))


def run(rule_id: str, rows: list[dict], **params):
    return check(make_dataset(rows), BY_ID[rule_id], params)


def bid(name: str, price: float = 100.0, **fields) -> dict:
    return {"bidder_name": name, "price": price, **fields}


def test_it_defines_the_nine_rules_with_basis_and_innocent_explanations():
    assert [r.id for r in RULES] == [f"S{i}" for i in range(1, 10)]
    for rule in RULES:
        assert rule.basis and rule.title and rule.innocent and rule.needs
    assert "第四十条" in BY_ID["S1"].basis and "第三十七条" in BY_ID["S5"].basis
    assert any("维修" in i for i in BY_ID["S1"].innocent)
    assert any("写字楼" in i for i in BY_ID["S4"].innocent)
    assert any("模板" in i for i in BY_ID["S3"].innocent)


# ---------------------------------------------------------------- S1


def test_it_flags_a_shared_machine_code_as_high():
    flags = run(
        "S1",
        [
            bid("甲公司", machine_code="ab-cd-01"),
            bid("乙公司", machine_code="ABCD01"),
            bid("丙公司", machine_code="XYZ"),
        ],
    )
    (flag,) = flags
    assert flag.severity == Severity.HIGH
    assert flag.bidders == ("乙公司", "甲公司") or set(flag.bidders) == {"甲公司", "乙公司"}
    assert flag.rows == (2, 3)
    assert flag.fields == ("machine_code",)
    assert flag.matched == "ab-cd-01"
    assert (flag.project_id, flag.lot_id) == ("P1", "L1")
    assert "疑似" in flag.explanation and "需核实" in flag.explanation
    assert "认定" not in flag.explanation
    assert flag.innocent == BY_ID["S1"].innocent


def test_it_flags_mac_cpu_and_disk_together_as_high_and_one_of_them_alone_as_medium():
    same = {"mac": "00-1A-2B-3C-4D-5E", "cpu": "BFEBFBFF000906EA", "hdd": "WD-123"}
    (high,) = run(
        "S1", [bid("甲", **same), bid("乙", **same), bid("丙", mac="X", cpu="Y", hdd="Z")]
    )
    assert high.severity == Severity.HIGH
    assert high.fields == ("mac", "cpu", "hdd")
    assert high.rows == (2, 3)

    (medium,) = run(
        "S1",
        [bid("甲", mac="A1", cpu="C1", hdd="H1"), bid("乙", mac="A2", cpu="c1", hdd="H2")],
    )
    assert medium.severity == Severity.MEDIUM
    assert medium.fields == ("cpu",)
    assert medium.matched == "C1"


def test_it_does_not_flag_s1_for_onsite_uploads_other_lots_fillers_or_one_bidder():
    assert (
        run(
            "S1",
            [bid("甲", machine_code="M1", onsite_upload=True), bid("乙", machine_code="M1")],
        )
        == []
    )
    assert (
        run("S1", [bid("甲", machine_code="M1"), bid("乙", machine_code="M1", lot_id="L2")]) == []
    )
    assert (
        run(
            "S1",
            [bid("甲", board="To be filled by O.E.M."), bid("乙", board="To Be Filled By O.E.M.")],
        )
        == []
    )
    assert run("S1", [bid("甲", machine_code="M1"), bid("甲", machine_code="M1", price=99)]) == []


# ---------------------------------------------------------------- S2, S3


def test_it_flags_a_shared_pricing_lock_unless_it_is_the_ceiling_files_lock():
    rows = [bid("甲", pricing_lock="LOCK-9"), bid("乙", pricing_lock="LOCK-9"), bid("丙")]
    (flag,) = run("S2", rows)
    assert flag.severity == Severity.HIGH
    assert flag.fields == ("pricing_lock",)
    assert flag.rows == (2, 3)
    assert run("S2", rows, ceiling_locks=["lock9"]) == []


def test_it_flags_a_shared_file_code_as_medium_or_as_configured():
    rows = [bid("甲", file_id_code="F-77"), bid("乙", file_id_code="F-77")]
    (flag,) = run("S3", rows)
    assert flag.severity == Severity.MEDIUM
    assert flag.fields == ("file_id_code",)
    (strict,) = run("S3", rows, severity=Severity.HIGH)
    assert strict.severity == Severity.HIGH
    near_miss = [bid("甲", file_id_code="F-77"), bid("乙", file_id_code="F-78")]
    assert run("S3", near_miss) == []


# ---------------------------------------------------------------- S4


def test_it_flags_a_shared_ip_as_medium_and_high_when_the_pair_also_shares_a_device():
    (alone,) = run("S4", [bid("甲", upload_ip="10.0.0.8"), bid("乙", upload_ip="10.0.0.8")])
    assert alone.severity == Severity.MEDIUM
    assert alone.fields == ("upload_ip",)
    assert alone.matched == "10.0.0.8"

    (strong,) = run(
        "S4",
        [
            bid("甲", decrypt_ip="1.2.3.4", machine_code="M"),
            bid("乙", decrypt_ip="1.2.3.4", machine_code="M"),
        ],
    )
    assert strong.severity == Severity.HIGH
    assert strong.fields == ("decrypt_ip",)
    assert "文件制作机器码" in strong.explanation


def test_it_does_not_flag_ips_that_only_look_alike_or_were_used_at_the_venue():
    assert (
        run("S4", [bid("甲", upload_ip="192.168.1.10"), bid("乙", upload_ip="192.168.11.0")]) == []
    )
    assert (
        run(
            "S4",
            [bid("甲", upload_ip="10.0.0.8", onsite_upload=True), bid("乙", upload_ip="10.0.0.8")],
        )
        == []
    )
    assert (
        run(
            "S4",
            [bid("甲", upload_ip="10.0.0.8"), bid("乙", upload_ip="10.0.0.8")],
            ignore_ips=["10.0.0.8"],
        )
        == []
    )


# ---------------------------------------------------------------- S5, S6


def test_it_flags_deposits_from_one_account_with_the_hash_masked():
    digest = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
    (flag,) = run(
        "S5",
        [bid("甲", deposit_account_hash=digest), bid("乙", deposit_account_hash=digest), bid("丙")],
    )
    assert flag.severity == Severity.HIGH
    assert flag.matched == "9f86d081…"
    assert digest not in flag.explanation
    assert flag.fields == ("deposit_account_hash",)


def test_it_flags_a_shared_account_name_without_hash_as_medium_and_skips_guarantees():
    (flag,) = run(
        "S5", [bid("甲", deposit_account_name="张 三"), bid("乙", deposit_account_name="张三")]
    )
    assert flag.severity == Severity.MEDIUM
    assert flag.fields == ("deposit_account_name",)
    guarantees = [
        bid("甲", deposit_account_name="某担保公司", deposit_form="电子保函"),
        bid("乙", deposit_account_name="某担保公司", deposit_form="电子保函"),
    ]
    assert run("S5", guarantees) == []


def test_it_flags_the_same_phone_written_differently_and_lists_every_shared_field():
    (flag,) = run(
        "S6",
        [
            bid("甲", contact="李四", phone="138-0000-1111"),
            bid("乙", contact="李四", phone="+86 13800001111"),
            bid("丙", contact="王五", phone="13900002222"),
        ],
    )
    assert flag.severity == Severity.HIGH
    assert flag.fields == ("contact", "phone")
    assert flag.rows == (2, 3)
    assert "联系人" in flag.matched and "联系电话" in flag.matched


def test_it_does_not_flag_different_contacts_or_blank_phones():
    rows = [
        bid("甲", contact="李四", phone="13800001111", email="a@x.cn"),
        bid("乙", contact="王五", phone="13800001112", email="b@x.cn"),
        bid("丙", contact=None, phone="无"),
        bid("丁", contact=None, phone="无"),
    ]
    assert run("S6", rows) == []


# ---------------------------------------------------------------- S7


@pytest.mark.parametrize(
    ("prices", "value"),
    [
        ([3_000_000, 1_000_000, 2_000_000], 0.0),  # arithmetic
        ([1_000_000, 1_100_000, 1_210_000], 0.0),  # geometric (not arithmetic: 100k, 110k)
    ],
)
def test_it_flags_prices_in_a_sequence(prices, value):
    (flag,) = run("S7", [bid(n, p) for n, p in zip("甲乙丙", prices, strict=True)])
    assert flag.severity == Severity.MEDIUM
    assert flag.value == pytest.approx(value, abs=1e-9)
    assert flag.threshold == 0.001
    assert flag.fields == ("price",)
    assert sorted(flag.rows) == [2, 3, 4]
    assert "规律性差异" in flag.explanation


def test_it_flags_prices_in_a_tight_band_with_the_spread_as_value():
    (flag,) = run("S7", [bid("甲", 1000.0), bid("乙", 1001.0), bid("丙", 1004.0)])
    assert flag.value == pytest.approx(0.004)
    assert flag.threshold == 0.005
    assert "极窄区间" in flag.explanation


def test_it_does_not_flag_irregular_prices_or_lots_with_fewer_than_three_valid_bids():
    assert run("S7", [bid("甲", 100.0), bid("乙", 205.0), bid("丙", 300.0)]) == []
    rows = [bid("甲", 100.0), bid("乙", 200.0), bid("丙", 300.0, valid=False)]
    assert run("S7", rows) == []
    assert run("S7", [bid("甲", 100.0), bid("乙", 205.0), bid("丙", 300.0)], band_tolerance=2) != []


# ---------------------------------------------------------------- S8


def test_it_flags_the_same_document_author_but_not_a_default_user_name():
    (flag,) = run("S8", [bid("甲", author="zhangsan"), bid("乙", author="ZhangSan"), bid("丙")])
    assert flag.severity == Severity.MEDIUM
    assert flag.fields == ("author",)
    assert run("S8", [bid("甲", author="Administrator"), bid("乙", author="administrator")]) == []
    assert (
        run("S8", [bid("甲", last_modifier="微软用户"), bid("乙", last_modifier="微软用户")]) == []
    )


def test_it_flags_a_document_whose_company_is_another_bidder():
    (flag,) = run("S8", [bid("甲公司", doc_company="乙公司"), bid("乙公司", doc_company=None)])
    assert set(flag.bidders) == {"甲公司", "乙公司"}
    assert flag.fields == ("doc_company", "bidder_name")
    assert flag.rows == (2, 3)


def test_it_flags_platform_similarity_at_the_threshold_and_not_below():
    (flag,) = run(
        "S8", [bid("甲", similarity=95.0), bid("乙", similarity=90.0), bid("丙", similarity=12)]
    )
    assert flag.value == 95.0
    assert flag.threshold == 90.0
    assert flag.bidders == ("甲", "乙")
    assert flag.rows == (2, 3)
    assert run("S8", [bid("甲", similarity=89.9), bid("乙", similarity=89.9)]) == []


# ---------------------------------------------------------------- S9


def _rotation(wins: list[str], lots: int = 3) -> list[dict]:
    rows = []
    for i in range(lots):
        lot = {"project_id": f"P{i}", "lot_id": "1"}
        for name in ("甲", "乙"):
            rows.append(bid(name, **lot, awarded=wins[i] == name))
        rows.append(bid(f"丙{i}", **lot, awarded=False))
    return rows


def test_it_flags_two_bidders_who_meet_in_three_lots_and_take_turns_winning():
    (flag,) = run("S9", _rotation(["甲", "乙", "甲"]))
    assert flag.severity == Severity.MEDIUM
    assert flag.bidders == ("乙", "甲") or set(flag.bidders) == {"甲", "乙"}
    assert flag.lot_id == "" and flag.project_id == ""
    assert flag.value == 3.0 and flag.threshold == 3.0
    assert flag.rows == (2, 3, 5, 6, 8, 9)
    assert "P0/1" in flag.explanation and "轮流中标" in flag.explanation


def test_it_does_not_flag_a_bidder_who_always_wins_or_pairs_meeting_twice():
    assert run("S9", _rotation(["甲", "甲", "甲"])) == []
    assert run("S9", _rotation(["甲", "乙"], lots=2)) == []
    assert run("S9", _rotation(["甲", "乙", "甲"]), min_lots=4) == []


def test_it_flags_every_pair_of_a_three_way_rotation():
    rows = []
    for i, winner in enumerate("甲乙丙"):
        for name in "甲乙丙":
            rows.append(bid(name, project_id=f"P{i}", lot_id="1", awarded=name == winner))
    flags = run("S9", rows)
    assert sorted(tuple(sorted(f.bidders)) for f in flags) == [
        ("丙", "乙"),
        ("丙", "甲"),
        ("乙", "甲"),
    ]
    assert all(len(f.rows) == 6 and f.value == 3.0 for f in flags)


def test_it_flags_bidders_of_one_lot_whose_legal_representative_is_one_person():
    (flag,) = run(
        "S9",
        [
            bid("甲公司", legal_rep="张 三"),
            bid("乙公司", legal_rep="张三"),
            bid("丙公司", legal_rep="李四"),
        ],
    )
    assert flag.severity == Severity.MEDIUM
    assert flag.fields == ("legal_rep",)
    assert flag.bidders == ("乙公司", "甲公司") or set(flag.bidders) == {"甲公司", "乙公司"}
    assert flag.rows == (2, 3) and flag.lot_id == "L1"
    assert "法定代表人相同" in flag.explanation and "第十八条" in flag.basis
    assert any("同名同姓" in i for i in flag.innocent)
    (high,) = run(
        "S9", [bid("甲", legal_rep="张三"), bid("乙", legal_rep="张三")], officer_severity="high"
    )
    assert high.severity == Severity.HIGH


def test_it_does_not_flag_one_legal_representative_across_lots_or_blank_ones():
    rows = [
        bid("甲公司", legal_rep="张三", project_id="P1"),
        bid("乙公司", legal_rep="张三", project_id="P2"),
        bid("丙公司", legal_rep=None),
        bid("丁公司", legal_rep=None),
    ]
    assert run("S9", rows) == []


def test_it_flags_bidders_with_the_same_authorised_agent():
    (flag,) = run("S6", [bid("甲", agent="王五"), bid("乙", agent="王五"), bid("丙", agent="赵六")])
    assert flag.fields == ("agent",) and "授权代表" in flag.explanation
    assert "第四十条(二)(三)" in flag.basis
