"""Exports carry data, never formulas (OWASP "CSV Injection"): every CSV and .xlsx the platform
writes — the 双公示 export, the supplier check's result, the reports' tables, the screening
result — stores a text that begins with =, +, -, @, a tab or a carriage return as text; and a
name (a company's, a person's) that begins like a formula is refused where it is entered."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from liandong.core import spreadsheets
from liandong.credit import check
from liandong.credit.shuanggongshi import write_csv, write_xlsx
from liandong.reports.export import csv_text, workbook
from liandong.reports.figures import Row, Table
from tests.credit.test_shuanggongshi import TODAY, record

HOSTILE = [
    '=HYPERLINK("http://x.invalid","点击")',
    "=1+1",
    "@SUM(A1:A9)",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "\t=1",
]


def test_the_csv_rule():
    assert spreadsheets.csv_row([*HOSTILE, "某某公司", 12, None]) == [
        *(f"'{v}" for v in HOSTILE),
        "某某公司",
        12,
        None,
    ]


def test_the_shuanggongshi_csv_and_xlsx_carry_no_formula():
    rows = [record(name=name, note=name) for name in HOSTILE]
    buffer = io.BytesIO()
    write_csv(rows, buffer, today=TODAY)
    table = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"), newline="")))
    # (the export strips a name's surrounding blanks: "\t=1" is written as "'=1")
    assert [row[0] for row in table[1:]] == [f"'{v.strip()}" for v in HOSTILE]
    buffer = io.BytesIO()
    write_xlsx(rows, buffer, today=TODAY)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    for number, name in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=number, column=1)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (name.strip(), "s", True)


def test_the_report_tables_and_the_check_result_carry_no_formula():
    table = Table(
        key="departments",
        title="各单位",
        columns=("单位", "件数"),
        rows=tuple(Row(key="", label=name, values=(1,)) for name in HOSTILE),
    )
    data = csv_text(table).decode("utf-8-sig")
    assert all(f"'{name}" in data for name in ("=1+1", "@SUM(A1:A9)"))
    sheet = openpyxl.load_workbook(io.BytesIO(workbook([table]))).active
    texts = [c for row in sheet.iter_rows() for c in row if c.value in HOSTILE]
    assert len(texts) == len(HOSTILE)
    assert all(c.data_type == "s" and c.quotePrefix for c in texts)

    result = check.Result(query=check.Query(name="=1+1"), barred=False, until=None, explanation="")
    data = check.result_workbook(["供应商名称"], [["=1+1"]], [result], dt.date(2026, 12, 8))
    cell = openpyxl.load_workbook(io.BytesIO(data))["核查结果"]["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_a_name_that_looks_like_a_formula_is_refused(cast):
    from liandong.cases import actions as cases
    from tests.evidence.support import filed_case

    case = filed_case(cast)
    with pytest.raises(ValidationError) as refused:
        cases.add_party(
            case,
            role="supplier",
            name="=HYPERLINK(1)",
            uscc="914403001922038216",
            acting_user=cast.fin_head,
        )
    assert refused.value.error_dict["name"][0].code == "formula"
    assert "公式符号" in refused.value.messages[0]
