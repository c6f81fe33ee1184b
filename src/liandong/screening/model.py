"""The normalised model every importer produces and every rule reads. Plain Python + polars.

One table, ``Dataset.bids``: one row per bidder per lot (the Chinese template's grain; OCDS bids
are flattened to it). Columns (all optional except the three marked *required*; an importer
leaves a column out when its source has no such data, and a rule needing it is skipped with a
note):

    row            Int64   the source row or line (1-based, header = row 1 for CSV/XLSX)
    source         Utf8    the file the row came from
    project_id     Utf8    *required* 项目编号 / OCDS ocid
    lot_id         Utf8    标段(包)编号 (defaults to project_id); a lot is (project_id, lot_id)
    project_name, method, buyer, agency, buyer_id                       Utf8
    budget, ceiling                                                     Float64 (yuan)
    opened_at, tender_start, tender_end                                 Datetime
    bidder_name    Utf8    *required* 投标人名称
    bidder_id      Utf8    统一社会信用代码 (or the OCDS party identifier)
    legal_rep, agent, contact, phone, email, manager, manager_id_hash   Utf8
    price          Float64 *required* 投标报价 in yuan (万元 and commas converted on import)
    currency       Utf8    (OCDS; a data set in several currencies is refused for price screens)
    score          Float64;  rank Int64;  awarded Boolean;  valid Boolean (有效)
    bid_at         Datetime  (OCDS bid date; late bids)
    deposit_form, deposit_account_name, deposit_account_hash, deposit_bank   Utf8
    deposit_at     Datetime
    machine_code, file_id_code, mac, cpu, hdd, board, pricing_lock, ca_serial   Utf8
    upload_ip, decrypt_ip                                               Utf8
    upload_at      Datetime;  onsite_upload Boolean
    author, last_modifier, doc_company, software                        Utf8
    doc_created_at, doc_modified_at                                     Datetime
    similarity     Float64 (平台雷同度, percent)
    classification Utf8    (OCDS item classification of the award, for R048)
    award_only     Boolean (OCDS) true for an award's supplier in a lot without bids: not a bid
    platform, exported_at                                               Utf8 / Datetime
    extra          Utf8    JSON of the columns the template does not know (kept, not screened)
"""

import datetime as dt
import threading
import weakref
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

import polars as pl

T = TypeVar("T")

REQUIRED = ("project_id", "bidder_name", "price")
LOT = ("project_id", "lot_id")  # a lot's key


def narrow(bids: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
    """``bids`` with only those of ``columns`` it has (no copy): a rule filters, sorts and joins
    the few columns it reads, not the fifty a template brings."""
    wanted = set(columns)
    return bids.select([c for c in bids.columns if c in wanted])


_derived: dict = {"source": None, "values": {}}
_derived_lock = threading.RLock()  # a derived table may read another


def derived(source: pl.DataFrame, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, computed once for all the rules of a run that read it (the lot statistics of
    the four price screens, the bid rows of the OCDS indicators …). Kept for the last data set
    only, and only while its bids live (a weak reference to ``source``)."""
    with _derived_lock:
        held = _derived["source"]
        if held is None or held() is not source:
            _derived["source"], _derived["values"] = weakref.ref(source), {}
        values = _derived["values"]
        if key not in values:
            values[key] = make()
        return values[key]


def first_of_equal(frame: pl.DataFrame, columns: list[str]) -> pl.Series:
    """A mask over ``frame``'s rows: false for a row equal in ``columns`` to an earlier row.

    Rows are hashed first and only those whose hash repeats (the repeats and, rarely, a
    collision) are compared in full: a million wide rows cost a hash each, not the full row
    encoding a distinctness test over every row would need (three seconds and a gigabyte)."""
    hashes = frame.select(pl.struct(columns).hash()).to_series()
    suspects = hashes.is_duplicated().arg_true()
    if suspects.len() == 0:
        return pl.repeat(True, frame.height, eager=True)
    candidates = frame[suspects].select(columns)
    later = candidates.select(~pl.struct(columns).is_first_distinct()).to_series()
    repeats = suspects.filter(later).cast(pl.Int64)
    return pl.select(~pl.int_range(frame.height).is_in(repeats.implode())).to_series()


class Severity:
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    LABELS = {"high": "高", "medium": "中", "low": "低"}


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row or line that was not read, or a value that was not understood: its number, the
    column (Chinese header or JSON path) and why, in Chinese."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        return f"{where}{'“' + self.column + '”' if self.column else ''}：{self.message}"


@dataclass
class ImportReport:
    """What an import read, skipped and why."""

    source: str
    # "template-csv", "template-xlsx", "ocds-release-package", "ocds-record-package", "ocds-jsonl"
    format: str
    rows_read: int = 0
    rows_kept: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: int = 0  # identical rows dropped
    missing_optional: list[str] = field(default_factory=list)  # template columns absent
    extra_columns: list[str] = field(default_factory=list)  # kept in ``extra``
    notes: list[str] = field(default_factory=list)

    @property
    def rows_skipped(self) -> int:
        return self.rows_read - self.rows_kept - self.duplicates

    def summary(self) -> str:
        parts = [f"读取{self.rows_read}行，导入{self.rows_kept}行"]
        if self.duplicates:
            parts.append(f"重复行{self.duplicates}行已去除")
        if self.rows_skipped:
            parts.append(f"跳过{self.rows_skipped}行（原因见逐行说明）")
        if self.missing_optional:
            parts.append("缺少可选列：" + "、".join(self.missing_optional))
        return "；".join(parts) + "。"


class ImportRefused(ValueError):
    """The file cannot be imported at all (not CSV/XLSX/JSON, required columns missing, …);
    nothing was imported. The message says why, in Chinese."""


@dataclass
class Dataset:
    bids: pl.DataFrame
    reports: list[ImportReport] = field(default_factory=list)

    def has(self, *columns: str) -> bool:
        """Whether the data set has these columns with at least one value each."""
        frame = self.bids
        return all(c in frame.columns and frame[c].null_count() < frame.height for c in columns)

    @property
    def lots(self) -> int:
        return self.bids.select(pl.struct(list(LOT)).n_unique()).item() if self.bids.height else 0


@dataclass(frozen=True, slots=True)
class Flag:
    """One clue: which rule, on which lot (or bidder / buyer for OCDS group indicators), which
    bidders and source rows matched on which fields, the value against the threshold, and what
    would explain it innocently — all in Chinese, worded as a clue, never a finding."""

    rule: str  # "S1" … "S9", "P-CV", "P-RD" …, "R003" …
    severity: str  # Severity.*
    title: str  # the rule's title
    basis: str  # the legal basis or the indicator's definition
    project_id: str = ""
    lot_id: str = ""
    bidders: tuple[str, ...] = ()
    rows: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()  # the matched columns (model names)
    matched: str = ""  # the shared value(s), e.g. the machine code
    value: float | None = None
    threshold: float | None = None
    explanation: str = ""
    innocent: tuple[str, ...] = ()  # innocent explanations to rule out
    group: str = ""  # OCDS indicators: "OCID", "Buyer", "ProcuringEntity", "Tenderer"
    identifier: str = ""  # OCDS indicators: the group's identifier


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as data: what it is, why, how severe, its thresholds, the columns it needs."""

    id: str
    title: str
    basis: str
    severity: str
    needs: tuple[tuple[str, ...], ...]  # alternatives: the rule runs if any tuple is all present
    thresholds: dict = field(default_factory=dict)
    innocent: tuple[str, ...] = ()


@dataclass
class Result:
    flags: list[Flag]
    skipped: dict[str, str]  # rule id → why it did not run (e.g. the columns missing)
    indicators: dict = field(default_factory=dict)  # OCDS output: group → identifier → code → value
    fences: dict = field(default_factory=dict)  # OCDS: code → {q1, q3, lower, upper}
    started: dt.datetime | None = None
    seconds: float = 0.0
