"""OCDS 1.1 import: release packages, record packages and JSON Lines of compiled releases,
flattened to the bid grain of ``Dataset.bids`` (one row per tenderer of each bid per lot).

Flattening (see also ``read_ocds``):

- ``project_id`` is the ocid; ``lot_id`` is each of the bid's ``relatedLots`` (ProZorro's
  singular ``relatedLot`` is read too), else the ocid. A bid for several lots gives a row per lot.
- A bid with several tenderers gives a row per tenderer (consortium members each bid).
  ``bidder_id`` is the tenderer's ``id``, else ``{identifier.scheme}-{identifier.id}`` (ProZorro
  leaves ``id`` out of bid tenderers; this matches the ids it gives suppliers and parties).
- ``price``/``currency`` from the bid's ``value``; ``bid_at`` from its ``date``; ``valid`` is
  True for status ``valid`` (ProZorro ``active``), False for ``disqualified`` (ProZorro
  ``unsuccessful``, ``invalid…``), null for anything else (pending, invited, withdrawn, none).
- ``awarded``: the tenderer (by id, else by name) is a supplier of an ``active`` award of the
  bid's lot (an award with no lot covers every lot); null when the release has no awards.
- ``classification``: the distinct item classification ids, joined by ``|``, of the active
  awards the row's tenderer won on the lot; for other rows those of the lot's tender items.
- Lots with no bids (and tenders with no bids at all) keep one row each, with the bidder
  fields, ``price``, ``valid`` and ``awarded`` null: R003/R018 still see the tender, and price
  screens never count such a row as a bid. When such a lot has active awards (a direct or
  limited procedure, or a publisher that leaves bids out), it gets instead a row per supplier
  with ``award_only`` true, ``awarded`` true, the award's classifications and no price or
  validity: R048 counts what a supplier was awarded, and no rule counts the row as a bid.
- ``buyer``/``buyer_id`` from ``buyer``; ``agency`` from ``tender.procuringEntity`` (OCDS's
  "entity managing the procurement", i.e. the 代理机构 when it is not the buyer); ``method``
  from ``tender.procurementMethod``; ``budget`` from the lot's ``value``, else ``tender.value``;
  ``tender_start``/``tender_end`` from ``tender.tenderPeriod``. Datetimes are kept in UTC
  (values without an offset are taken as UTC).
- ``extra`` holds the bid's id and raw status as JSON, so a flag can be traced to the bid.

JSON Lines are streamed line by line and buffered into polars in chunks (memory bounded by the
chunk, not the file); each line is taken as a compiled release (a line holding a release or
record package is compiled on its own). Packages and single documents are loaded whole.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import ocdsmerge
import polars as pl

from .model import REQUIRED, Dataset, ImportRefused, ImportReport, RowProblem

UTC = dt.UTC
DATETIME = pl.Datetime("us", "UTC")
SCHEMA: dict[str, pl.DataType] = {
    "row": pl.Int64(),
    "project_id": pl.Utf8(),
    "lot_id": pl.Utf8(),
    "project_name": pl.Utf8(),
    "method": pl.Utf8(),
    "buyer": pl.Utf8(),
    "buyer_id": pl.Utf8(),
    "agency": pl.Utf8(),
    "budget": pl.Float64(),
    "tender_start": DATETIME,
    "tender_end": DATETIME,
    "bidder_name": pl.Utf8(),
    "bidder_id": pl.Utf8(),
    "price": pl.Float64(),
    "currency": pl.Utf8(),
    "awarded": pl.Boolean(),
    "valid": pl.Boolean(),
    "bid_at": DATETIME,
    "classification": pl.Utf8(),
    "award_only": pl.Boolean(),
    "extra": pl.Utf8(),
}
COLUMNS = tuple(SCHEMA)
# The order of a buffered row (``_flatten``): bid id and status become ``extra`` at flush.
BUFFER = (
    "row",
    "project_id",
    "project_name",
    "method",
    "buyer",
    "buyer_id",
    "agency",
    "lot_id",
    "budget",
    "tender_start",
    "tender_end",
    "bidder_name",
    "bidder_id",
    "price",
    "currency",
    "awarded",
    "valid",
    "bid_at",
    "classification",
    "award_only",
    "bid_id",
    "status",
)
NO_BID = (None,) * (BUFFER.index("classification") - BUFFER.index("bidder_name"))
BUFFER_TYPES = {**SCHEMA, "bid_id": pl.Utf8(), "status": pl.Utf8()}
BUFFER_TYPES.update({name: pl.Int64() for name in ("tender_start", "tender_end", "bid_at")})
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
MICROSECOND = dt.timedelta(microseconds=1)
CHUNK_ROWS = 50_000  # rows buffered as tuples before they become a polars frame
# A JSON document (a whole file, or one line of JSON Lines) is parsed whole, taking five to ten
# times its size in memory: a larger one is refused (a line: skipped and reported), so that
# memory stays bounded however large the file. JSON Lines of any length are streamed.
MAX_DOCUMENT_BYTES = 256 * 2**20

VALID = frozenset({"valid", "active", "qualified"})
DISQUALIFIED = frozenset({"disqualified", "unsuccessful", "invalid", "invalid.pre-qualification"})

# OCDS 1.1 merge rules (release-schema ``omitWhenMerged``/``wholeListMerge``), written out so that
# compiling never fetches the schema. Tenderer and supplier lists are merged whole: ProZorro and
# others leave ``id`` out of them, and merging by a missing id would duplicate them per release.
MERGE_RULES: dict[tuple[str, ...], str] = {
    ("id",): "omitWhenMerged",
    ("date",): "omitWhenMerged",
    ("tag",): "omitWhenMerged",
    ("links",): "omitWhenMerged",
    ("parties", "additionalIdentifiers"): "wholeListMerge",
    ("parties", "roles"): "wholeListMerge",
    ("tender", "submissionMethod"): "wholeListMerge",
    ("tender", "additionalProcurementCategories"): "wholeListMerge",
    ("tender", "tenderers"): "wholeListMerge",
    ("tender", "items", "additionalClassifications"): "wholeListMerge",
    ("awards", "items", "additionalClassifications"): "wholeListMerge",
    ("awards", "suppliers"): "wholeListMerge",
    ("contracts", "items", "additionalClassifications"): "wholeListMerge",
    ("bids", "details", "tenderers"): "wholeListMerge",
}
_MERGER = ocdsmerge.Merger(merge_rules=MERGE_RULES)


def compile_releases(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """Compile the releases of one ocid with ocdsmerge (a single release is used as it is)."""
    if len(releases) == 1:
        return releases[0]
    return _MERGER.create_compiled_release(releases)


def read_ocds(path: str | Path) -> Dataset:
    """Read an OCDS 1.1 file into a ``Dataset``.

    Accepts a release package (``{"releases": [...]}``, releases of one ocid compiled), a record
    package (``{"records": [...]}``, the ``compiledRelease`` or else the record's releases
    compiled), a single release or record, a JSON array of releases, and JSON Lines (a compiled
    release, or a release/record package, per line). A release without ``ocid`` and a malformed
    line are reported as ``RowProblem`` and skipped; a file that is not JSON raises
    ``ImportRefused``, and so is a JSON document larger than ``MAX_DOCUMENT_BYTES`` (a line of
    JSON Lines that long is skipped and reported). ``ImportReport.rows_read``/``rows_kept``
    count releases (records), not bid rows; the number of bid rows is in the notes.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"无法读取文件：{error}") from error
    if size == 0:
        raise ImportRefused("文件为空，不是OCDS数据。")

    if _looks_like_jsonl(path):
        return _read_jsonl(path)
    if size > MAX_DOCUMENT_BYTES:
        raise ImportRefused(
            f"这是一个{_megabytes(size)}的JSON文档，超过单个文档{_megabytes(MAX_DOCUMENT_BYTES)}"
            "的上限（整个文档须一次读入内存）；请导出为JSON Lines（每行一个已编译release），"
            "未导入任何数据。"
        )
    try:
        with path.open("rb") as handle:
            document = json.load(handle)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError
        if _any_line_parses(path):
            return _read_jsonl(path)
        raise ImportRefused(f"文件不是有效的JSON：{error}") from error
    return _read_document(path, document)


# --- file shapes ---------------------------------------------------------------------------


def _lines(handle):
    """(number, line) of each line of a binary file; a line longer than ``MAX_DOCUMENT_BYTES``
    comes as (number, None), read past in pieces rather than held."""
    limit = MAX_DOCUMENT_BYTES
    number = 0
    while line := handle.readline(limit + 1):
        number += 1
        if len(line) <= limit:
            yield number, line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(2**20)
        yield number, None


def _first_lines(path: Path, limit: int):
    """The first ``limit`` non-blank lines (None for one too long to read)."""
    with path.open("rb") as handle:
        seen = 0
        for _number, line in _lines(handle):
            if line is None or line.strip():
                yield line
                seen += 1
                if seen >= limit:
                    return


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def _looks_like_jsonl(path: Path) -> bool:
    """The first non-blank line is a whole JSON object by itself."""
    for line in _first_lines(path, 1):
        try:
            return line is not None and isinstance(json.loads(line), dict)
        except ValueError:
            return False
    return False


def _any_line_parses(path: Path) -> bool:
    """A file whose first line is malformed may still be JSON Lines."""
    for line in _first_lines(path, 50):
        try:
            if line is not None and isinstance(json.loads(line), dict):
                return True
        except ValueError:
            continue
    return False


def _kind(document: dict) -> str:
    if isinstance(document.get("records"), list):
        return "record-package"
    if "compiledRelease" in document or "versionedRelease" in document:
        return "record"
    if isinstance(document.get("releases"), list):
        return "record" if "ocid" in document else "release-package"
    return "release"


def _read_document(path: Path, document: Any) -> Dataset:
    builder = _Builder(path)
    report = builder.report
    if isinstance(document, list):
        report.format = "ocds-release-package"
        report.notes.append("文件为release数组（非标准包），按发布包处理。")
        builder.add_releases(document, line=0, where="")
    elif isinstance(document, dict):
        kind = _kind(document)
        if kind == "record-package":
            report.format = "ocds-record-package"
            for index, record in enumerate(document["records"], 1):
                builder.add_record(record, line=0, where=f"records[{index - 1}]", number=index)
        elif kind == "record":
            report.format = "ocds-record-package"
            report.notes.append("文件为单个记录（record，非记录包）。")
            builder.add_record(document, line=0, where="", number=1)
        elif kind == "release-package":
            report.format = "ocds-release-package"
            builder.add_releases(document["releases"], line=0, where="releases")
        else:
            report.format = "ocds-release-package"
            report.notes.append("文件为单个release（非发布包）。")
            builder.add_releases([document], line=0, where="")
    else:
        raise ImportRefused("文件是JSON，但不是OCDS发布包、记录包或release。")
    report.notes.append("发布包和记录包整体读入内存；大数据量请使用JSON Lines（逐行读取）。")
    return builder.finish()


def _read_jsonl(path: Path) -> Dataset:
    builder = _Builder(path)
    builder.report.format = "ocds-jsonl"
    seen: set[str] = set()
    repeated = 0
    lines = 0
    package_kind = ""
    with path.open("rb") as handle:
        for number, line in _lines(handle):
            if line is None:
                lines += 1
                builder.problem(
                    number,
                    "",
                    f"本行超过{_megabytes(MAX_DOCUMENT_BYTES)}，未导入：每行应只有一个已编译release。",
                )
                continue
            if not line.strip():
                continue
            lines += 1
            try:
                document = json.loads(line)
            except ValueError as error:
                builder.problem(number, "", f"JSON格式错误，本行未导入：{error}")
                continue
            if not isinstance(document, dict):
                builder.problem(number, "", "本行不是JSON对象（release），未导入。")
                continue
            kind = _kind(document)
            if kind == "release":
                ocid = document.get("ocid")
                if isinstance(ocid, str) and ocid in seen:
                    repeated += 1
                elif isinstance(ocid, str):
                    seen.add(ocid)
                builder.add_release(document, line=number, number=number, where="")
            elif kind == "release-package":
                package_kind = "ocds-release-package"
                builder.add_releases(document["releases"], line=number, where="releases")
            elif kind == "record-package":
                package_kind = "ocds-record-package"
                for index, record in enumerate(document["records"], 1):
                    where = f"records[{index - 1}]"
                    builder.add_record(record, line=number, where=where, number=number)
            else:
                package_kind = "ocds-record-package"
                builder.add_record(document, line=number, where="", number=number)
    if lines == 1 and package_kind:
        builder.report.format = package_kind
    if repeated:
        builder.report.notes.append(
            f"{repeated}个release的ocid在前面的行中已出现：JSON Lines按已编译release逐行读取，"
            "同一ocid的多行未合并。"
        )
    return builder.finish()


# --- building the table --------------------------------------------------------------------


class _Builder:
    """Buffers rows column by column and turns them into polars frames in chunks."""

    def __init__(self, path: Path):
        self.source = str(path)
        self.report = ImportReport(source=self.source, format="")
        self.rows: list[tuple] = []
        self.frames: list[pl.DataFrame] = []
        self.bid_rows = 0
        self.placeholder_rows = 0
        self.award_rows = 0
        self.bids_without_tenderers = 0

    def problem(self, row: int, column: str, message: str) -> None:
        self.report.rows_read += 1
        self.report.problems.append(RowProblem(row, column, message))

    def add_record(self, record: Any, line: int, where: str, number: int) -> None:
        prefix = f"{where}." if where else ""
        if not isinstance(record, dict):
            self.problem(line, where or "record", "记录不是JSON对象，未导入。")
            return
        compiled = record.get("compiledRelease")
        if isinstance(compiled, dict):
            if "ocid" not in compiled and isinstance(record.get("ocid"), str):
                compiled = {**compiled, "ocid": record["ocid"]}
            self.add_release(compiled, line, number, f"{prefix}compiledRelease")
            return
        releases = [r for r in record.get("releases") or [] if isinstance(r, dict)]
        full = [r for r in releases if "ocid" in r or "tender" in r or "bids" in r]
        if not full:
            self.problem(
                line, f"{prefix}releases", "记录既无compiledRelease，也无完整release，无法编译。"
            )
            return
        ocid = record.get("ocid") or next((r["ocid"] for r in full if "ocid" in r), None)
        if not isinstance(ocid, str) or not ocid:
            self.problem(line, f"{prefix}ocid", "缺少ocid")
            return
        full = [r if r.get("ocid") == ocid else {**r, "ocid": ocid} for r in full]
        self.add_release(compile_releases(full), line, number, f"{prefix}releases")

    def add_releases(self, releases: Any, line: int, where: str) -> None:
        """Releases of one package: grouped by ocid (in order of first appearance), compiled."""
        if not isinstance(releases, list):
            self.problem(line, where or "releases", "releases不是数组，未导入。")
            return
        groups: dict[str, list[dict]] = {}
        first: dict[str, int] = {}
        for index, release in enumerate(releases, 1):
            path = f"{where}[{index - 1}]" if where else ""
            if not isinstance(release, dict):
                self.problem(line, path or "release", "release不是JSON对象，未导入。")
                continue
            ocid = release.get("ocid")
            if not isinstance(ocid, str) or not ocid:
                self.problem(line, f"{path}.ocid" if path else "ocid", "缺少ocid")
                continue
            groups.setdefault(ocid, []).append(release)
            first.setdefault(ocid, index)
        compiled = 0
        for ocid, group in groups.items():
            if len(group) > 1:
                compiled += 1
            # Compiled releases count once each; the others merged into them are read, too.
            self.report.rows_read += len(group) - 1
            self.report.rows_kept += len(group) - 1
            self.add_release(compile_releases(group), line, line or first[ocid], where)
        if compiled:
            self.report.notes.append(f"{compiled}个ocid有多个release，已用ocdsmerge编译。")

    def add_release(self, release: dict, line: int, number: int, where: str) -> None:
        self.report.rows_read += 1
        ocid = release.get("ocid")
        if not isinstance(ocid, str) or not ocid:
            self.report.problems.append(
                RowProblem(line, f"{where}.ocid" if where else "ocid", "缺少ocid")
            )
            return
        try:
            _flatten(release, ocid, number, self)
        except (TypeError, ValueError, AttributeError) as error:
            column = where or "release"
            self.report.problems.append(
                RowProblem(line, column, f"release结构无法识别，未导入：{error}")
            )
            return
        self.report.rows_kept += 1
        if len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        columns = zip(*self.rows, strict=True)
        frame = pl.DataFrame(
            [pl.Series(n, c, dtype=BUFFER_TYPES[n]) for n, c in zip(BUFFER, columns, strict=True)]
        )
        extra = pl.struct("bid_id", "status").struct.json_encode()
        times = [pl.col(n).cast(DATETIME) for n in ("tender_start", "tender_end", "bid_at")]
        frame = frame.with_columns(
            *times, pl.when(pl.col("bid_id").is_not_null()).then(extra).alias("extra")
        )
        self.frames.append(frame.select(COLUMNS))
        self.rows = []

    def finish(self) -> Dataset:
        self.flush()
        frame = pl.concat(self.frames, rechunk=True) if self.frames else pl.DataFrame(schema=SCHEMA)
        frame = frame.with_columns(pl.lit(self.source).alias("source"))
        keep = [
            name
            for name in ("row", "source", *COLUMNS[1:])
            if name in REQUIRED
            or name in ("row", "source", "lot_id", "valid", "awarded")
            or frame[name].null_count() < frame.height
        ]
        frame = frame.select(keep)
        report = self.report
        note = f"生成{frame.height}行（{self.bid_rows}行投标"
        if self.placeholder_rows:
            note += f"，{self.placeholder_rows}行为无投标的标段/招标，投标人与报价为空"
        if self.award_rows:
            note += f"，{self.award_rows}行为无投标而直接授予合同的供应商，无报价，不计为投标"
        report.notes.insert(0, note + "）。")
        if self.bids_without_tenderers:
            report.notes.append(
                f"{self.bids_without_tenderers}个投标缺少投标人（tenderers），投标人名称为空。"
            )
        return Dataset(bids=frame, reports=[report])


# --- one compiled release → rows -----------------------------------------------------------


def _obj(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _amount(value: Any) -> float | None:
    amount = _obj(value).get("amount")
    if isinstance(amount, (int, float)) and not isinstance(amount, bool):
        return float(amount)
    if isinstance(amount, str):
        try:
            return float(amount)
        except ValueError:
            return None
    return None


def _when(value: Any) -> int | None:
    """An ISO 8601 date-time as microseconds since the epoch, UTC (no offset: taken as UTC)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - EPOCH) // MICROSECOND


def _party_key(party: dict) -> tuple[str | None, str | None]:
    """(id, name) of an organization reference; the id built from ``identifier`` if absent."""
    pid = party.get("id")
    if pid is None:
        identifier = _obj(party.get("identifier"))
        if identifier.get("id") is not None:
            scheme = identifier.get("scheme")
            pid = f"{scheme}-{identifier['id']}" if scheme else str(identifier["id"])
    name = party.get("name") or _obj(party.get("identifier")).get("legalName")
    return (str(pid) if pid is not None else None, name if isinstance(name, str) else None)


def _lots_of(node: dict, plural: str, singular: str) -> list[str]:
    lots = [str(x) for x in _list(node.get(plural)) if x is not None]
    if not lots and node.get(singular) is not None:
        lots = [str(node[singular])]
    return lots


def _item_classes(items: Any) -> dict[str | None, set[str]]:
    """Classification ids of items by related lot (None: no lot)."""
    classes: dict[str | None, set[str]] = defaultdict(set)
    for item in _list(items):
        item = _obj(item)
        code = _obj(item.get("classification")).get("id")
        if code is None:
            continue
        lot = item.get("relatedLot")
        classes[str(lot) if lot is not None else None].add(str(code))
    return classes


def _flatten(release: dict, ocid: str, number: int, out: _Builder) -> None:
    """Append the rows of one compiled release to ``out.rows`` (tuples in ``BUFFER`` order)."""
    tender = _obj(release.get("tender"))
    buyer = _obj(release.get("buyer"))
    period = _obj(tender.get("tenderPeriod"))
    tender_budget = _amount(tender.get("value"))
    lot_budget: dict[str, float | None] = {}
    lot_ids: list[str] = []
    for lot in _list(tender.get("lots")):
        if isinstance(lot, dict) and lot.get("id") is not None:
            lot_ids.append(str(lot["id"]))
            lot_budget[str(lot["id"])] = _amount(lot.get("value"))
    head = (
        number,
        ocid,
        tender.get("title"),
        tender.get("procurementMethod"),
        buyer.get("name"),
        buyer.get("id"),
        _obj(tender.get("procuringEntity")).get("name"),
    )
    times = (_when(period.get("startDate")), _when(period.get("endDate")))
    tender_classes = _item_classes(tender.get("items"))

    # Active awards: who won which lot (None: no lot given, so every lot), with the items' codes.
    awards = release.get("awards")
    has_awards = isinstance(awards, list)
    winners: dict[str | None, dict[str, set[str]]] = {}
    # the same, one entry per supplier (by id, else name), for the lots that have no bids
    suppliers: dict[str | None, dict[str, tuple[str | None, str | None, set[str]]]] = {}
    for award in _list(awards):
        if not isinstance(award, dict) or award.get("status") != "active":
            continue
        codes = set().union(*_item_classes(award.get("items")).values())
        for lot in _lots_of(award, "relatedLots", "lotID") or [None]:
            table = winners.setdefault(lot, {})
            for supplier in _list(award.get("suppliers")):
                party = _party_key(_obj(supplier))
                for key in party:
                    if key is not None:
                        table.setdefault(key, set()).update(codes)
                key = party[0] or party[1]
                if key is not None:
                    known = suppliers.setdefault(lot, {}).setdefault(key, (*party, set()))
                    known[2].update(codes)

    rows = out.rows
    lots_with_bids: set[str] = set()
    lot_codes: dict[str, str | None] = {}
    for bid in _list(_obj(release.get("bids")).get("details")):
        bid = _obj(bid)
        value = _obj(bid.get("value"))
        price = _amount(value)
        currency = value.get("currency")
        status = bid.get("status")
        if status in VALID:
            is_valid = True
        elif status in DISQUALIFIED or (isinstance(status, str) and status.startswith("invalid")):
            is_valid = False
        else:
            is_valid = None
        when = _when(bid.get("date"))
        bid_id = bid.get("id")
        tenderers = [_party_key(_obj(t)) for t in _list(bid.get("tenderers"))]
        if not tenderers:
            out.bids_without_tenderers += 1
            tenderers = [(None, None)]
        for lot in _lots_of(bid, "relatedLots", "relatedLot") or [ocid]:
            lots_with_bids.add(lot)
            budget = lot_budget.get(lot)
            for tenderer_id, name in tenderers:
                won: bool | None = False if has_awards else None
                codes = None
                for table in (winners.get(lot), winners.get(None)):
                    if table:
                        found = table.get(tenderer_id) if tenderer_id is not None else None
                        if found is None and name is not None:
                            found = table.get(name)
                        if found is not None:
                            won, codes = True, "|".join(sorted(found)) or None
                            break
                if not won:
                    codes = lot_codes.get(lot, "")
                    if codes == "":
                        codes = lot_codes[lot] = _lot_classes(tender_classes, lot)
                rows.append(
                    (
                        *head,
                        lot,
                        budget if budget is not None else tender_budget,
                        *times,
                        name,
                        tenderer_id,
                        price,
                        currency,
                        won,
                        is_valid,
                        when,
                        codes,
                        None,
                        str(bid_id) if bid_id is not None else None,
                        str(status) if status is not None else None,
                    )
                )
                out.bid_rows += 1

    if ocid in lots_with_bids:  # bids without lots: the tender's lots are not told apart
        return
    for lot in lot_ids or [ocid]:
        if lot in lots_with_bids:
            continue
        budget = lot_budget.get(lot)
        if budget is None:
            budget = tender_budget
        # awarded without bids (a direct or limited procedure, or bids not published): a row per
        # supplier, with no price and no validity, that R048 counts and no bid rule does
        won = {**suppliers.get(None, {}), **suppliers.get(lot, {})}
        for supplier_id, name, codes in won.values():
            classes = "|".join(sorted(codes)) or _lot_classes(tender_classes, lot)
            row = (name, supplier_id, None, None, True, None, None, classes, True, None, None)
            rows.append((*head, lot, budget, *times, *row))
            out.award_rows += 1
        if not won:
            row = (*NO_BID, _lot_classes(tender_classes, lot), None, None, None)
            rows.append((*head, lot, budget, *times, *row))
            out.placeholder_rows += 1


def _lot_classes(classes: dict[str | None, set[str]], lot: str) -> str | None:
    codes = classes.get(lot) or set().union(*classes.values())
    return "|".join(sorted(codes)) or None
