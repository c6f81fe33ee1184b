"""The Chinese import template (SCREENING.md): CSV (UTF-8, UTF-8 with BOM, GB18030) or XLSX,
one row per bidder per lot, Chinese headers → the model's columns (``model.py``).

Memory stays bounded: a CSV is scanned by polars' streaming engine (a GB18030 file is first
transcoded to UTF-8 on disk in chunks); an XLSX is read row by row by openpyxl in read-only mode
into column buffers that are parsed and handed to polars every ``XLSX_CHUNK`` rows. Every value is
parsed by polars expressions, never by a Python loop over the rows; only the rows that fail are
turned into ``RowProblem``s.

``row`` is the record's number in the source with the header as row 1 (for an XLSX the sheet's
row number; for a CSV the record number, which differs from the line number only when a quoted
value spans lines).
"""

import codecs
import contextlib
import csv
import datetime as dt
import io
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import filetype
import polars as pl

from .model import Dataset, ImportRefused, ImportReport, RowProblem, first_of_equal

TEXT, MONEY, NUMBER, PERCENT, INTEGER, BOOLEAN, DATETIME = (
    "text",
    "money",
    "number",
    "percent",
    "integer",
    "boolean",
    "datetime",
)

# The template: (Chinese header as SCREENING.md spells it, model column, value type).
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("项目编号", "project_id", TEXT),
    ("标段(包)编号", "lot_id", TEXT),
    ("项目名称", "project_name", TEXT),
    ("采购方式", "method", TEXT),
    ("预算金额(元)", "budget", MONEY),
    ("最高限价(元)", "ceiling", MONEY),
    ("采购人", "buyer", TEXT),
    ("代理机构", "agency", TEXT),
    ("开标时间", "opened_at", DATETIME),
    ("投标人名称", "bidder_name", TEXT),
    ("统一社会信用代码", "bidder_id", TEXT),
    ("法定代表人", "legal_rep", TEXT),
    ("授权代表", "agent", TEXT),
    ("联系人", "contact", TEXT),
    ("联系电话", "phone", TEXT),
    ("电子邮箱", "email", TEXT),
    ("项目负责人", "manager", TEXT),
    ("项目负责人证件号(哈希)", "manager_id_hash", TEXT),
    ("投标报价(元)", "price", MONEY),
    ("最终得分", "score", NUMBER),
    ("排名", "rank", INTEGER),
    ("是否中标", "awarded", BOOLEAN),
    ("投标状态(有效/无效)", "valid", BOOLEAN),
    ("保证金形式", "deposit_form", TEXT),
    ("保证金缴纳账户名", "deposit_account_name", TEXT),
    ("保证金缴纳账号(哈希)", "deposit_account_hash", TEXT),
    ("开户行", "deposit_bank", TEXT),
    ("保证金缴纳时间", "deposit_at", DATETIME),
    ("文件制作机器码", "machine_code", TEXT),
    ("文件创建标识码", "file_id_code", TEXT),
    ("网卡MAC地址", "mac", TEXT),
    ("CPU序列号", "cpu", TEXT),
    ("硬盘序列号", "hdd", TEXT),
    ("主板序列号", "board", TEXT),
    ("计价软件加密锁序列号", "pricing_lock", TEXT),
    ("CA证书序列号", "ca_serial", TEXT),
    ("上传IP地址", "upload_ip", TEXT),
    ("上传时间", "upload_at", DATETIME),
    ("解密IP地址", "decrypt_ip", TEXT),
    ("是否开标现场上传", "onsite_upload", BOOLEAN),
    ("文档作者", "author", TEXT),
    ("最后修改人", "last_modifier", TEXT),
    ("文档公司属性", "doc_company", TEXT),
    ("创建软件", "software", TEXT),
    ("创建时间", "doc_created_at", DATETIME),
    ("修改时间", "doc_modified_at", DATETIME),
    ("平台雷同度(%)", "similarity", PERCENT),
    ("数据来源平台", "platform", TEXT),
    ("导出时间", "exported_at", DATETIME),
)
REQUIRED_HEADERS = {"project_id": "项目编号", "bidder_name": "投标人名称", "price": "投标报价(元)"}
TIME_ZONE = "Asia/Shanghai"  # template times are Beijing time
XLSX_CHUNK = 50_000
# A workbook whose sheets unpack to at most this is read with calamine (the whole sheet in memory,
# about 1.5 times its XML; some eight times faster); a larger one row by row with openpyxl.
XLSX_IN_MEMORY_BYTES = 2**30
MAX_PROBLEMS = 10_000  # listed one by one; the count of skipped rows stays exact beyond it
HEADER_SEARCH_ROWS = 10  # a title row or two above the header is tolerated

_BOOLEANS = {
    **dict.fromkeys(("是", "y", "yes", "true", "1", "有效", "中标", "√", "t"), True),
    **dict.fromkeys(("否", "n", "no", "false", "0", "无效", "未中标", "×", "f"), False),
}
_PLACEHOLDERS = ["", "-", "--", "—", "/", "无", "N/A", "n/a", "NA", "null", "NULL", "None", "none"]
_FULL = "０１２３４５６７８９．，－＋％：／　"
_HALF = "0123456789.,-+%:/ "


def _header_key(header: str) -> str:
    """Full-width brackets and letters folded (NFKC), spaces and "*" marks removed, lower case."""
    key = unicodedata.normalize("NFKC", header or "").replace("\ufeff", "")
    return re.sub(r"\s+", "", key).strip("*").lower()


def _base_and_unit(key: str) -> tuple[str, str]:
    match = re.fullmatch(r"(.*?)\(([^()]*)\)", key)
    return (match[1], match[2]) if match else (key, "")


_HEADER_OF = {c: h for h, c, _t in COLUMNS}
_KIND_OF = {c: t for _h, c, t in COLUMNS}
_BY_KEY = {_header_key(h): (h, c, t) for h, c, t in COLUMNS}
_BY_BASE = {_base_and_unit(k)[0]: v for k, v in _BY_KEY.items()}


def match_header(header: str) -> tuple[str, str, str, float] | None:
    """(template header, column, type, scale) for a source header, or None when unknown.
    "投标报价（万元）" matches 投标报价(元) with bare numbers scaled by 10,000."""
    key = _header_key(header)
    base, unit = _base_and_unit(key)
    hit = _BY_KEY.get(key) or _BY_BASE.get(base)
    if hit is None:
        return None
    scale = 10_000.0 if hit[2] == MONEY and unit == "万元" else 1.0
    return (*hit, scale)


# ---------------------------------------------------------------- value parsing (polars)


def _clean(raw: pl.Expr) -> pl.Expr:
    """Full-width digits and punctuation folded, trimmed, placeholders ("-", "无", …) → null."""
    folded = raw.str.replace_many(list(_FULL), list(_HALF)).str.strip_chars()
    return pl.when(~folded.is_in(_PLACEHOLDERS)).then(folded)  # not .replace(): not streamed


_MONEY_NOISE = [",", " ", "¥", "￥", "人民币", "RMB", "CNY"]


def _money_text(text: pl.Expr) -> pl.Expr:
    return text.str.replace_many(_MONEY_NOISE, [""] * len(_MONEY_NOISE))


def _money(text: pl.Expr, scale: float) -> pl.Expr:
    """ "1,234.5" / "1234.5元" / "12.3万元" / "12.3万" → yuan; a bare number is scaled by the
    header's unit (投标报价(万元) → ×10,000)."""
    number = text.str.strip_chars_end("万元").cast(pl.Float64, strict=False)
    factor = (
        pl.when(text.str.contains("万", literal=True))
        .then(10_000.0)
        .when(text.str.ends_with("元"))
        .then(1.0)
        .otherwise(scale)
    )
    return number * factor


def _number(text: pl.Expr) -> pl.Expr:
    return text.str.replace_all(r"[,\s%]", "").cast(pl.Float64, strict=False)


def _integer(text: pl.Expr) -> pl.Expr:
    number = text.str.replace_all(r"[,\s第名]", "").cast(pl.Float64, strict=False)
    return pl.when(number == number.round()).then(number).cast(pl.Int64, strict=False)


def _boolean(text: pl.Expr) -> pl.Expr:
    return text.str.to_lowercase().replace_strict(_BOOLEANS, default=None, return_dtype=pl.Boolean)


# 2024-03-01 09:30[:00[.5]], 2024/3/1 9:30, 2024.3.1, 2024年3月1日 9时30分[5秒], 9点, 20240301,
# ISO with "T" and an offset (the offset is dropped: template times are Beijing time).
_DATE_PATTERN = (
    r"^(\d{4})(?:\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})|(\d{2})(\d{2}))\s*日?"
    r"(?:[\sT]*(\d{1,2})\s*[:时点]\s*(?:(\d{1,2})\s*[:分]?\s*(?:(\d{1,2})(?:\.(\d{1,6}))?\s*秒?)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)


def _date_parts(text: pl.Expr) -> pl.Expr:
    """The date's parts as a struct "1" … "9" (computed once per column: regexes are costly)."""
    return text.str.extract_groups(_DATE_PATTERN)


def _datetime(parts: pl.Expr) -> pl.Expr:
    """Date parts → a datetime; impossible dates (2024-02-30, 25:00) → null."""

    def part(*indexes: int) -> pl.Expr:
        fields = [parts.struct.field(str(i)).cast(pl.Int32, strict=False) for i in indexes]
        return pl.coalesce(fields) if len(fields) > 1 else fields[0]

    year, month, day = part(1), part(2, 4), part(3, 5)
    hour, minute, second = part(6).fill_null(0), part(7).fill_null(0), part(8).fill_null(0)
    micro = parts.struct.field("9").str.pad_end(6, "0").cast(pl.Int32, strict=False).fill_null(0)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = (
        pl.when(month == 2)
        .then(pl.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )
    valid = (
        month.is_between(1, 12)
        & day.is_between(1, month_days)
        & hour.is_between(0, 23)
        & minute.is_between(0, 59)
        & second.is_between(0, 59)
    )

    def safe(expr: pl.Expr, default: int) -> pl.Expr:
        return pl.when(valid).then(expr).otherwise(default)

    moment = pl.datetime(
        safe(year, 2000),
        safe(month, 1),
        safe(day, 1),
        safe(hour, 0),
        safe(minute, 0),
        safe(second, 0),
        safe(micro, 0),
    )
    return pl.when(valid).then(moment)


def _iso(text: pl.Expr, date_only: bool = False) -> pl.Expr:
    form = "%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M:%S"
    return text.str.strptime(pl.Datetime("us"), form, strict=False)


def _datetime_stages(frame: pl.LazyFrame, columns: list[str]) -> pl.LazyFrame:
    """Adds ``<c>_t`` (parsed) for each text column ``c``: the common ISO forms first (cheap),
    the regex of _DATE_PATTERN only for the values they did not parse."""
    if not columns:
        return frame
    frame = frame.with_columns(_iso(pl.col(c)).alias(f"{c}_t") for c in columns)
    frame = frame.with_columns(
        pl.coalesce(f"{c}_t", _iso(pl.when(pl.col(f"{c}_t").is_null()).then(c), date_only=True))
        for c in columns
    )
    frame = frame.with_columns(
        _date_parts(pl.when(pl.col(f"{c}_t").is_null()).then(pl.col(c))).alias(f"{c}_p")
        for c in columns
    )
    return frame.with_columns(
        pl.coalesce(f"{c}_t", _datetime(pl.col(f"{c}_p")))
        .dt.replace_time_zone(TIME_ZONE)
        .alias(f"{c}_t")
        for c in columns
    )


def _text(raw: pl.Expr) -> pl.Expr:
    text = raw.str.strip_chars()
    return pl.when(text != "").then(text)


_REASONS = {
    MONEY: "无法识别的金额",
    NUMBER: "无法识别的数值",
    PERCENT: "无法识别的百分比",
    INTEGER: "无法识别的整数",
    BOOLEAN: "无法识别的是/否值（可用 是/否、Y/N、1/0、有效/无效）",
    DATETIME: "无法识别的日期时间",
}


def _value(kind: str, scale: float, text: pl.Expr, moment: pl.Expr, money: pl.Expr) -> pl.Expr:
    if kind == MONEY:
        return _money(money, scale)
    if kind in (NUMBER, PERCENT):
        return _number(text)
    if kind == INTEGER:
        return _integer(text)
    if kind == BOOLEAN:
        return _boolean(text)
    if kind == DATETIME:
        return moment
    return text


def _parse(frame: pl.LazyFrame, plan, extra: list[str]) -> pl.LazyFrame:
    """Raw text columns → model columns, plus ``__bad_<column>`` holding the (cleaned) text where
    a value could not be understood (null elsewhere). Staged so that each cleaning and each
    regex runs once per column."""
    cleaned = [
        (_text(pl.col(s)) if k == TEXT else _clean(pl.col(s))).alias(f"__c{i}")
        for i, (s, _h, _c, k, _f) in enumerate(plan)
    ]
    cleaned += [_text(pl.col(e)).alias(e) for e in extra]
    frame = frame.select(pl.col("row").cast(pl.Int64), *cleaned)
    frame = frame.filter(pl.any_horizontal(pl.all().exclude("row").is_not_null()))
    dates = [i for i, p in enumerate(plan) if p[3] == DATETIME]
    frame = _datetime_stages(frame, [f"__c{i}" for i in dates])
    monies = [i for i, p in enumerate(plan) if p[3] == MONEY]
    if monies:
        frame = frame.with_columns(_money_text(pl.col(f"__c{i}")).alias(f"__m{i}") for i in monies)
    out = [pl.col("row")]
    for i, (_source, _header, column, kind, scale) in enumerate(plan):
        text = pl.col(f"__c{i}")
        value = _value(kind, scale, text, pl.col(f"__c{i}_t"), pl.col(f"__m{i}"))
        out.append(value.alias(column))
        if column in REQUIRED_HEADERS:
            bad = value.is_null()
            if column == "price":
                bad = bad | ~value.is_finite() | (value <= 0)
        elif kind != TEXT:
            bad = text.is_not_null() & value.is_null()
            if kind in (MONEY, NUMBER, PERCENT):
                bad = bad | ~value.is_finite().fill_null(True)
            if kind == MONEY:
                bad = bad | (value < 0).fill_null(False)
        else:
            continue
        out.append(pl.when(bad).then(text.fill_null("")).alias(f"__bad_{column}"))
    if extra:
        encoded = pl.struct(extra).struct.json_encode()
        has_any = pl.any_horizontal(pl.col(e).is_not_null() for e in extra)
        out.append(pl.when(has_any).then(encoded).alias("extra"))
    return frame.select(out)


# ---------------------------------------------------------------- the file


def _sniff(path: Path) -> tuple[str, str]:
    """("xlsx", "") or ("csv", encoding) from the content, not the name; refuses anything else."""
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    if not sample:
        raise ImportRefused("文件为空，未导入任何数据。")
    if sample.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    return "xlsx", ""
        except zipfile.BadZipFile:
            pass
        raise ImportRefused("文件是压缩包而不是Excel工作簿（.xlsx），未导入任何数据。")
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused("文件是旧版Excel（.xls）格式，请另存为.xlsx或CSV后再导入。")
    if sample[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ImportRefused("文件是UTF-16编码的文本，请另存为UTF-8或GB18030编码的CSV后再导入。")
    kind = filetype.guess(sample)
    if kind is not None or b"\x00" in sample:
        what = f"（{kind.mime}）" if kind is not None else ""
        raise ImportRefused(f"文件不是CSV或XLSX{what}，未导入任何数据。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(sample, final=len(sample) < 1 << 20)
        except UnicodeDecodeError:
            continue
        return "csv", encoding
    raise ImportRefused("文件不是UTF-8或GB18030编码的文本（CSV），未导入任何数据。")


def _transcode(path: Path, encoding: str, target: Path) -> bool:
    """Chunked GB18030 → UTF-8 copy; True when some bytes could not be decoded."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    replaced = False
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        while chunk := source.read(8 << 20):
            text = decoder.decode(chunk)
            replaced = replaced or "\ufffd" in text
            out.write(text)
        out.write(decoder.decode(b"", final=True))
    return replaced


def _header_row(rows: Iterable[list]) -> tuple[int, list[str]]:
    """Index (0-based) and cells of the header: the first of the first rows naming a required
    column (a title row above it is tolerated); else the first non-empty row."""
    first: tuple[int, list[str]] | None = None
    for index, cells in enumerate(rows):
        if index >= HEADER_SEARCH_ROWS:
            break
        names = ["" if c is None else str(c) for c in cells]
        if first is None and any(n.strip() for n in names):
            first = (index, names)
        matched = {m[1] for m in map(match_header, names) if m}
        if matched & set(REQUIRED_HEADERS):
            return index, names
    return first or (0, [])


def _make_plan(headers: list[str], report: ImportReport):
    """Map headers to columns; refuse when a required column is missing."""
    plan: list[tuple[str, str, str, str, float]] = []
    extra: list[str] = []
    seen: set[str] = set()
    for header in headers:
        hit = match_header(header)
        if hit is not None and hit[1] not in seen:
            seen.add(hit[1])
            plan.append((header, hit[0], hit[1], hit[2], hit[3]))
        elif header.strip() and not header.startswith("__"):
            extra.append(header)
    missing = [h for c, h in REQUIRED_HEADERS.items() if c not in seen]
    if missing:
        raise ImportRefused(f"缺少必填列：{'、'.join(missing)}；未导入任何数据。")
    report.missing_optional = [h for h, c, _t in COLUMNS if c not in seen]
    report.extra_columns = extra
    return plan, extra


def _csv_frames(path: Path, encoding: str, report: ImportReport, workdir: str) -> Iterator:
    if encoding == "gb18030":
        utf8 = Path(workdir) / "utf8.csv"
        if _transcode(path, encoding, utf8):
            report.notes.append("部分字节无法按GB18030解码，已替换为“�”。")
        path = utf8
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        head = [next(handle, "") for _ in range(HEADER_SEARCH_ROWS)]
    separator = max(",\t;|", key=lambda s: head[0].count(s) if head else 0)
    skip, _headers = _header_row(csv.reader(io.StringIO("".join(head)), delimiter=separator))
    scan = pl.scan_csv(
        path,
        separator=separator,
        skip_rows=skip,
        infer_schema=False,
        encoding="utf8-lossy",
        truncate_ragged_lines=True,
        row_index_name="row",
        row_index_offset=skip + 2,
        raise_if_empty=False,
    )
    # polars' own names: a repeated header comes back as "<name>_duplicated_0"
    plan, extra = _make_plan(scan.collect_schema().names()[1:], report)
    yield _parse(scan, plan, extra).collect(engine="streaming")


def _cell(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _unpacked_size(path: Path) -> int:
    """What the workbook's sheets and shared strings unpack to, from the zip directory."""
    with zipfile.ZipFile(path) as archive:
        return sum(
            item.file_size
            for item in archive.infolist()
            if item.filename.startswith("xl/worksheets/") or item.filename == "xl/sharedStrings.xml"
        )


@contextlib.contextmanager
def _xlsx_rows(path: Path, report: ImportReport):
    """The first sheet's rows as (Excel row number, values): calamine for a workbook that fits
    in memory (``XLSX_IN_MEMORY_BYTES``), else openpyxl's read-only stream."""
    if _unpacked_size(path) <= XLSX_IN_MEMORY_BYTES:
        from python_calamine import CalamineError, CalamineWorkbook

        try:
            book = CalamineWorkbook.from_path(str(path))
            sheet = book.get_sheet_by_index(0)
        except (CalamineError, ValueError, OSError) as error:
            raise ImportRefused(f"无法读取Excel工作簿：{error}；未导入任何数据。") from error
        try:
            # iter_rows starts at the sheet's first row (empty rows above the data come as
            # blanks) and at its first column with data: rows keep Excel's numbers
            yield enumerate((tuple(r) for r in sheet.iter_rows()), start=1)
        finally:
            book.close()
        return
    from openpyxl import load_workbook

    report.notes.append("工作簿较大，已逐行读取（较慢）。")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise ImportRefused(f"无法读取Excel工作簿：{error}；未导入任何数据。") from error
    try:
        yield enumerate(book.worksheets[0].iter_rows(values_only=True), start=1)
    finally:
        book.close()


def _xlsx_frames(path: Path, report: ImportReport) -> Iterator[pl.DataFrame]:
    with _xlsx_rows(path, report) as rows:
        head: list[tuple[int, tuple]] = []
        for numbered in rows:
            head.append(numbered)
            if len(head) >= HEADER_SEARCH_ROWS:
                break
        skip, headers = _header_row([list(r) for _n, r in head])
        headers = [h.strip() if h.strip() else f"__blank_{i}" for i, h in enumerate(headers)]
        plan, extra = _make_plan(headers, report)
        width = len(headers)
        used = [headers.index(p[0]) for p in plan] + [headers.index(e) for e in extra]
        names = [p[0] for p in plan] + extra

        def flush(buffers: list[list], numbers: list[int]) -> pl.DataFrame:
            data = {"row": numbers, **dict(zip(names, buffers, strict=True))}
            schema = {"row": pl.Int64, **dict.fromkeys(names, pl.String)}
            frame = pl.LazyFrame(data, schema=schema)
            return _parse(frame, plan, extra).collect()

        def all_rows() -> Iterator[tuple[int, tuple]]:
            yield from head[skip + 1 :]
            yield from rows

        buffers: list[list] = [[] for _ in used]
        numbers: list[int] = []
        for number, row in all_rows():
            cells = (row + (None,) * width)[:width] if len(row) < width else row
            numbers.append(number)
            for buffer, index in zip(buffers, used, strict=True):
                buffer.append(_cell(cells[index]))
            if len(numbers) >= XLSX_CHUNK:
                yield flush(buffers, numbers)
                buffers, numbers = [[] for _ in used], []
        yield flush(buffers, numbers)


def _problems(frame: pl.DataFrame, report: ImportReport) -> pl.DataFrame:
    """Rows with a value not understood become RowProblems and are dropped."""
    bad_columns = [c for c in frame.columns if c.startswith("__bad_")]
    if not bad_columns:
        return frame
    bad_any = pl.any_horizontal(pl.col(c).is_not_null() for c in bad_columns)
    room = MAX_PROBLEMS - len(report.problems)
    bad = frame.filter(bad_any).select(["row", *bad_columns])
    if bad.height == 0:
        return frame.drop(bad_columns)
    for record in bad.head(max(room, 0)).iter_rows(named=True):
        for name in bad_columns:
            raw = record[name]
            if raw is None:
                continue
            column = name.removeprefix("__bad_")
            if column in REQUIRED_HEADERS and raw == "":
                message = "必填项为空"
            elif column == "price":
                message = f"投标报价应为正数金额，无法识别“{raw}”"
            else:
                message = f"{_REASONS.get(_KIND_OF[column], '无法识别的值')}“{raw}”"
            report.problems.append(RowProblem(record["row"], _HEADER_OF[column], message))
    if bad.height > room:
        report.notes.append(f"另有{bad.height - max(room, 0)}行存在无法识别的值，未逐行列出。")
    return frame.filter(~bad_any).drop(bad_columns)


def read_template(path: str | Path) -> Dataset:
    """Read the Chinese template (CSV in UTF-8 / UTF-8-BOM / GB18030, or XLSX) into a Dataset.

    Refuses (``ImportRefused``, nothing imported) a file that is not CSV/XLSX by content, or one
    missing 项目编号, 投标人名称 or 投标报价. A row with a value not understood is skipped and
    reported (``report.problems``); identical rows are dropped and counted; an empty 标段(包)编号
    takes the 项目编号.
    """
    path = Path(path)
    kind, encoding = _sniff(path)
    report = ImportReport(source=str(path), format=f"template-{kind}")
    parts: list[pl.DataFrame] = []
    with tempfile.TemporaryDirectory(prefix="liandong-template-") as workdir:
        if kind == "xlsx":
            chunks = _xlsx_frames(path, report)
        else:
            chunks = _csv_frames(path, encoding, report, workdir)
        for chunk in chunks:
            report.rows_read += chunk.height
            parts.append(_problems(chunk, report))
    bids = pl.concat(parts, how="vertical") if parts else pl.DataFrame()
    bids = bids.with_columns(pl.lit(str(path)).alias("source"))
    content = [c for c in bids.columns if c not in ("row", "source")]
    first = first_of_equal(bids, content)
    report.duplicates = first.len() - first.sum()
    if report.duplicates:
        bids = bids.filter(first)
    if "lot_id" in bids.columns:
        bids = bids.with_columns(pl.coalesce("lot_id", "project_id").alias("lot_id"))
    else:
        bids = bids.with_columns(pl.col("project_id").alias("lot_id"))
        report.notes.append("未提供标段(包)编号，按项目编号作为标段。")
    order = ["row", "source"] + [c for _h, c, _t in COLUMNS if c in bids.columns]
    bids = bids.select(order + (["extra"] if "extra" in bids.columns else []))
    report.rows_kept = bids.height
    return Dataset(bids=bids, reports=[report])
