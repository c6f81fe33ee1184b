"""The supplier check (供应商信用核查): is a subject barred from government procurement today,
and why — for one supplier, or for a bidder list at once (an .xlsx upload or the API).

What counts: the credit records whose decision stands (``models.DECIDED``) and the imported
entries of external lists (失信被执行人 …). A subject is found by its 统一社会信用代码; by name
only when no code is given, or for records and entries that carry no code (natural persons,
lists that give names). The rules themselves are ``listing.barred_on``.

One bulk check reads the records of all its subjects in a few indexed queries and works in
memory: the cost follows the number of subjects asked and of records found, not the size of the
record table.
"""

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Lookup, Q
from django.utils import timezone
from stdnum import exceptions as stdnum_errors
from stdnum.cn import uscc as stdnum_uscc

from liandong.core import spreadsheets
from liandong.credit import listing
from liandong.credit.models import DECIDED, CreditRecord, ListedSubject, name_key

CHUNK = 2000  # values per IN list (SQLite allows 32766 variables)
MAX_BULK = 10_000


@dataclass(frozen=True, slots=True)
class Query:
    name: str = ""
    code: str = ""
    row: int | None = None  # the spreadsheet row it came from

    @property
    def key(self) -> str:
        return name_key(self.name) if self.name else ""


@dataclass(slots=True)
class Result:
    query: Query
    barred: bool
    until: dt.date | None
    explanation: str
    reasons: list[str] = field(default_factory=list)
    records: list[int] = field(default_factory=list)  # credit records behind the answer
    error: str = ""  # the query itself was unusable

    @property
    def verdict(self) -> str:
        if self.error:
            return "无法核查"
        return "禁止参加" if self.barred else "未发现禁止情形"


def _clear(day: dt.date) -> str:
    return listing.barred_on([], day).explanation


def query_problem(query: Query) -> str:
    """Why a query cannot be checked, or ""."""
    if not query.name.strip() and not query.code.strip():
        return "未填写供应商名称或统一社会信用代码"
    if query.code:
        try:
            stdnum_uscc.validate(query.code)
        except stdnum_errors.ValidationError:
            return f"统一社会信用代码“{query.code}”无效（校验码或格式错误）"
    return ""


def _chunks(values: Sequence[str]) -> Iterable[list[str]]:
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


_RECORD_FIELDS = (
    "pk",
    "subject_code",
    "subject_key",
    "decision_date",
    "fine",
    "ban_start",
    "ban_end",
    "decision_number",
    "department__name",
)


class AnyOf(Lookup):
    """``field = ANY(%s)`` with the values as one array parameter (PostgreSQL): far cheaper to
    send than an IN list of 2,000 parameters."""

    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


for _model, _names in (
    (CreditRecord, ("subject_code", "subject_key")),
    (ListedSubject, ("code", "name_key")),
):
    for _name in _names:
        _model._meta.get_field(_name).register_lookup(AnyOf)


def _among(field: str, values: list[str]) -> Q:
    """``field`` is one of ``values``: one array parameter on PostgreSQL, an IN list elsewhere."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__any_of": values})
    return Q(**{f"{field}__in": values})


def _read(rows, fields, code_field: str, key_field: str, codes, keys) -> list[tuple]:
    """The rows whose code is one of ``codes`` or whose name key is one of ``keys``, once each
    (two indexed lookups, never one OR over both: that scans the table)."""
    found: dict[int, tuple] = {}
    rows = rows.order_by()
    for column, values in ((code_field, codes), (key_field, keys)):
        for part in _chunks(sorted(values)):
            for row in rows.filter(_among(column, part)).values_list(*fields):
                found[row[0]] = row
    return list(found.values())


def _records(codes: set[str], keys: set[str]) -> list[tuple]:
    decided = CreditRecord.objects.filter(state__in=DECIDED)
    return _read(decided, _RECORD_FIELDS, "subject_code", "subject_key", codes, keys)


def _entries(codes: set[str], keys: set[str]) -> list[tuple]:
    fields = ("pk", "code", "name_key", "kind", "listed_on", "removed_after", "batch__source")
    return _read(ListedSubject.objects.all(), fields, "code", "name_key", codes, keys)


class _Index:
    """Rows (pk, code, name key, …) found for a query: by code, plus rows without a code by
    name; or, when the query has no code, every row of that name."""

    def __init__(self, rows: list[tuple]) -> None:
        self.by_code, self.uncoded, self.by_key = (
            defaultdict(list),
            defaultdict(list),
            defaultdict(list),
        )
        for row in rows:
            if row[1]:
                self.by_code[row[1]].append(row)
            else:
                self.uncoded[row[2]].append(row)
            self.by_key[row[2]].append(row)

    def find(self, query: Query) -> list[tuple]:
        if query.code:
            return self.by_code.get(query.code, []) + self.uncoded.get(query.key, [])
        return self.by_key.get(query.key, [])


def check_many(queries: Sequence[Query], day: dt.date | None = None) -> list[Result]:
    """Answer every query, in order."""
    day = day or timezone.localdate()
    problems = [query_problem(q) for q in queries]
    usable = [q for q, problem in zip(queries, problems, strict=True) if not problem]
    codes = {q.code for q in usable if q.code}
    keys = {q.key for q in usable if q.key}
    records = _Index(_records(codes, keys))
    listed = _Index(_entries(codes, keys))
    clear = _clear(day)
    results = []
    for query, problem in zip(queries, problems, strict=True):
        if problem:
            results.append(Result(query, False, None, problem, error=problem))
            continue
        rows, entry_rows = records.find(query), listed.find(query)
        if not rows and not entry_rows:
            results.append(Result(query, False, None, clear))
            continue
        penalties = [
            listing.Penalty(
                decided_on=r[3],
                fine=r[4] or 0,
                ban_start=r[5],
                ban_end=r[6],
                document_number=r[7],
                authority=r[8],
            )
            for r in rows
        ]
        entries = [
            listing.ListEntry(
                kind=listing.ListKind(e[3]), listed_on=e[4], removed_after=e[5], source=e[6]
            )
            for e in entry_rows
        ]
        bar = listing.barred_on(penalties, day, entries)
        results.append(
            Result(
                query,
                bar.barred,
                bar.until,
                bar.explanation,
                reasons=[r.text for r in bar.reasons],
                records=sorted(r[0] for r in rows),
            )
        )
    return results


def check_one(*, name: str = "", code: str = "", day: dt.date | None = None) -> Result:
    return check_many([Query(name=name.strip(), code=code.strip().upper())], day)[0]


# ---------------------------------------------------------------- the bidder list (.xlsx)

NAME_HEADERS = ("供应商名称", "投标人名称", "名称", "单位名称")
CODE_HEADERS = ("统一社会信用代码", "社会信用代码", "信用代码")
TEMPLATE_HEADERS = ("序号", "供应商名称", "统一社会信用代码")


class BadSheet(ValueError):
    """The upload cannot be read as a bidder list; the message says why, in Chinese."""


def template() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "投标人名单"
    sheet.append(list(TEMPLATE_HEADERS))
    sheet.append([1, "泉州市示例科技有限公司", "914403001922038216"])
    for letter, width in zip("ABC", (8, 40, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_bidders(data: bytes) -> tuple[list[Query], list[str], list[list]]:
    """The bidders of an uploaded .xlsx: the queries, the header row and the rows as read."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise BadSheet("无法读取该文件：请上传.xlsx格式的投标人名单（可下载模板）") from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if not header:
        raise BadSheet("文件是空的：第1行应为表头（供应商名称、统一社会信用代码）")
    header = ["" if h is None else str(h).strip() for h in header]
    name_at = next((header.index(h) for h in NAME_HEADERS if h in header), None)
    code_at = next((header.index(h) for h in CODE_HEADERS if h in header), None)
    if name_at is None and code_at is None:
        raise BadSheet(
            "第1行没有“供应商名称”或“统一社会信用代码”列（现有列："
            + ("、".join(h for h in header if h) or "无")
            + "）"
        )
    queries, kept = [], []
    for number, row in enumerate(rows, start=2):
        row = list(row)
        if not any(v not in (None, "") for v in row):
            continue
        if len(queries) >= MAX_BULK:
            raise BadSheet(f"一次最多核查{MAX_BULK}家供应商，请分批上传")

        queries.append(
            Query(name=_cell(row, name_at), code=_cell(row, code_at).upper(), row=number)
        )
        kept.append(row)
    workbook.close()
    if not queries:
        raise BadSheet("名单中没有供应商：请从第2行起每行填写一家供应商")
    return queries, header, kept


def result_workbook(
    header: list[str], rows: list[list], results: list[Result], day: dt.date
) -> bytes:
    """The list as uploaded, with the answer beside each row, and a summary sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "核查结果"
    added = ["核查结果", "禁止截止日期", "原因及依据", "相关信用记录"]
    sheet.append([*header, *added])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    red = PatternFill("solid", fgColor="FDE2E1")
    for number, (row, result) in enumerate(zip(rows, results, strict=True), start=2):
        cells = [*row, *[None] * (len(header) - len(row))][: len(header)]
        sheet.append(
            [
                *cells,
                result.verdict,
                result.until.isoformat() if result.until else "",
                result.explanation,
                "、".join(str(pk) for pk in result.records),
            ]
        )
        # by the row's number: sheet.max_row walks every cell written so far
        for column in range(1, len(cells) + len(added) + 1):
            cell = sheet.cell(row=number, column=column)
            spreadsheets.as_text(cell)  # text as uploaded, never a formula
            if result.barred:
                cell.fill = red
    width = len(header)
    for offset, size in enumerate((14, 14, 80, 16)):
        sheet.column_dimensions[
            sheet.cell(row=1, column=width + offset + 1).column_letter
        ].width = size
    summary = workbook.create_sheet("汇总")
    summary.append(["核查日期", day.isoformat()])
    summary.append(["核查供应商数", len(results)])
    summary.append(["禁止参加", sum(r.barred for r in results)])
    summary.append(["无法核查", sum(bool(r.error) for r in results)])
    summary.append(["依据", listing.REFUSAL_BASIS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(row: list, at: int | None) -> str:
    if at is None or at >= len(row) or row[at] is None:
        return ""
    return str(row[at]).strip()
