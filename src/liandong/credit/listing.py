"""The government-procurement serious-violation list and the procurement ban (RULES.md §5).
Plain Python: no Django.

政府采购严重违法失信行为记录名单 (财办库〔2014〕526号): a subject is listed while, within three
years of a decision, it has a fine of 3万元 or more, or while a ban from government procurement it
received is still in force. A fine keeps it listed for three years from the decision (the
"generally three years" of publication); a ban keeps it listed until the ban ends, when it is
removed.

A supplier is refused in government procurement (财库〔2016〕125号) while it is banned, while it is
on that list, or while it is on the 失信被执行人 or 重大税收违法案件当事人 lists (``ListEntry``).

Dates are inclusive: ``ban_end`` and every ``until`` are the last day the ban or listing holds.
"""

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from liandong.credit.periods import add_months

LISTING_FINE = Decimal(30_000)  # 元: 较大数额罚款
LISTING_YEARS = 3

LISTING_TITLE = (
    "《财政部办公厅关于报送政府采购严重违法失信行为信息记录的通知》（财办库〔2014〕526号）"
)
LISTING_BASIS = (
    f"{LISTING_TITLE}：三年内受到三万元以上罚款，或者禁止参加政府采购活动期限未满的，"
    "列入政府采购严重违法失信行为记录名单；记录名单一般公布三年，处罚期限届满的，予以移出"
)
REFUSAL_TITLE = (
    "《财政部关于在政府采购活动中查询及使用信用记录有关问题的通知》（财库〔2016〕125号）"
)
REFUSAL_BASIS = (
    f"{REFUSAL_TITLE}：对列入失信被执行人、重大税收违法案件当事人名单、政府采购严重违法失信行为"
    "记录名单的供应商，拒绝其参与政府采购活动"
)
BAN_BASIS = (
    "《中华人民共和国政府采购法》第七十七条、第七十八条，《中华人民共和国政府采购法实施条例》"
    "第七十三条：在一至三年内禁止参加政府采购活动"
)


class PenaltyKind(enum.StrEnum):
    """What a penalty record is; only administrative penalties count towards the list here."""

    ADMINISTRATIVE_PENALTY = "administrative_penalty"  # 行政处罚决定（罚款、禁止参加政府采购活动）
    WARNING = "warning"  # 警告 alone: never lists

    @property
    def label(self) -> str:
        return {"administrative_penalty": "行政处罚", "warning": "警告"}[self.value]


@dataclass(frozen=True, slots=True)
class Penalty:
    """One penalty decision against the subject under the government-procurement laws."""

    decided_on: dt.date
    fine: Decimal = Decimal(0)  # 元
    ban_start: dt.date | None = None  # 禁止参加政府采购活动: first day
    ban_end: dt.date | None = None  # last day (inclusive)
    kind: PenaltyKind = PenaltyKind.ADMINISTRATIVE_PENALTY
    document_number: str = ""  # 行政处罚决定书文号
    authority: str = ""  # 处罚机关

    def __post_init__(self) -> None:
        object.__setattr__(self, "fine", Decimal(self.fine))
        if self.fine < 0:
            raise ValueError("罚款金额不能为负数")
        if (self.ban_start is None) != (self.ban_end is None):
            raise ValueError("禁止参加政府采购活动须同时载明起止日期")
        if self.ban_start and self.ban_end and self.ban_end < self.ban_start:
            raise ValueError("禁止参加政府采购活动的截止日期早于起始日期")

    @property
    def name(self) -> str:
        """How the explanation names it: the document number, else the decision date."""
        if self.document_number:
            return f"{self.authority}{self.document_number}（{self.decided_on.isoformat()}）"
        return f"{self.authority}{self.decided_on.isoformat()}作出的处罚决定"

    def banned_on(self, day: dt.date) -> bool:
        return (
            self.ban_start is not None
            and self.ban_end is not None
            and self.ban_start <= day <= self.ban_end
        )


class ListKind(enum.StrEnum):
    """Lists whose subjects are refused in procurement (财库〔2016〕125号)."""

    JUDGMENT_DEFAULTER = "judgment_defaulter"
    MAJOR_TAX_VIOLATION = "major_tax_violation"
    SERIOUS_VIOLATION = "serious_violation"  # the list kept by another finance department

    @property
    def label(self) -> str:
        return _LIST_LABELS[self]


_LIST_LABELS = {
    ListKind.JUDGMENT_DEFAULTER: "失信被执行人名单",
    ListKind.MAJOR_TAX_VIOLATION: "重大税收违法失信主体（重大税收违法案件当事人）名单",
    ListKind.SERIOUS_VIOLATION: "政府采购严重违法失信行为记录名单",
}


@dataclass(frozen=True, slots=True)
class ListEntry:
    """The subject on an external list, e.g. imported from 信用中国."""

    kind: ListKind
    listed_on: dt.date
    removed_after: dt.date | None = None  # last day on the list; None: no end stated
    source: str = ""  # where the entry came from

    def holds_on(self, day: dt.date) -> bool:
        return self.listed_on <= day and (self.removed_after is None or day <= self.removed_after)


@dataclass(frozen=True, slots=True)
class Reason:
    """One thing that lists or bars the subject on the day asked about."""

    penalty: Penalty | None
    entry: ListEntry | None
    until: dt.date | None  # None: no end stated
    text: str  # Chinese: which penalty or entry, which threshold, which text


@dataclass(frozen=True, slots=True)
class Listing:
    """Whether the subject is on the serious-violation list on ``day``."""

    day: dt.date
    listed: bool
    until: dt.date | None  # the last day of the listing, as the known penalties stand
    reasons: tuple[Reason, ...]
    explanation: str


@dataclass(frozen=True, slots=True)
class Bar:
    """Whether the subject may not take part in government procurement on ``day``."""

    day: dt.date
    barred: bool
    until: dt.date | None  # last day barred; None while barred means an entry without end
    reasons: tuple[Reason, ...]
    explanation: str


def _yuan(fine: Decimal) -> str:
    return f"{fine.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}元"


def _listing_reasons(penalties: Iterable[Penalty], day: dt.date) -> list[Reason]:
    reasons = []
    for penalty in sorted(penalties, key=lambda p: p.decided_on):
        if penalty.kind is not PenaltyKind.ADMINISTRATIVE_PENALTY or penalty.decided_on > day:
            continue
        window_end = add_months(penalty.decided_on, 12 * LISTING_YEARS)
        if penalty.fine >= LISTING_FINE and day <= window_end:
            reasons.append(
                Reason(
                    penalty,
                    None,
                    window_end,
                    f"{penalty.name}罚款{_yuan(penalty.fine)}，"
                    f"达到三万元以上的标准，自处罚决定之日起{LISTING_YEARS}年内列入，"
                    f"至{window_end.isoformat()}止",
                )
            )
        if penalty.banned_on(day):
            assert penalty.ban_start and penalty.ban_end
            reasons.append(
                Reason(
                    penalty,
                    None,
                    penalty.ban_end,
                    f"{penalty.name}禁止参加政府采购活动"
                    f"{penalty.ban_start.isoformat()}至{penalty.ban_end.isoformat()}，期限未满，"
                    f"期满移出",
                )
            )
    return reasons


def _latest(reasons: Iterable[Reason]) -> dt.date | None:
    ends = [r.until for r in reasons]
    if not ends or None in ends:
        return None
    return max(e for e in ends if e is not None)


def listing(penalties: Iterable[Penalty], day: dt.date) -> Listing:
    """Is the subject on the 政府采购严重违法失信行为记录名单 on ``day`` (财办库〔2014〕526号)?"""
    reasons = _listing_reasons(penalties, day)
    if not reasons:
        return Listing(
            day,
            False,
            None,
            (),
            f"{day.isoformat()}不在政府采购严重违法失信行为记录名单内：三年内没有三万元以上罚款，"
            f"也没有未满期限的禁止参加政府采购活动。依据{LISTING_BASIS}。",
        )
    until = _latest(reasons)
    text = "；".join(r.text for r in reasons)
    return Listing(
        day,
        True,
        until,
        tuple(reasons),
        f"{day.isoformat()}列入政府采购严重违法失信行为记录名单，至{until}止：{text}。"
        f"依据{LISTING_BASIS}。",
    )


def barred_on(penalties: Iterable[Penalty], day: dt.date, entries: Iterable[ListEntry] = ()) -> Bar:
    """Is the subject barred from government procurement on ``day``, why, and until when?

    Barred by a ban in force (政府采购法 第七十七条 etc.), by the serious-violation list
    (``listing``), or by an entry of a list named in 财库〔2016〕125号."""
    penalties = list(penalties)
    reasons: list[Reason] = []
    for penalty in sorted(penalties, key=lambda p: p.decided_on):
        if penalty.banned_on(day):
            assert penalty.ban_start and penalty.ban_end
            reasons.append(
                Reason(
                    penalty,
                    None,
                    penalty.ban_end,
                    f"{penalty.name}禁止参加政府采购活动，期限{penalty.ban_start.isoformat()}至"
                    f"{penalty.ban_end.isoformat()}（{BAN_BASIS}）",
                )
            )
    listed = listing(penalties, day)
    if listed.listed:
        reasons.append(
            Reason(
                None,
                None,
                listed.until,
                f"列入政府采购严重违法失信行为记录名单至{listed.until}止（{LISTING_TITLE}）",
            )
        )
    for entry in sorted(entries, key=lambda e: e.listed_on):
        if entry.holds_on(day):
            end = entry.removed_after.isoformat() if entry.removed_after else "未载明截止日期"
            source = f"，来源：{entry.source}" if entry.source else ""
            reasons.append(
                Reason(
                    None,
                    entry,
                    entry.removed_after,
                    f"列入{entry.kind.label}（{entry.listed_on.isoformat()}起，{end}{source}）",
                )
            )
    if not reasons:
        return Bar(
            day,
            False,
            None,
            (),
            f"{day.isoformat()}未被禁止参加政府采购活动：没有期限内的禁止参加政府采购活动处罚，"
            f"不在政府采购严重违法失信行为记录名单内，也未列入{REFUSAL_TITLE}所列名单。",
        )
    until = _latest(reasons)
    until_text = f"至{until.isoformat()}止" if until else "截止日期未载明"
    why = "；".join(r.text for r in reasons)
    return Bar(
        day,
        True,
        until,
        tuple(reasons),
        f"{day.isoformat()}不得参加政府采购活动，{until_text}：{why}。依据{REFUSAL_BASIS}。",
    )
