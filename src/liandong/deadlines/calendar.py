"""The workday calendar (RULES.md §10): which days are workdays under the State Council's
holiday arrangement, including make-up workdays (调休) that fall on a weekend.

Years the ``chinesecalendar`` package covers come from it; later years come from arrangements an
administrator enters. A year with neither is assumed Monday–Friday less the holidays whose date
the law fixes (``FIXED_HOLIDAYS``), and the calendar says so (``assumed``) so that every deadline
depending on such a year can carry a warning: the lunar holidays, the days made up for a
holiday on a weekend (第六条) and the make-up workdays are the State Council's to announce.
This module is plain Python: no Django.
"""

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from chinese_calendar import constants as statutory

# 《全国年节及纪念日放假办法》（2024年修订）第二条: 元旦 1月1日；劳动节 5月1日、2日；
# 国庆节 10月1日至3日 — the holidays of every year whose date is fixed.
FIXED_HOLIDAYS = frozenset({(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)})


@dataclass(frozen=True)
class YearArrangement:
    """One year's holidays (days off that would be workdays) and make-up workdays."""

    year: int
    holidays: frozenset[dt.date] = field(default_factory=frozenset)
    workdays: frozenset[dt.date] = field(default_factory=frozenset)


def package_arrangements() -> dict[int, YearArrangement]:
    """The arrangements shipped in the chinesecalendar package, by year."""
    years: dict[int, tuple[set, set]] = {}
    for day in statutory.holidays:
        years.setdefault(day.year, (set(), set()))[0].add(day)
    for day in statutory.workdays:
        years.setdefault(day.year, (set(), set()))[1].add(day)
    return {
        year: YearArrangement(year, frozenset(off), frozenset(on))
        for year, (off, on) in years.items()
    }


class WorkdayCalendar:
    """Answers "is this a workday" and "which is the n-th workday after this day" quickly.

    Workdays are kept as a sorted list of date ordinals, grown a year at a time as questions
    reach further, so adding n workdays is a binary search and an index.
    """

    def __init__(self, arrangements: Mapping[int, YearArrangement]):
        self._arrangements = dict(arrangements)
        self._off: set[int] = set()
        self._on: set[int] = set()
        for arrangement in self._arrangements.values():
            self._off.update(d.toordinal() for d in arrangement.holidays)
            self._on.update(d.toordinal() for d in arrangement.workdays)
        self._first_year: int | None = None
        self._last_year: int | None = None
        self._workdays: list[int] = []

    @classmethod
    def statutory(cls, entered: Iterable[YearArrangement] = ()) -> "WorkdayCalendar":
        """The package's years plus the years an administrator entered."""
        arrangements = package_arrangements()
        arrangements.update({a.year: a for a in entered})
        return cls(arrangements)

    def knows(self, year: int) -> bool:
        return year in self._arrangements

    def assumed(self, first: dt.date, last: dt.date) -> frozenset[int]:
        """The years from ``first`` to ``last`` that had no arrangement (Monday–Friday assumed)."""
        return frozenset(y for y in range(first.year, last.year + 1) if y not in self._arrangements)

    def _is_workday_ordinal(self, ordinal: int) -> bool:
        if ordinal in self._on:
            return True
        if ordinal in self._off:
            return False
        if (ordinal - 1) % 7 >= 5:  # ordinal 1 (0001-01-01) was a Monday
            return False
        day = dt.date.fromordinal(ordinal)
        return day.year in self._arrangements or (day.month, day.day) not in FIXED_HOLIDAYS

    def is_workday(self, day: dt.date) -> bool:
        return self._is_workday_ordinal(day.toordinal())

    def _cover(self, year: int) -> None:
        """Make the sorted workday list reach through ``year`` (and back to it)."""
        if self._first_year is None:
            self._first_year = self._last_year = year
            self._workdays = self._year_workdays(year)
            return
        while year > self._last_year:
            self._last_year += 1
            self._workdays.extend(self._year_workdays(self._last_year))
        while year < self._first_year:
            self._first_year -= 1
            self._workdays[:0] = self._year_workdays(self._first_year)

    def _year_workdays(self, year: int) -> list[int]:
        first = dt.date(year, 1, 1).toordinal()
        last = dt.date(year, 12, 31).toordinal()
        return [o for o in range(first, last + 1) if self._is_workday_ordinal(o)]

    def add_workdays(self, day: dt.date, count: int) -> dt.date:
        """The ``count``-th workday after ``day`` (``day`` itself is not counted); count ≥ 1."""
        if count < 1:
            raise ValueError("count must be at least 1")
        ordinal = day.toordinal()
        if self._first_year is None or not (self._first_year <= day.year <= self._last_year):
            self._cover(day.year)
        position = bisect.bisect_right(self._workdays, ordinal) + count - 1
        while position >= len(self._workdays):
            self._cover(self._last_year + 1)
        return dt.date.fromordinal(self._workdays[position])

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` if it is a workday, else the first workday after it."""
        if self.is_workday(day):
            return day
        return self.add_workdays(day, 1)


def package_years() -> frozenset[int]:
    """The years whose arrangement ships with the chinesecalendar package."""
    return frozenset(day.year for day in statutory.holidays)
