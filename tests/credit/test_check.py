"""The supplier check: by code and by name, external lists, the bidder list as .xlsx."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from liandong.credit import actions, check, lists
from tests.credit.support import SUPPLIER, SUPPLIER_CODE, entered, reviewed

OTHER_CODE = "91350100M000100Y43"


def _sheet(rows, header=("序号", "供应商名称", "统一社会信用代码")) -> bytes:
    book = Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_drafts_and_withdrawn_records_do_not_bar(cast):
    entered(cast)  # a draft
    record = reviewed(cast, decision_number="泉鲤政财〔2026〕6号")
    actions.withdraw_record(record, reason="决定被撤销。", acting_user=cast.fin_head)
    assert not check.check_one(code=SUPPLIER_CODE, day=dt.date(2027, 1, 1)).barred


def test_a_name_only_query_finds_the_subject_and_a_code_does_not_match_another_name(cast):
    reviewed(cast)
    day = dt.date(2027, 1, 1)
    assert check.check_one(name="泉州市鲤城区恒信建材有限公司", day=day).barred
    assert check.check_one(name="泉州市鲤城区恒信建材有限公司（）", day=day).barred is False
    # same name, different code: another subject
    assert not check.check_one(name=SUPPLIER, code=OTHER_CODE, day=day).barred


def test_an_imported_list_entry_bars_until_its_end(cast):
    data = f"名称,代码,列入\n某公司,{OTHER_CODE},2026-01-05\n".encode()
    batch = lists.import_list(
        kind="major_tax_violation",
        source="税务部门公布",
        file_name="名单.csv",
        data=data,
        mapping={"name": "名称", "code": "代码", "listed_on": "列入"},
        acting_user=cast.drc_liaison,
    )
    assert batch.rows_imported == 1
    found = check.check_one(code=OTHER_CODE, day=dt.date(2026, 6, 1))
    assert found.barred and found.until is None
    assert "重大税收违法失信主体" in found.explanation and "税务部门公布" in found.explanation
    assert not check.check_one(code=OTHER_CODE, day=dt.date(2026, 1, 4)).barred


def test_a_bidder_list_comes_back_with_a_result_beside_each_row(cast):
    reviewed(cast)
    rows = [(n, f"泉州市投标人{n}有限公司", "") for n in range(1, 20)]
    rows.insert(7, (20, SUPPLIER, SUPPLIER_CODE))
    rows.append((21, "代码有误的公司", "914403001922038217"))
    queries, header, kept = check.read_bidders(_sheet(rows))
    assert len(queries) == 21 and queries[7].row == 9
    day = dt.date(2027, 1, 1)
    results = check.check_many(queries, day)
    assert [r.query.name for r in results if r.barred] == [SUPPLIER]
    assert results[-1].error.startswith("统一社会信用代码“914403001922038217”无效")
    sheet = load_workbook(io.BytesIO(check.result_workbook(header, kept, results, day)))
    table = list(sheet["核查结果"].iter_rows(values_only=True))
    assert table[0][-4:] == ("核查结果", "禁止截止日期", "原因及依据", "相关信用记录")
    assert table[8][3:5] == ("禁止参加", "2027-11-01")
    assert table[1][3] == "未发现禁止情形"
    assert table[21][3] == "无法核查"
    summary = dict(sheet["汇总"].iter_rows(values_only=True))
    assert (summary["核查供应商数"], summary["禁止参加"], summary["无法核查"]) == (21, 1, 1)


def test_a_name_that_looks_like_a_formula_stays_text(cast):
    book = Workbook()
    book.active.append(["供应商名称"])
    book.active["A2"] = "=HYPERLINK(1)"
    book.active["A2"].data_type = "s"  # text in the upload, as a person typed it
    out = io.BytesIO()
    book.save(out)
    queries, header, kept = check.read_bidders(out.getvalue())
    assert queries[0].name == "=HYPERLINK(1)"
    day = dt.date(2027, 1, 1)
    sheet = load_workbook(
        io.BytesIO(check.result_workbook(header, kept, check.check_many(queries, day), day))
    )["核查结果"]
    assert (sheet["A2"].data_type, sheet["A2"].value) == ("s", "=HYPERLINK(1)")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a workbook", "请上传.xlsx格式"),
        (
            _sheet([], header=("甲", "乙")),
            "第1行没有“供应商名称”或“统一社会信用代码”列（现有列：甲、乙）",
        ),
        (_sheet([]), "名单中没有供应商"),
    ],
)
def test_a_bad_bidder_list_is_refused_with_the_reason(data, message):
    with pytest.raises(check.BadSheet, match=message.replace("(", r"\(").replace(")", r"\)")):
        check.read_bidders(data)


def test_several_subjects_with_records_are_each_answered_in_order(cast):
    reviewed(cast)
    other = reviewed(
        cast,
        subject_name="泉州市某某科技有限公司",
        subject_code=OTHER_CODE,
        decision_number="泉鲤政财〔2026〕7号",
        ban_start=None,
        ban_end=None,
        fine="40000",
        kind="penalty",
    )
    queries = [
        check.Query(code=OTHER_CODE),
        check.Query(name="无记录公司"),
        check.Query(code=SUPPLIER_CODE),
        check.Query(name="泉州市某某科技有限公司"),
    ]
    results = check.check_many(queries, dt.date(2027, 1, 1))
    assert [r.barred for r in results] == [True, False, True, True]
    assert results[0].records == results[3].records == [other.pk]
    assert results[0].until == dt.date(2029, 11, 2)  # fine ≥ 3万: listed three years
