"""How a period is counted (RULES.md §10), for every deadline rule. Plain Python: no Django.

- Hours count from the exact moment (行政执法机关移送涉嫌犯罪案件的规定: "24小时").
- Days (民法典 第201条): the starting day is not counted; the period ends at 24:00 of its last
  day; when that day is a statutory rest day it ends on the next workday (第203条).
- Workdays: only workdays of the statutory calendar count, make-up workdays included; the
  period ends at 24:00 of the last one.
"""

import datetime as dt
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from liandong.deadlines.calendar import WorkdayCalendar

CHINA = ZoneInfo("Asia/Shanghai")
_DAY = dt.timedelta(days=1)


class Unit(enum.StrEnum):
    HOURS = "hours"
    CALENDAR_DAYS = "calendar_days"
    WORKDAYS = "workdays"


@dataclass(frozen=True, slots=True)
class Due:
    at: dt.datetime  # the moment the period ends (24:00 of the last day for day periods)
    last_day: dt.date | None  # None for hour periods
    assumed_years: frozenset[int]  # years counted Monday–Friday for want of an arrangement


_NONE: frozenset[int] = frozenset()


def _end_of(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.combine(day + _DAY, dt.time(), tzinfo=tz)


def due_text(moment: dt.datetime, tz: dt.tzinfo = CHINA) -> str:
    """How a due time reads: a period ending at midnight ends at 24:00 of its last day."""
    local = moment.astimezone(tz)
    if local.time() == dt.time(0, 0):
        return f"{(local - _DAY).date().isoformat()} 24:00"
    return local.strftime("%Y-%m-%d %H:%M")


def due(
    start: dt.datetime,
    amount: int,
    unit: Unit,
    calendar: WorkdayCalendar,
    tz: dt.tzinfo = CHINA,
) -> Due:
    """When a period of ``amount`` ``unit`` that starts at ``start`` (aware) ends."""
    if amount < 1:
        raise ValueError("a period must be at least one unit long")
    if unit is Unit.HOURS:
        return Due(start + dt.timedelta(hours=amount), None, _NONE)
    first = start.astimezone(tz).date()
    if unit is Unit.WORKDAYS:
        last = calendar.add_workdays(first, amount)
    elif unit is Unit.CALENDAR_DAYS:
        last = calendar.next_workday(first + dt.timedelta(days=amount))
    else:
        raise ValueError(f"unknown unit {unit!r}")
    if calendar.knows(first.year) and calendar.knows(last.year):
        assumed = _NONE
    else:
        assumed = calendar.assumed(first, last)
    return Due(_end_of(last, tz), last, assumed)
