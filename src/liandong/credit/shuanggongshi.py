"""The 双公示 administrative penalty record layout (RULES.md §7) and its .xlsx and .csv exports.
Plain Python: no Django.

A row is a mapping from the Chinese column header to its value: text as ``str``, amounts in 万元
as ``Decimal`` (or text), dates as ``datetime.date`` (or ``YYYY-MM-DD`` text). ``make_row`` builds
one from the English keys of ``COLUMNS``. ``validate`` lists every problem of a row in Chinese; the
writers refuse to write anything while any row has one (``InvalidRows``), so a fine entered in yuan
never leaves as 300000万元.

Codes (统一社会信用代码, GB 32100-2015) are checked with ``stdnum.cn.uscc`` (RULES.md §8): the
subject's code when given, and the codes of 处罚机关 and 数据来源单位, which are required.
"""

import csv
import datetime as dt
import enum
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import IO, Any
from zoneinfo import ZoneInfo

from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric, uscc

from liandong.core import spreadsheets

CHINA = ZoneInfo("Asia/Shanghai")

# 万元 with six decimals is exact to the fen (0.000001万元 = 0.01元): converting a fine in yuan
# loses nothing, and only a sub-fen input is rounded, half-up as 《数值修约规则》 users expect.
WAN_PLACES = Decimal("0.000001")
WAN = Decimal(10_000)
# 1亿元. No penalty of a district's procurement case comes near it; a larger figure is yuan typed
# into a 万元 column (300000 "万元" is a 300,000元 fine).
PLAUSIBLE_MAX_WAN = Decimal(10_000)

DOCUMENT_NUMBER = re.compile(r"^.+〔\d{4}〕[1-9]\d*号$")  # RULES.md §8
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not storable in .xlsx


class Kind(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"  # wrapped in the sheet
    CODE = "code"  # kept as text so leading zeros survive
    USCC = "uscc"  # 统一社会信用代码, check digit verified
    AMOUNT = "amount"  # 万元
    DATE = "date"


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # the identifier the platform's fields map to
    header: str  # the national layout's header, exactly
    required: bool
    kind: Kind = Kind.TEXT


COLUMNS: tuple[Column, ...] = (
    Column("name", "行政相对人名称", True),
    Column("category", "行政相对人类别", True),
    Column("uscc", "行政相对人代码_1（统一社会信用代码）", False, Kind.USCC),
    Column("business_registration_number", "行政相对人代码_2（工商注册号）", False, Kind.CODE),
    Column("organization_code", "行政相对人代码_3（组织机构代码）", False, Kind.CODE),
    Column("tax_registration_number", "行政相对人代码_4（税务登记号）", False, Kind.CODE),
    Column("institution_number", "行政相对人代码_5（事业单位证书号）", False, Kind.CODE),
    Column("social_organization_number", "行政相对人代码_6（社会组织登记证号）", False, Kind.CODE),
    Column("legal_representative", "法定代表人", False),
    Column("id_type", "证件类型", False),
    Column("id_number", "证件号码", False, Kind.CODE),
    Column("document_number", "行政处罚决定书文号", True, Kind.CODE),
    Column("violation_type", "违法行为类型", True),
    Column("facts", "违法事实", True, Kind.LONG_TEXT),
    Column("basis", "处罚依据", True, Kind.LONG_TEXT),
    Column("penalty_category", "处罚类别", True),
    Column("content", "处罚内容", True, Kind.LONG_TEXT),
    Column("fine", "罚款金额（万元）", False, Kind.AMOUNT),
    Column("confiscated", "没收违法所得、没收非法财物的金额（万元）", False, Kind.AMOUNT),
    Column("licence", "暂扣或吊销证照名称及编号", False),
    Column("decided_on", "处罚决定日期", True, Kind.DATE),
    Column("valid_until", "处罚有效期", True, Kind.DATE),
    Column("published_until", "公示截止期", False, Kind.DATE),
    Column("authority", "处罚机关", True),
    Column("authority_uscc", "处罚机关统一社会信用代码", True, Kind.USCC),
    Column("source", "数据来源单位", True),
    Column("source_uscc", "数据来源单位统一社会信用代码", True, Kind.USCC),
    Column("note", "备注", False, Kind.LONG_TEXT),
)
HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS)
REQUIRED: tuple[str, ...] = tuple(c.header for c in COLUMNS if c.required)
BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}
BY_HEADER: dict[str, Column] = {c.header: c for c in COLUMNS}

ORGANIZATION = "法人及非法人组织"
NATURAL_PERSON = "自然人"
SOLE_TRADER = "个体工商户"
CATEGORIES = (ORGANIZATION, NATURAL_PERSON, SOLE_TRADER)
RESIDENT_ID = "身份证"
_SUBJECT_CODES = tuple(c.header for c in COLUMNS if c.header.startswith("行政相对人代码_"))


@dataclass(frozen=True, slots=True)
class Problem:
    field: str  # the header
    message: str  # Chinese, naming the field


class InvalidRows(ValueError):
    """Rows the layout refuses; nothing was written. ``problems`` maps 1-based record numbers."""

    def __init__(self, problems: dict[int, list[Problem]]) -> None:
        self.problems = problems
        lines = [
            f"第{number}条记录：{p.message}" for number, found in problems.items() for p in found
        ]
        super().__init__("双公示数据有误，未导出：\n" + "\n".join(lines))


def make_row(**values: Any) -> dict[str, Any]:
    """A row keyed by header from values keyed by ``Column.key``."""
    unknown = sorted(set(values) - set(BY_KEY))
    if unknown:
        raise KeyError(f"双公示没有这些字段：{', '.join(unknown)}")
    return {BY_KEY[key].header: value for key, value in values.items()}


def to_wan(yuan: Decimal) -> Decimal:
    """Yuan to 万元 with six decimals (exact to the fen; a sub-fen rest rounds half-up)."""
    return (Decimal(yuan) / WAN).quantize(WAN_PLACES, rounding=ROUND_HALF_UP)


def wan_text(amount: Decimal) -> str:
    """An amount in 万元 as written: at least two decimals, no trailing zeros beyond them."""
    text = f"{Decimal(amount).quantize(WAN_PLACES):f}".rstrip("0")
    whole, _, fraction = text.partition(".")
    return f"{whole}.{fraction.ljust(2, '0')}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def parse_amount(value: object) -> Decimal:
    """An amount cell as ``Decimal``; ``ValueError`` when it is not a number."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    try:
        amount = Decimal(_text(value).replace(",", ""))
    except InvalidOperation as error:
        raise ValueError(value) from error
    if not amount.is_finite():
        raise ValueError(value)
    return amount


def parse_date(value: object) -> dt.date:
    """A date cell as ``date``; text is ``YYYY-MM-DD`` or ``YYYY/MM/DD``."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value).replace("/", "-")
    if not _ISO_DATE.match(text):
        raise ValueError(value)
    return dt.date.fromisoformat(text)  # ValueError for a day that does not exist


_USCC_ERRORS = (
    (stdnum_errors.InvalidLength, "应为18位"),
    (stdnum_errors.InvalidChecksum, "校验码错误"),
    (stdnum_errors.InvalidComponent, "登记管理部门代码、机构类别代码或行政区划码无效"),
    (stdnum_errors.InvalidFormat, "含有统一社会信用代码不允许的字符"),
)


def _uscc_problem(header: str, value: object) -> Problem | None:
    try:
        uscc.validate(_text(value))
    except stdnum_errors.ValidationError as error:
        for kind, reason in _USCC_ERRORS:
            if isinstance(error, kind):
                return Problem(header, f"{header}“{_text(value)}”{reason}")
        return Problem(header, f"{header}“{_text(value)}”无效")
    return None


def _amount_problem(header: str, value: object) -> Problem | None:
    try:
        amount = parse_amount(value)
    except ValueError:
        return Problem(header, f"{header}应填写数字（单位万元），现为“{_text(value)}”")
    if amount < 0:
        return Problem(header, f"{header}不能为负数")
    if amount > PLAUSIBLE_MAX_WAN:
        return Problem(
            header,
            f"{header}为{wan_text(amount)}万元（即{amount * WAN:f}元），超出合理范围"
            f"（不超过{PLAUSIBLE_MAX_WAN}万元）：看起来是把以元为单位的金额填成了万元，"
            "请除以10000后按万元填写",
        )
    if amount != amount.quantize(WAN_PLACES, rounding=ROUND_HALF_UP):
        return Problem(header, f"{header}最多保留六位小数（精确到分）")
    return None


def validate(row: Mapping[str, Any], today: dt.date | None = None) -> list[Problem]:
    """Every problem of one row, in column order; empty when the row may be exported.

    ``today`` is the date in China unless given (处罚决定日期 may not be later)."""
    today = today or dt.datetime.now(CHINA).date()
    problems = [
        Problem(header, f"“{header}”不是双公示行政处罚信息的字段")
        for header in row
        if header not in BY_HEADER
    ]
    dates: dict[str, dt.date] = {}
    for column in COLUMNS:
        value = row.get(column.header)
        header = column.header
        if _blank(value):
            if column.required:
                problems.append(Problem(header, f"{header}为必填项"))
            continue
        problem = None
        if isinstance(value, str) and _CONTROL.search(value):
            problem = Problem(header, f"{header}含有不可见的控制字符")
        elif column.kind is Kind.USCC:
            problem = _uscc_problem(header, value)
        elif column.kind is Kind.AMOUNT:
            problem = _amount_problem(header, value)
        elif column.kind is Kind.DATE:
            try:
                dates[header] = parse_date(value)
            except ValueError:
                problem = Problem(header, f"{header}应为YYYY-MM-DD格式的日期，现为“{_text(value)}”")
        if problem:
            problems.append(problem)
    problems += _category_problems(row)
    problems += _consistency_problems(row, dates, today)
    return problems


def _category_problems(row: Mapping[str, Any]) -> list[Problem]:
    header = "行政相对人类别"
    category = _text(row.get(header))
    if not category:
        return []
    if category not in CATEGORIES:
        return [Problem(header, f"{header}应为{'、'.join(CATEGORIES)}之一，现为“{category}”")]
    found = []
    if category == NATURAL_PERSON:
        for needed in ("证件类型", "证件号码"):
            if _blank(row.get(needed)):
                found.append(Problem(needed, f"行政相对人为自然人的，{needed}为必填项"))
        id_number = _text(row.get("证件号码"))
        if _text(row.get("证件类型")) == RESIDENT_ID and id_number and not ric.is_valid(id_number):
            found.append(Problem("证件号码", "证件号码不是有效的居民身份证号码"))
    elif not any(not _blank(row.get(code)) for code in _SUBJECT_CODES):
        found.append(
            Problem(
                _SUBJECT_CODES[0],
                f"行政相对人为{category}的，{_SUBJECT_CODES[0]}等行政相对人代码至少填写一项",
            )
        )
    if category == ORGANIZATION and _blank(row.get("法定代表人")):
        found.append(Problem("法定代表人", f"行政相对人为{ORGANIZATION}的，法定代表人为必填项"))
    return found


def _consistency_problems(
    row: Mapping[str, Any], dates: dict[str, dt.date], today: dt.date
) -> list[Problem]:
    found = []
    number = _text(row.get("行政处罚决定书文号"))
    if number and not DOCUMENT_NUMBER.match(number):
        found.append(
            Problem("行政处罚决定书文号", f"行政处罚决定书文号“{number}”应为“代字〔年份〕序号号”")
        )
    fine = row.get("罚款金额（万元）")
    if "罚款" in _text(row.get("处罚类别")):
        if _blank(fine):
            found.append(Problem("罚款金额（万元）", "处罚类别含罚款的，罚款金额（万元）为必填项"))
        elif isinstance(fine, Decimal) and fine <= 0:
            found.append(Problem("罚款金额（万元）", "处罚类别含罚款的，罚款金额应大于0"))
    decided = dates.get("处罚决定日期")
    if decided is None:
        return found
    if decided > today:
        found.append(
            Problem("处罚决定日期", f"处罚决定日期{decided.isoformat()}晚于今天{today.isoformat()}")
        )
    for header in ("处罚有效期", "公示截止期"):
        if header in dates and dates[header] < decided:
            found.append(
                Problem(
                    header,
                    f"{header}{dates[header].isoformat()}早于处罚决定日期{decided.isoformat()}",
                )
            )
    return found


def _checked(rows: Iterable[Mapping[str, Any]], today: dt.date | None) -> list[Mapping[str, Any]]:
    rows = list(rows)
    problems = {}
    for number, row in enumerate(rows, start=1):
        found = validate(row, today)
        if found:
            problems[number] = found
    if problems:
        raise InvalidRows(problems)
    return rows


def _value(column: Column, raw: object) -> str | Decimal | dt.date | None:
    """A cell's value as written: text stripped, amounts as Decimal 万元, dates as dates."""
    if _blank(raw):
        return None
    if column.kind is Kind.AMOUNT:
        return parse_amount(raw).quantize(WAN_PLACES)
    if column.kind is Kind.DATE:
        return parse_date(raw)
    if column.kind is Kind.USCC:
        return uscc.compact(_text(raw))
    return _text(raw)


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_xlsx(
    rows: Iterable[Mapping[str, Any]],
    path_or_file: str | os.PathLike[str] | IO[bytes],
    today: dt.date | None = None,
) -> None:
    """The rows as an .xlsx workbook: the header row, then one row per record.

    Codes and text are text cells (format ``@``, never a formula), so leading zeros and long
    digit strings survive Excel; amounts are numbers in 万元; dates are dates. Raises
    ``InvalidRows`` (nothing written) when any row fails ``validate``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    rows = _checked(rows, today)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "行政处罚"
    widths = [_display_width(header) for header in HEADERS]
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(COLUMNS):
            value = _value(column, row.get(column.header))
            cell = sheet.cell(row=number, column=index + 1, value=value)
            if column.kind is Kind.AMOUNT:
                cell.number_format = "0.00####"
                shown = wan_text(value) if isinstance(value, Decimal) else ""
            elif column.kind is Kind.DATE:
                cell.number_format = "yyyy-mm-dd"
                shown = "0000-00-00"
            else:
                cell.number_format = "@"
                if isinstance(value, str):
                    cell.data_type = "s"
                    spreadsheets.as_text(cell)  # shown as typed, never a formula
                shown = value if isinstance(value, str) else ""
                if column.kind is Kind.LONG_TEXT:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[index] = max(widths[index], _display_width(shown))
    for index, column in enumerate(COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        cap = 60 if column.kind is Kind.LONG_TEXT else 80
        sheet.column_dimensions[letter].width = min(widths[index], cap) + 2
    sheet.freeze_panes = "A2"
    workbook.save(path_or_file)


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    file: str | os.PathLike[str] | IO[str] | IO[bytes],
    today: dt.date | None = None,
) -> None:
    """The rows as CSV in UTF-8 with a byte-order mark, which Excel in China needs to read it as
    UTF-8. ``file`` is a path, a text stream or a binary stream. Excel shows an 18-digit code
    of digits only in CSV as a rounded number: give people the .xlsx, machines the CSV.
    Raises ``InvalidRows`` (nothing written) when any row fails ``validate``."""
    rows = _checked(rows, today)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        cells = []
        for column in COLUMNS:
            value = _value(column, row.get(column.header))
            if value is None:
                cells.append("")
            elif isinstance(value, Decimal):
                cells.append(wan_text(value))
            elif isinstance(value, dt.date):
                cells.append(value.isoformat())
            else:
                cells.append(value)
        writer.writerow(spreadsheets.csv_row(cells))
    text = "\ufeff" + buffer.getvalue()
    if isinstance(file, str | os.PathLike):
        with open(file, "wb") as out:
            out.write(text.encode("utf-8"))
    elif isinstance(file, io.TextIOBase):
        file.write(text)
    else:
        file.write(text.encode("utf-8"))  # type: ignore[arg-type]
