"""Reporting periods: a quarter, a half-year, a year, or any span of days. Plain Python.

A period is whole days in China's time zone, both ends included. It may not start after
today; one that ends after today (the current quarter) is counted up to now."""

import contextlib
import datetime as dt
import enum
from dataclasses import dataclass

_DAY = dt.timedelta(days=1)


class Span(enum.StrEnum):
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    CUSTOM = "custom"


class BadPeriod(ValueError):
    """The period asked for is impossible; the message says why, in Chinese, naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    span: Span = Span.CUSTOM
    index: int = 0  # the quarter (1–4) or half (1–2)

    @property
    def label(self) -> str:
        year = self.start.year
        if self.span is Span.QUARTER:
            return f"{year}年第{'一二三四'[self.index - 1]}季度"
        if self.span is Span.HALF:
            return f"{year}年{'上下'[self.index - 1]}半年"
        if self.span is Span.YEAR:
            return f"{year}年"
        return f"{self.start.isoformat()}至{self.end.isoformat()}"

    @property
    def key(self) -> str:
        """How the period is named in a URL or a report: 2026-Q3, 2026-H1, 2026, or a span."""
        if self.span is Span.QUARTER:
            return f"{self.start.year}-Q{self.index}"
        if self.span is Span.HALF:
            return f"{self.start.year}-H{self.index}"
        if self.span is Span.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        return months


def _checked(period: Period, today: dt.date) -> Period:
    if period.end < period.start:
        raise BadPeriod("end", "统计期间的结束日期早于开始日期")
    if period.start > today:
        raise BadPeriod("start", f"统计期间从{period.start.isoformat()}开始，尚未到来")
    return period


def quarter(year: int, index: int, today: dt.date) -> Period:
    if not 1 <= index <= 4:
        raise BadPeriod("index", "季度应为1至4")
    start = dt.date(year, 3 * index - 2, 1)
    end = (dt.date(year + (index == 4), (3 * index) % 12 + 1, 1)) - _DAY
    return _checked(Period(start, end, Span.QUARTER, index), today)


def half(year: int, index: int, today: dt.date) -> Period:
    if index not in (1, 2):
        raise BadPeriod("index", "半年应为1（上半年）或2（下半年）")
    start = dt.date(year, 1 if index == 1 else 7, 1)
    end = dt.date(year, 6, 30) if index == 1 else dt.date(year, 12, 31)
    return _checked(Period(start, end, Span.HALF, index), today)


def year(number: int, today: dt.date) -> Period:
    return _checked(Period(dt.date(number, 1, 1), dt.date(number, 12, 31), Span.YEAR), today)


def days(start: dt.date, end: dt.date, today: dt.date) -> Period:
    return _checked(Period(start, end), today)


def parse(key: str, today: dt.date) -> Period:
    """A period from its key (``Period.key``): 2026-Q3, 2026-H1, 2026 or 2026-01-01..2026-03-31."""
    text = (key or "").strip()
    try:
        if ".." in text:
            first, last = text.split("..", 1)
            return days(dt.date.fromisoformat(first), dt.date.fromisoformat(last), today)
        if "-Q" in text:
            number, index = text.split("-Q", 1)
            return quarter(int(number), int(index), today)
        if "-H" in text:
            number, index = text.split("-H", 1)
            return half(int(number), int(index), today)
        return year(int(text), today)
    except ValueError as error:
        if isinstance(error, BadPeriod):
            raise
        raise BadPeriod(
            "period", f"无法识别的统计期间“{text}”（如2026-Q3、2026-H1、2026）"
        ) from error


def current_quarter(today: dt.date) -> Period:
    return quarter(today.year, (today.month - 1) // 3 + 1, today)


def choices(today: dt.date, years: int = 3) -> list[Period]:
    """The periods offered on the page: quarters, halves and years of recent years."""
    found = []
    for number in range(today.year, today.year - years, -1):
        for make, count in ((quarter, 4), (half, 2)):
            for index in range(count, 0, -1):
                with contextlib.suppress(BadPeriod):
                    found.append(make(number, index, today))
        found.append(year(number, today))
    return found
