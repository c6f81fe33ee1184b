"""Publication periods of administrative penalty information (RULES.md §6). Plain Python: no Django.

The figures are data, not code: ``VERSIONS`` is a tuple of dated versions, and the version in force
on the decision date decides (a penalty decided on 2026-03-31 keeps the 2023 periods). An
administrator-editable table can replace ``VERSIONS`` later; every function takes ``versions``.

Counting (民法典 第二百零一条、第二百零二条; RULES.md §10): the decision day is not counted; a
period of months or years ends on the corresponding day of its last month (the month's last day
when there is none). ``end`` is the last day the record is shown; it does not move off rest
days, since 第二百零三条 extends the time for doing an act, and stopping publication is no act of
the subject.
"""

import calendar
import datetime as dt
import enum
from collections.abc import Sequence
from dataclasses import dataclass

_DAY = dt.timedelta(days=1)


class Severity(enum.StrEnum):
    """失信行为的严重程度, as the 2026 rules grade administrative penalty information."""

    MINOR = "minor"
    GENERAL = "general"
    SERIOUS = "serious"

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {
    Severity.MINOR: "轻微失信行为",
    Severity.GENERAL: "一般失信行为",
    Severity.SERIOUS: "严重失信行为",
}


@dataclass(frozen=True, slots=True)
class Term:
    """How long information of one severity is published, in months."""

    min_months: int  # repair may be requested once this has run (0: at any time)
    max_months: int  # publication stops automatically when this has run
    published: bool = True  # False: normally not published at all

    def __post_init__(self) -> None:
        if not 0 <= self.min_months <= self.max_months:
            raise ValueError("公示期的最短期限不得长于最长期限")


@dataclass(frozen=True, slots=True)
class PeriodRule:
    """One version of the publication periods, in force from ``since``."""

    since: dt.date
    title: str  # the instrument, as cited
    basis: str  # what it says about the periods, in Chinese
    terms: tuple[tuple[Severity, Term], ...]

    def term(self, severity: Severity) -> Term:
        return dict(self.terms)[Severity(severity)]


_DECREE_58 = "《失信行为纠正后的信用信息修复管理办法（试行）》（国家发展和改革委员会令第58号）"
_REPAIR_2026 = "《信用修复管理办法》"

VERSIONS: tuple[PeriodRule, ...] = (
    PeriodRule(
        since=dt.date(2023, 5, 1),
        title=_DECREE_58,
        basis=(
            f"{_DECREE_58}：行政处罚信息最短公示期为三个月，最长公示期为三年；"
            "最短公示期届满后可以申请信用修复，最长公示期届满的，自动停止公示"
        ),
        terms=tuple((severity, Term(3, 36)) for severity in Severity),
    ),
    PeriodRule(
        since=dt.date(2026, 4, 1),
        title=_REPAIR_2026,
        basis=(
            f"{_REPAIR_2026}（自2026年4月1日起施行）：涉及轻微失信行为的行政处罚信息原则上不予公示，确需公示的最长三个月；"
            "涉及一般失信行为的，公示期为三个月至一年；涉及严重失信行为的，公示期为一年至三年；"
            "最短公示期届满后可以申请信用修复，最长公示期届满的，自动停止公示"
        ),
        terms=(
            (Severity.MINOR, Term(0, 3, published=False)),
            (Severity.GENERAL, Term(3, 12)),
            (Severity.SERIOUS, Term(12, 36)),
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Publication:
    """When one penalty's information is shown, and why."""

    start: dt.date  # the decision date: the period runs from it
    earliest_repair: dt.date | None  # first day a repair may be requested; None: not before end
    end: dt.date  # the last day it is shown; publication stops automatically after it
    basis: str
    explanation: str
    published: bool = True  # False for 轻微: normally not published; ``end`` caps an exception
    rule: PeriodRule | None = None


def add_months(day: dt.date, months: int) -> dt.date:
    """The last day of a period of ``months`` months starting after ``day`` (民法典 第二百零二条):
    the corresponding day of the final month, or that month's last day when it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def rule_for(decision_date: dt.date, versions: Sequence[PeriodRule] = VERSIONS) -> PeriodRule:
    """The version in force on ``decision_date`` (the latest whose ``since`` is not after it)."""
    found = None
    for rule in sorted(versions, key=lambda r: r.since):
        if rule.since <= decision_date:
            found = rule
    if found is None:
        first = min((r.since for r in versions), default=None)
        raise LookupError(
            f"处罚决定日期{decision_date.isoformat()}没有适用的公示期规则"
            + (f"（最早的规则自{first.isoformat()}起施行）" if first else "")
        )
    return found


def _span(months: int) -> str:
    if months and months % 12 == 0:
        return f"{months // 12}年"
    return f"{months}个月"


def publication(
    decision_date: dt.date,
    severity: Severity | str,
    ban_end: dt.date | None = None,
    versions: Sequence[PeriodRule] = VERSIONS,
) -> Publication:
    """The publication period of a penalty decided on ``decision_date``.

    ``ban_end`` is the last day of a ban (e.g. 禁止参加政府采购活动) the decision imposed: repair
    presupposes that the penalty has been carried out, so it cannot be requested while the ban
    runs. The record still stops at the maximum; a ban that outlasts it is reported by the
    supplier check (``listing.barred_on``), not by publication."""
    severity = Severity(severity)
    try:
        rule, earlier = rule_for(decision_date, versions), False
    except LookupError:
        if not versions:
            raise
        # a penalty decided before the first version entered is still a record to keep (it may
        # list the supplier for three years): counted by the earliest version, and said so
        rule, earlier = min(versions, key=lambda r: r.since), True
    term = rule.term(severity)
    end = add_months(decision_date, term.max_months)
    repair = add_months(decision_date, term.min_months) + _DAY if term.min_months else decision_date
    parts = [
        f"处罚决定日期{decision_date.isoformat()}，适用{rule.title}（自{rule.since.isoformat()}起施行）",
    ]
    if earlier:
        parts[0] = (
            f"处罚决定日期{decision_date.isoformat()}早于已录入的公示期规则（最早的{rule.title}"
            f"自{rule.since.isoformat()}起施行），暂按该规则计算；请管理员在“公示期规则”中录入当时"
            "施行的规定（如发改办财金〔2019〕527号），再修改本记录即按当时的规定重新计算"
        )
    if rule.terms and len({t for _, t in rule.terms}) > 1:
        parts.append(f"按{severity.label}确定公示期")
    if term.published:
        parts.append(
            f"公示期{_span(term.min_months)}至{_span(term.max_months)}，"
            f"自{decision_date.isoformat()}起公示，至{end.isoformat()}止自动停止公示"
        )
    else:
        parts.append(f"原则上不予公示；确需公示的，最长至{end.isoformat()}止")
    if ban_end is not None and ban_end >= repair:
        repair = ban_end + _DAY
        parts.append(f"禁止期限至{ban_end.isoformat()}届满，届满前不得申请信用修复")
    earliest: dt.date | None = repair
    if repair > end:
        earliest = None
        parts.append("最长公示期届满前不能申请信用修复")
    elif term.min_months:
        parts.append(f"自{repair.isoformat()}起可以申请信用修复")
    return Publication(
        start=decision_date,
        earliest_repair=earliest,
        end=end,
        basis=rule.basis,
        explanation="；".join(parts) + "。",
        published=term.published,
        rule=rule,
    )
