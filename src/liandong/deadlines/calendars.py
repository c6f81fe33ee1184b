"""The calendar in force: the package's years plus the years administrators entered.

Each process keeps the built calendar and rebuilds it when the entered years change (one small
query tells), so every web process and worker counts with the same calendar.
"""

import threading

from liandong.deadlines.calendar import WorkdayCalendar, YearArrangement
from liandong.deadlines.models import CalendarDayKind, CalendarYear

_lock = threading.Lock()
_cached: tuple[tuple, WorkdayCalendar] | None = None


def _stamp() -> tuple:
    return tuple(CalendarYear.objects.order_by("year").values_list("year", "version"))


def entered_arrangements() -> list[YearArrangement]:
    arrangements = []
    for year in CalendarYear.objects.prefetch_related("days"):
        days = list(year.days.all())
        arrangements.append(
            YearArrangement(
                year.year,
                holidays=frozenset(d.date for d in days if d.kind == CalendarDayKind.HOLIDAY),
                workdays=frozenset(d.date for d in days if d.kind == CalendarDayKind.WORKDAY),
            )
        )
    return arrangements


def current() -> WorkdayCalendar:
    global _cached
    stamp = _stamp()
    with _lock:
        if _cached is None or _cached[0] != stamp:
            _cached = (stamp, WorkdayCalendar.statutory(entered_arrangements()))
        return _cached[1]
