"""The 双公示 administrative penalty layout (RULES.md §7): checks and the .xlsx and .csv exports."""

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from liandong.credit import shuanggongshi as sgs
from liandong.credit.shuanggongshi import (
    COLUMNS,
    HEADERS,
    REQUIRED,
    InvalidRows,
    make_row,
    to_wan,
    validate,
    wan_text,
    write_csv,
    write_xlsx,
)

TODAY = dt.date(2026, 5, 20)
SUPPLIER = "914403001922038216"  # a real valid code
BUREAU = "11350502MB1A2B3C49"  # check digit computed for these tests


def record(**changes):
    values = {
        "name": "某某科技有限公司",
        "category": "法人及非法人组织",
        "uscc": SUPPLIER,
        "organization_code": "019220382",
        "legal_representative": "张三",
        "document_number": "泉鲤财采罚〔2026〕7号",
        "violation_type": "提供虚假材料谋取中标",
        "facts": "该公司在某某采购项目中提供虚假业绩证明材料谋取中标。",
        "basis": "《中华人民共和国政府采购法》第七十七条第一款第（一）项",
        "penalty_category": "罚款",
        "content": "处以采购金额千分之五的罚款",
        "fine": to_wan(Decimal("30000")),
        "decided_on": dt.date(2026, 5, 10),
        "valid_until": dt.date(2027, 5, 10),
        "published_until": dt.date(2027, 5, 10),
        "authority": "泉州市鲤城区财政局",
        "authority_uscc": BUREAU,
        "source": "泉州市鲤城区财政局",
        "source_uscc": BUREAU,
    }
    values.update(changes)
    return make_row(**values)


def fields(problems):
    return [p.field for p in problems]


LAYOUT = (
    "行政相对人名称",
    "行政相对人类别",
    "行政相对人代码_1（统一社会信用代码）",
    "行政相对人代码_2（工商注册号）",
    "行政相对人代码_3（组织机构代码）",
    "行政相对人代码_4（税务登记号）",
    "行政相对人代码_5（事业单位证书号）",
    "行政相对人代码_6（社会组织登记证号）",
    "法定代表人",
    "证件类型",
    "证件号码",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
)


def test_the_layout_has_every_column_of_the_national_format_in_order():
    assert HEADERS == LAYOUT
    assert len({c.key for c in COLUMNS}) == len(COLUMNS)
    assert len(REQUIRED) == 14
    assert "行政相对人代码_1（统一社会信用代码）" not in REQUIRED  # natural persons have none


def test_a_complete_record_has_no_problem():
    assert validate(record(), TODAY) == []


def test_a_missing_required_field_is_named():
    row = record(facts="  ", authority=None)
    problems = validate(row, TODAY)
    assert fields(problems) == ["违法事实", "处罚机关"]
    assert problems[0].message == "违法事实为必填项"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("914403001922038217", "校验码错误"),
        ("91440300192203821", "应为18位"),
        ("91440300192203821I", "不允许的字符"),
    ],
)
def test_a_subject_code_failing_the_check_is_refused(code, reason):
    problems = validate(record(uscc=code), TODAY)
    assert fields(problems) == ["行政相对人代码_1（统一社会信用代码）"]
    assert reason in problems[0].message
    assert code in problems[0].message


def test_both_authority_codes_are_checked():
    row = record(authority_uscc="11350502MB1A2B3C40", source_uscc="11350502MB1A2B3C41")
    assert fields(validate(row, TODAY)) == [
        "处罚机关统一社会信用代码",
        "数据来源单位统一社会信用代码",
    ]


def test_a_fine_of_three_hundred_thousand_wan_yuan_is_refused_as_yuan_typed_as_wan():
    problems = validate(record(fine=Decimal(300000)), TODAY)
    assert fields(problems) == ["罚款金额（万元）"]
    message = problems[0].message
    assert "超出合理范围" in message
    assert "以元为单位的金额填成了万元" in message


def test_the_largest_plausible_amount_passes():
    assert validate(record(fine=sgs.PLAUSIBLE_MAX_WAN), TODAY) == []


@pytest.mark.parametrize(
    ("value", "reason"),
    [("-1", "负数"), ("三万", "应填写数字"), (Decimal("0.0000001"), "六位小数")],
)
def test_a_bad_amount_is_refused(value, reason):
    problems = validate(record(confiscated=value), TODAY)
    assert fields(problems) == ["没收违法所得、没收非法财物的金额（万元）"]
    assert reason in problems[0].message


def test_a_fine_category_without_an_amount_is_refused():
    assert fields(validate(record(fine=None), TODAY)) == ["罚款金额（万元）"]


def test_a_decision_dated_tomorrow_is_refused_and_today_is_not():
    problems = validate(record(decided_on=TODAY + dt.timedelta(days=1)), TODAY)
    assert fields(problems) == ["处罚决定日期"]
    assert "晚于今天" in problems[0].message
    assert validate(record(decided_on=TODAY), TODAY) == []


def test_a_publication_end_before_the_decision_is_refused_and_the_same_day_is_not():
    problems = validate(record(published_until=dt.date(2026, 5, 9)), TODAY)
    assert fields(problems) == ["公示截止期"]
    assert "早于处罚决定日期2026-05-10" in problems[0].message
    assert validate(record(published_until=dt.date(2026, 5, 10)), TODAY) == []


def test_dates_may_be_text_and_bad_text_is_named():
    assert validate(record(decided_on="2026/05/10", valid_until="2027-05-10"), TODAY) == []
    assert fields(validate(record(valid_until="2027-02-30"), TODAY)) == ["处罚有效期"]
    assert fields(validate(record(valid_until="20270510"), TODAY)) == ["处罚有效期"]


def test_a_natural_person_needs_a_valid_id_number_instead_of_a_code():
    person = {"category": "自然人", "uscc": None, "organization_code": None}
    person |= {"legal_representative": None}
    assert fields(validate(record(**person), TODAY)) == ["证件类型", "证件号码"]
    ok = record(**person, id_type="身份证", id_number="11010519491231002X")
    assert validate(ok, TODAY) == []
    bad = record(**person, id_type="身份证", id_number="110105194912310021")
    assert fields(validate(bad, TODAY)) == ["证件号码"]


def test_an_organisation_needs_a_code_and_a_legal_representative():
    row = record(uscc=None, organization_code=None, legal_representative="")
    assert fields(validate(row, TODAY)) == ["行政相对人代码_1（统一社会信用代码）", "法定代表人"]


def test_an_unknown_category_a_bad_document_number_and_an_unknown_field_are_refused():
    row = record(category="企业", document_number="泉鲤财采罚[2026]第007号")
    row["罚款"] = "3"
    assert fields(validate(row, TODAY)) == ["罚款", "行政相对人类别", "行政处罚决定书文号"]
    with pytest.raises(KeyError, match="没有这些字段"):
        make_row(fine_yuan=1)


def test_yuan_become_wan_yuan_exact_to_the_fen():
    assert to_wan(Decimal("30000")) == Decimal("3.000000")
    assert to_wan(Decimal("1234.56")) == Decimal("0.123456")
    assert to_wan(Decimal("0.005")) == Decimal("0.000001")  # half a fen rounds up
    assert to_wan(Decimal("0.004")) == Decimal("0.000000")
    assert wan_text(Decimal("3.000000")) == "3.00"
    assert wan_text(Decimal("0.123456")) == "0.123456"
    assert wan_text(Decimal("12.5")) == "12.50"


def rows():
    return [
        record(),
        record(
            name='=HYPERLINK("http://example.invalid")',
            uscc=None,
            organization_code="001234567",
            fine=to_wan(Decimal("1234.56")),
            confiscated=Decimal("0.5"),
            published_until=None,
            note="首次违法",
        ),
    ]


def test_the_xlsx_export_reads_back_as_written(tmp_path):
    path = tmp_path / "双公示.xlsx"
    write_xlsx(rows(), path, today=TODAY)
    sheet = openpyxl.load_workbook(path).active
    table = list(sheet.iter_rows(values_only=True))
    assert table[0] == HEADERS
    assert len(table) == 3
    first = dict(zip(HEADERS, table[1], strict=True))
    assert first["行政相对人代码_1（统一社会信用代码）"] == SUPPLIER
    assert first["罚款金额（万元）"] == 3
    assert first["处罚决定日期"].date() == dt.date(2026, 5, 10)
    assert first["备注"] is None
    second = dict(zip(HEADERS, table[2], strict=True))
    assert second["行政相对人名称"] == '=HYPERLINK("http://example.invalid")'  # text, no formula
    assert second["行政相对人代码_3（组织机构代码）"] == "001234567"  # leading zeros kept
    assert Decimal(str(second["罚款金额（万元）"])) == Decimal("0.123456")
    assert Decimal(str(second["没收违法所得、没收非法财物的金额（万元）"])) == Decimal("0.5")
    assert second["公示截止期"] is None


def test_the_xlsx_export_keeps_codes_as_text_and_fits_its_columns():
    buffer = io.BytesIO()
    write_xlsx(rows(), buffer, today=TODAY)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    code = sheet.cell(row=3, column=HEADERS.index("行政相对人代码_3（组织机构代码）") + 1)
    assert code.data_type == "s"
    assert code.number_format == "@"
    assert sheet.cell(row=2, column=HEADERS.index("罚款金额（万元）") + 1).data_type == "n"
    formula_like = sheet.cell(row=3, column=1)
    assert formula_like.value.startswith("=")
    assert formula_like.data_type == "s"  # stored as text: Excel will not run it
    assert sheet.freeze_panes == "A2"
    for index, header in enumerate(HEADERS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        assert sheet.column_dimensions[letter].width >= sgs._display_width(header)
    assert sheet.column_dimensions["A"].width >= len("某某科技有限公司") * 2


def test_the_csv_export_has_a_bom_and_reads_back_as_written():
    buffer = io.BytesIO()
    write_csv(rows(), buffer, today=TODAY)
    data = buffer.getvalue()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert tuple(table[0]) == HEADERS
    assert len(table) == 3
    first = dict(zip(HEADERS, table[1], strict=True))
    assert first["行政相对人代码_1（统一社会信用代码）"] == SUPPLIER
    assert first["罚款金额（万元）"] == "3.00"
    assert first["处罚决定日期"] == "2026-05-10"
    second = dict(zip(HEADERS, table[2], strict=True))
    assert second["行政相对人代码_3（组织机构代码）"] == "001234567"
    assert second["罚款金额（万元）"] == "0.123456"
    assert second["公示截止期"] == ""


def test_the_csv_export_writes_to_a_path_and_a_text_stream(tmp_path):
    path = tmp_path / "双公示.csv"
    write_csv(rows(), path, today=TODAY)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    text = io.StringIO(newline="")
    write_csv(rows(), text, today=TODAY)
    assert text.getvalue().encode("utf-8") == path.read_bytes()


def test_an_export_with_a_bad_row_writes_nothing_and_names_the_row(tmp_path):
    bad = [record(), record(fine=Decimal(300000))]
    path = tmp_path / "refused.xlsx"
    with pytest.raises(InvalidRows) as refused:
        write_xlsx(bad, path, today=TODAY)
    assert list(refused.value.problems) == [2]
    assert "第2条记录：罚款金额（万元）" in str(refused.value)
    assert not path.exists()
    buffer = io.BytesIO()
    with pytest.raises(InvalidRows):
        write_csv(bad, buffer, today=TODAY)
    assert buffer.getvalue() == b""
