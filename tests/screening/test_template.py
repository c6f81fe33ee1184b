"""The Chinese import template: headers, values, bad rows, duplicates, refusals, formats."""

import datetime as dt
import json

import pytest
from openpyxl import Workbook

from liandong.screening import template
from liandong.screening.model import ImportRefused
from liandong.screening.template import COLUMNS, match_header, read_template

HEADER = "项目编号,标段(包)编号,投标人名称,投标报价(元),是否中标,投标状态(有效/无效),开标时间"


def write(tmp_path, text: str, name: str = "bids.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_it_maps_full_width_and_spaced_headers_and_reads_money_in_every_spelling(tmp_path):
    text = (
        "项目编号, 标段（包）编号 ,投标人名称,投标报价（元）,预算金额 (元),平台雷同度（％）\n"
        'P1,1,甲,"1,234,567.50",100万元,95%\n'
        "P1,1,乙,１２３４元,12.5万,\n"
        "P1,1,丙,88万元,,12\n"
    )
    dataset = read_template(write(tmp_path, text))
    bids = dataset.bids
    assert bids["price"].to_list() == [1_234_567.5, 1234.0, 880_000.0]
    assert bids["budget"].to_list() == [1_000_000.0, 125_000.0, None]
    assert bids["similarity"].to_list() == [95.0, None, 12.0]
    assert bids["row"].to_list() == [2, 3, 4]
    report = dataset.reports[0]
    assert report.format == "template-csv"
    assert (report.rows_read, report.rows_kept, report.problems) == (3, 3, [])


def test_it_scales_bare_numbers_under_a_ten_thousand_yuan_header():
    assert match_header("投标报价（万元）") == ("投标报价(元)", "price", "money", 10_000.0)
    assert match_header("投标报价") == ("投标报价(元)", "price", "money", 1.0)
    assert match_header("cpu序列号")[1] == "cpu"
    assert match_header("*项目编号")[1] == "project_id"
    assert match_header("备注") is None
    assert len({c for _h, c, _t in COLUMNS}) == len(COLUMNS)


def test_it_reads_booleans_and_chinese_dates(tmp_path):
    text = (
        HEADER + "\n"
        "P1,1,甲,100,是,有效,2024年3月1日 9时30分\n"
        "P1,1,乙,100,否,无效,2024/3/1 9:30\n"
        "P1,1,丙,100,Y,1,2024-03-01\n"
        "P1,1,丁,100,N,0,20240301\n"
    )
    bids = read_template(write(tmp_path, text)).bids
    assert bids["awarded"].to_list() == [True, False, True, False]
    assert bids["valid"].to_list() == [True, False, True, False]
    opened = bids["opened_at"].to_list()
    beijing = opened[0].tzinfo
    assert str(beijing) == "Asia/Shanghai"
    assert opened[0] == opened[1] == dt.datetime(2024, 3, 1, 9, 30, tzinfo=beijing)
    assert opened[2] == opened[3] == dt.datetime(2024, 3, 1, tzinfo=beijing)


def test_it_skips_bad_rows_with_their_numbers_and_carries_on(tmp_path):
    text = (
        HEADER + "\n"
        "P1,1,甲,100,是,有效,2024-03-01\n"
        "P1,1,乙,一百元,否,有效,2024-03-01\n"
        "P1,1,丙,100,也许,有效,2024-03-01\n"
        "P1,1,丁,100,否,有效,2024-02-30\n"
        "P1,1,,100,否,有效,2024-03-01\n"
        "P1,1,戊,-5,否,有效,2024-03-01\n"
        "P1,1,己,200,否,有效,\n"
    )
    dataset = read_template(write(tmp_path, text))
    report = dataset.reports[0]
    assert dataset.bids["bidder_name"].to_list() == ["甲", "己"]
    assert [(p.row, p.column) for p in report.problems] == [
        (3, "投标报价(元)"),
        (4, "是否中标"),
        (5, "开标时间"),
        (6, "投标人名称"),
        (7, "投标报价(元)"),
    ]
    assert "一百元" in report.problems[0].message
    assert str(report.problems[1]).startswith("第4行“是否中标”：")
    assert (report.rows_read, report.rows_kept, report.rows_skipped) == (7, 2, 5)


def test_it_drops_identical_rows_and_counts_them(tmp_path):
    row = "P1,1,甲,100,是,有效,2024-03-01\n"
    text = HEADER + "\n" + row + row + "P1,1,乙,100,否,有效,2024-03-01\n" + row
    dataset = read_template(write(tmp_path, text))
    report = dataset.reports[0]
    assert dataset.bids["row"].to_list() == [2, 4]
    assert report.duplicates == 2
    assert "重复行2行已去除" in report.summary()


def test_it_refuses_a_file_without_a_required_column_naming_it(tmp_path):
    with pytest.raises(ImportRefused, match="投标人名称、投标报价"):
        read_template(write(tmp_path, "项目编号,采购人\nP1,某局\n"))


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,  # an old .xls
        b"",
    ],
)
def test_it_refuses_a_file_that_is_not_csv_or_xlsx_whatever_its_name(tmp_path, content):
    path = tmp_path / "bids.csv"
    path.write_bytes(content)
    with pytest.raises(ImportRefused):
        read_template(path)


def test_it_lists_missing_optional_columns_and_defaults_the_lot_to_the_project(tmp_path):
    dataset = read_template(write(tmp_path, "项目编号,投标人名称,投标报价\nP9,甲,1\n"))
    report = dataset.reports[0]
    assert dataset.bids["lot_id"].to_list() == ["P9"]
    assert "文件制作机器码" in report.missing_optional
    assert "投标人名称" not in report.missing_optional
    assert report.notes


def test_it_keeps_unknown_columns_as_json(tmp_path):
    text = "项目编号,投标人名称,投标报价,备注,联合体\nP1,甲,1,晚到5分钟,\nP1,乙,2,,\n"
    dataset = read_template(write(tmp_path, text))
    assert dataset.reports[0].extra_columns == ["备注", "联合体"]
    extra = dataset.bids["extra"].to_list()
    assert json.loads(extra[0]) == {"备注": "晚到5分钟", "联合体": None}
    assert extra[1] is None


def test_it_reads_a_gb18030_csv(tmp_path):
    text = HEADER + "\n" + "P1,1,北京某某科技有限公司,100,是,有效,2024-03-01\n"
    path = write(tmp_path, text, encoding="gb18030")
    assert path.read_bytes()[:4] != "项目".encode()  # really not UTF-8
    dataset = read_template(path)
    assert dataset.bids["bidder_name"].to_list() == ["北京某某科技有限公司"]
    assert dataset.reports[0].format == "template-csv"


def test_it_reads_a_utf8_bom_csv(tmp_path):
    path = write(tmp_path, "\ufeff" + HEADER + "\nP1,1,甲,100,是,有效,2024-03-01\n")
    assert read_template(path).bids["project_id"].to_list() == ["P1"]


@pytest.fixture(params=["calamine", "openpyxl"])
def xlsx_reader(request, monkeypatch):
    """Both ways a workbook is read: whole with calamine, or row by row with openpyxl (a
    workbook too large to hold)."""
    if request.param == "openpyxl":
        monkeypatch.setattr(template, "XLSX_IN_MEMORY_BYTES", 0)
    return request.param


def test_it_reads_an_xlsx_with_a_title_row_typed_cells_and_a_bad_row(tmp_path, xlsx_reader):
    book = Workbook()
    sheet = book.active
    sheet.append(["某市公共资源交易中心投标数据导出"])
    sheet.append(
        ["项目编号", "投标人名称", "投标报价（元）", "开标时间", "是否中标", "文件制作机器码"]
    )
    sheet.append([20240001, "甲", 1234.5, dt.datetime(2024, 3, 1, 9, 30), True, "M-1"])
    sheet.append(["20240001", "乙", "1,300元", "2024年3月1日", "否", "M-1"])
    sheet.append(["20240001", "丙", "待定", None, None, None])
    sheet.append([None, None, None, None, None, None])
    path = tmp_path / "bids.xlsx"
    book.save(path)
    dataset = read_template(path)
    bids = dataset.bids
    report = dataset.reports[0]
    assert report.format == "template-xlsx"
    assert bids["project_id"].to_list() == ["20240001", "20240001"]
    assert bids["price"].to_list() == [1234.5, 1300.0]
    assert bids["awarded"].to_list() == [True, False]
    assert bids["row"].to_list() == [3, 4]
    assert bids["opened_at"].to_list()[0].hour == 9
    assert [(p.row, p.column) for p in report.problems] == [(5, "投标报价(元)")]
    assert (report.rows_read, report.rows_kept) == (3, 2)
    assert ("工作簿较大，已逐行读取（较慢）。" in report.notes) == (xlsx_reader == "openpyxl")


def test_it_numbers_xlsx_rows_as_excel_does_when_the_table_starts_lower(tmp_path, xlsx_reader):
    book = Workbook()
    sheet = book.active
    rows = [["项目编号", "投标人名称", "投标报价(元)"], ["P1", "甲", 100], ["P1", "乙", "坏"]]
    for r, values in enumerate(rows, start=4):  # the table at C4, rows 1–3 and columns A–B empty
        for c, value in enumerate(values, start=3):
            sheet.cell(row=r, column=c, value=value)
    path = tmp_path / "bids.xlsx"
    book.save(path)
    dataset = read_template(path)
    assert dataset.bids.select("row", "bidder_name", "price").rows() == [(5, "甲", 100.0)]
    assert [p.row for p in dataset.reports[0].problems] == [6]


def test_it_refuses_a_zip_that_is_not_a_workbook(tmp_path):
    import zipfile

    path = tmp_path / "bids.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ImportRefused, match="压缩包"):
        read_template(path)


def test_it_refuses_a_damaged_workbook_with_a_clear_message(tmp_path, xlsx_reader):
    import zipfile

    path = tmp_path / "bids.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    with pytest.raises(ImportRefused, match="无法读取Excel工作簿"):
        read_template(path)
