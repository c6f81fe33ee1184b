"""Import of external lists (失信被执行人, 重大税收违法失信主体, other districts' 严重违法失信
lists) from CSV or XLSX with a column mapping, so the supplier check covers subjects penalised
elsewhere.

Every row is checked first; the rows' errors are listed with their row numbers. Nothing is
imported when any row is bad, unless the person asks to import the good rows and skip the rest
(then the skipped rows and why are kept with the import).
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as stdnum_uscc

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.crypto import sm3_hex
from liandong.core.validation import refuse
from liandong.credit.models import ListedSubject, ListImport, ListKindChoice, name_key

FIELDS = {
    "name": ("名称", True),
    "code": ("统一社会信用代码", False),
    "listed_on": ("列入日期", True),
    "removed_after": ("移出日期", False),
    "reason": ("列入原因", False),
}
MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


def _rows(file_name: str, data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    lower = file_name.lower()
    if lower.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:
            raise refuse(
                "file", _("无法读取该.xlsx文件，请确认文件未损坏。"), "unreadable"
            ) from error
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None) or ()
        body = [(n, list(r)) for n, r in enumerate(rows, start=2)]
        book.close()
    elif lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("gb18030")
            except UnicodeDecodeError as error:
                raise refuse(
                    "file", _("CSV文件编码无法识别，请另存为UTF-8编码。"), "encoding"
                ) from error
        reader = csv.reader(io.StringIO(text))
        header = next(reader, None) or []
        body = [(n, list(r)) for n, r in enumerate(reader, start=2)]
    else:
        raise refuse("file", _("请上传.csv或.xlsx格式的名单文件。"), "file_type")
    header = ["" if h is None else str(h).strip() for h in header]
    body = [(n, r) for n, r in body if any(v not in (None, "") for v in r)]
    return header, body


def _text(row: list, at: int | None) -> str:
    if at is None or at >= len(row) or row[at] is None:
        return ""
    value = row[at]
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.replace("/", "-").replace(".", "-")[:10])


def parse(
    file_name: str, data: bytes, mapping: dict[str, str]
) -> tuple[list[dict], list[RowProblem], int]:
    """The file's entries, the rows' problems and how many rows were read."""
    header, body = _rows(file_name, data)
    if not header or not any(header):
        raise refuse("file", _("文件第1行应为表头。"), "no_header")
    at = {}
    missing = []
    for field, (label, required) in FIELDS.items():
        column = (mapping.get(field) or "").strip()
        if not column:
            if required:
                missing.append(_("未指定“%(label)s”对应的列") % {"label": label})
            at[field] = None
            continue
        if column not in header:
            missing.append(
                _("文件中没有“%(column)s”列（%(label)s）") % {"column": column, "label": label}
            )
            continue
        at[field] = header.index(column)
    if missing:
        raise refuse(
            "mapping",
            "；".join(missing)
            + _("。文件的列：%(columns)s") % {"columns": "、".join(h for h in header if h)},
            "mapping",
        )
    if len(body) > MAX_ROWS:
        raise refuse("file", _("一次最多导入%(n)s行，请分批导入。") % {"n": MAX_ROWS}, "too_many")
    entries, problems = [], []
    for number, row in body:
        found = []
        name = _text(row, at["name"])
        code = _text(row, at["code"]).upper()
        if not name:
            found.append(_("名称为空"))
        if code:
            try:
                stdnum_uscc.validate(code)
            except stdnum_errors.ValidationError:
                found.append(
                    _("统一社会信用代码“%(code)s”无效（校验码或格式错误）") % {"code": code}
                )
        listed = removed = None
        raw = _text(row, at["listed_on"])
        try:
            listed = _date(raw)
        except ValueError:
            found.append(_("列入日期“%(v)s”不是有效日期（应为YYYY-MM-DD）") % {"v": raw})
        raw = _text(row, at["removed_after"])
        if raw:
            try:
                removed = _date(raw)
            except ValueError:
                found.append(_("移出日期“%(v)s”不是有效日期（应为YYYY-MM-DD）") % {"v": raw})
        if listed and removed and removed < listed:
            found.append(_("移出日期早于列入日期"))
        if len(name) > 200:
            found.append(_("名称超过200个字"))
        if found:
            problems.extend(RowProblem(number, message) for message in found)
            continue
        entries.append(
            {
                "name": name,
                "code": code,
                "listed_on": listed,
                "removed_after": removed,
                "reason": _text(row, at["reason"])[:2000],
            }
        )
    return entries, problems, len(body)


@action("credit.lists.import")
def import_list(
    *,
    kind: str,
    source: str,
    file_name: str,
    data: bytes,
    mapping: dict[str, str],
    skip_bad_rows: bool = False,
    acting_user,
) -> ListImport:
    policy.require_of(acting_user, "credit.lists.import")
    if kind not in ListKindChoice.values:
        raise refuse("kind", _("请选择名单类别。"), "invalid_choice")
    source = (source or "").strip()
    if not source:
        raise refuse("source", _("请填写名单来源，如“信用中国（2026-11-30下载）”。"), "required")
    if len(data) > MAX_BYTES:
        raise refuse("file", _("文件超过50MB，请分批导入。"), "too_large")
    entries, problems, read = parse(file_name, data, mapping)
    if problems and not skip_bad_rows:
        shown = "；".join(str(p) for p in problems[:50])
        more = _("……共%(n)s处错误") % {"n": len(problems)} if len(problems) > 50 else ""
        raise refuse(
            "file",
            _(
                "名单有误，未导入任何一行：%(problems)s%(more)s。改正后重新导入，或选择“跳过错误行，只导入正确的行”。"
            )
            % {"problems": shown, "more": more},
            "bad_rows",
        )
    if not entries:
        raise refuse("file", _("名单中没有可以导入的行。"), "empty")
    batch = ListImport.objects.create(
        department=acting_user.department,
        kind=kind,
        source=source[:200],
        file_name=file_name[:200],
        digest=sm3_hex(data),
        mapping=mapping,
        rows_read=read,
        rows_imported=len(entries),
        rows_skipped=len({p.row for p in problems}),
        problems=[str(p) for p in problems],
        imported_by=acting_user,
    )
    ListedSubject.objects.bulk_create(
        [ListedSubject(batch=batch, kind=kind, name_key=name_key(e["name"]), **e) for e in entries],
        batch_size=2000,
    )
    audit.record(
        "credit.lists.import",
        actor=acting_user,
        obj=batch,
        after={
            "kind": kind,
            "source": batch.source,
            "file": batch.file_name,
            "sm3": batch.digest,
            "imported": batch.rows_imported,
            "skipped": batch.rows_skipped,
        },
    )
    return batch
