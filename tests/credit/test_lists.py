"""External lists: a column mapping, each bad row listed, nothing half-imported unless asked."""

import pytest
from django.core.exceptions import ValidationError

from liandong.credit import lists
from liandong.credit.models import ListedSubject, ListImport

GOOD = "914403001922038216"
HEADER = "企业名称,信用代码,列入时间,移出时间,原因"
MAPPING = {
    "name": "企业名称",
    "code": "信用代码",
    "listed_on": "列入时间",
    "removed_after": "移出时间",
    "reason": "原因",
}


def _import(cast, text, **extra):
    return lists.import_list(
        kind="judgment_defaulter",
        source="信用中国",
        file_name=extra.pop("file_name", "名单.csv"),
        data=text.encode(extra.pop("encoding", "utf-8")),
        mapping=extra.pop("mapping", MAPPING),
        acting_user=cast.drc_liaison,
        **extra,
    )


BAD = "\n".join(
    [
        HEADER,
        f"甲公司,{GOOD},2026-01-05,,拒不履行",
        "乙公司,914403001922038217,2026-01-05,,",
        ",,2026-01-05,,",
        f"丙公司,{GOOD},2026-13-01,,",
        f"丁公司,{GOOD},2026-03-01,2026-02-01,",
    ]
)


def test_bad_rows_are_each_listed_and_nothing_is_imported(cast):
    with pytest.raises(ValidationError) as refused:
        _import(cast, BAD)
    message = refused.value.messages[0]
    assert "第3行：统一社会信用代码“914403001922038217”无效" in message
    assert "第4行：名称为空" in message
    assert "第5行：列入日期“2026-13-01”不是有效日期" in message
    assert "第6行：移出日期早于列入日期" in message
    assert "第2行" not in message
    assert not ListImport.objects.exists() and not ListedSubject.objects.exists()


def test_good_rows_are_imported_when_asked_and_the_skipped_ones_kept(cast):
    batch = _import(cast, BAD, skip_bad_rows=True)
    assert (batch.rows_read, batch.rows_imported, batch.rows_skipped) == (5, 1, 4)
    assert batch.problems[0].startswith("第3行")
    entry = ListedSubject.objects.get()
    assert (entry.name, entry.code, entry.reason) == ("甲公司", GOOD, "拒不履行")
    assert len(batch.digest) == 64


def test_a_missing_column_names_the_column_and_lists_those_there(cast):
    with pytest.raises(ValidationError) as refused:
        _import(cast, "名称,代码\n甲,\n", mapping={**MAPPING})
    message = refused.value.messages[0]
    assert "文件中没有“企业名称”列（名称）" in message and "文件的列：名称、代码" in message


def test_a_gbk_csv_and_an_xlsx_are_read(cast):
    batch = _import(cast, f"{HEADER}\n甲公司,{GOOD},2026/01/05,,\n", encoding="gb18030")
    assert batch.rows_imported == 1
    import datetime as dt
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["乙公司", GOOD, dt.datetime(2026, 2, 1), None, None])
    out = io.BytesIO()
    book.save(out)
    batch = lists.import_list(
        kind="judgment_defaulter",
        source="信用中国",
        file_name="名单.xlsx",
        data=out.getvalue(),
        mapping=MAPPING,
        acting_user=cast.drc_liaison,
    )
    assert ListedSubject.objects.get(batch=batch).listed_on == dt.date(2026, 2, 1)


def test_other_file_types_and_other_departments_are_refused(cast):
    with pytest.raises(ValidationError, match=r"请上传\.csv或\.xlsx"):
        _import(cast, "x", file_name="名单.pdf")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        lists.import_list(
            kind="judgment_defaulter",
            source="x",
            file_name="a.csv",
            data=b"",
            mapping=MAPPING,
            acting_user=cast.fin_officer,
        )
