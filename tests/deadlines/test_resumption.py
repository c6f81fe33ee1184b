"""A stopped period resumes with the units it had left, counted again from the resume moment
(民法典 第二百零一条: the starting day is not counted; 第二百零三条: a last day that is a statutory
rest day moves to the day after the rest days; RULES.md §10).

The expected dates below are counted by hand from the 2026 arrangement (国办发明电〔2025〕7号):
rest days 01-01…03, 02-15…23, 04-04…06, 05-01…05, 06-19…21, 09-25…27, 10-01…07; make-up workdays
01-04 (Sun), 02-14 (Sat), 02-28 (Sat), 05-09 (Sat), 09-20 (Sun), 10-10 (Sat).
"""

import datetime as dt

import chinese_calendar
import pytest

from liandong.deadlines import actions
from liandong.deadlines.periods import CHINA


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)


def _run(cast, code, start, paused, resumed):
    timer = actions.start_deadline(
        cast.psb_liaison, rule=code, department=cast.psb, start=at(start), acting_user=None
    )
    actions.pause_deadline(timer, reason="correction", acting_user=None, at=at(paused))
    return actions.resume_deadline(timer, acting_user=None, at=at(resumed))


# (start, paused, resumed, last day): the police's 3 days (310号令 第八条), stopped while the
# transferring department completes the material (程序规定 第一百八十条).
THREE_DAYS = [
    # The case: nothing used before the stop; 3 days from 10-08 are 10-09, 10-10 (a
    # make-up Saturday) and 10-11, a Sunday: the period ends on Monday 10-12.
    ("2026-09-29 10:00", "2026-09-29 15:00", "2026-10-08 10:00", "2026-10-12"),
    # one day used (09-29); 2 left from 10-09: 10-10, 10-11 (Sunday) → 10-12
    ("2026-09-28 10:00", "2026-09-29 10:00", "2026-10-09 10:00", "2026-10-12"),
    # resumed before National Day: 3 days from 09-29 end on 10-02, a holiday → 10-08
    ("2026-09-28 10:00", "2026-09-28 11:00", "2026-09-29 09:00", "2026-10-08"),
    # after it: one used (10-09); 2 left from 10-12 → 10-14
    ("2026-10-08 10:00", "2026-10-09 10:00", "2026-10-12 10:00", "2026-10-14"),
    # 元旦: stopped 12-30 with 2 used; 1 left from 01-02 → 01-03, a holiday Saturday → 01-04, a
    # make-up Sunday (a workday, so the period ends there)
    ("2025-12-28 10:00", "2025-12-30 10:00", "2026-01-02 10:00", "2026-01-04"),
    # 春节: nothing used; 3 from 02-13 → 02-16, in the holiday → 02-24
    ("2026-02-13 10:00", "2026-02-13 11:00", "2026-02-13 16:00", "2026-02-24"),
    # 春节, across: 1 used (02-13); 2 left from 02-24 → 02-26
    ("2026-02-12 10:00", "2026-02-13 10:00", "2026-02-24 10:00", "2026-02-26"),
    # 清明: 1 used; 2 left from 04-02 → 04-04, a holiday Saturday → 04-07
    ("2026-03-31 10:00", "2026-04-01 10:00", "2026-04-02 10:00", "2026-04-07"),
    # 劳动节, across: 2 used; 1 left from 05-06 → 05-07
    ("2026-04-27 10:00", "2026-04-29 10:00", "2026-05-06 10:00", "2026-05-07"),
    # 劳动节: 1 left from 05-08 → 05-09, a make-up Saturday, a workday
    ("2026-05-06 10:00", "2026-05-08 10:00", "2026-05-08 16:00", "2026-05-09"),
    # 端午: nothing used; 3 from 06-17 → 06-20, a holiday Saturday → 06-22
    ("2026-06-16 10:00", "2026-06-16 11:00", "2026-06-17 10:00", "2026-06-22"),
    # 中秋, across: 1 used; 2 left from 09-28 → 09-30
    ("2026-09-23 10:00", "2026-09-24 10:00", "2026-09-28 10:00", "2026-09-30"),
    # stopped in the rest days that had moved the last day: the last day is still owed
    ("2026-09-29 10:00", "2026-10-05 10:00", "2026-10-08 10:00", "2026-10-09"),
]


@pytest.mark.parametrize(("start", "paused", "resumed", "last"), THREE_DAYS)
def test_a_resumed_three_day_period_is_counted_again_from_the_resume(
    cast, start, paused, resumed, last
):
    timer = _run(cast, "transfer.filing_decision", start, paused, resumed)
    assert timer.last_day == dt.date.fromisoformat(last)
    assert timer.due_at == at(last) + dt.timedelta(days=1)  # 24:00 of the last day


def test_a_resumed_workday_period_counts_workdays_left(cast):
    # 投诉处理 30 workdays from Tue 02-10: 02-11, 02-12 used; 28 left from 02-24 (after the
    # Spring Festival): 02-25, 26, 27, 28 (a make-up Saturday), the 22 workdays of March, then
    # 04-01 and 04-02.
    timer = _run(
        cast, "complaint.decision", "2026-02-10 09:00", "2026-02-12 17:00", "2026-02-24 09:00"
    )
    assert timer.counted_amount == 28
    assert timer.last_day == dt.date(2026, 4, 2)


def _rest(day: dt.date) -> bool:
    """A statutory rest day, straight from the published arrangement."""
    return not chinese_calendar.is_workday(day)


def _by_the_text(start: dt.date, paused: dt.date, resumed: dt.date, amount: int) -> dt.date:
    used = (paused - start).days
    last = resumed + dt.timedelta(days=max(amount - used, 1))
    while _rest(last):
        last += dt.timedelta(days=1)
    return last


def test_resumption_on_every_day_of_2026_matches_the_text(cast):
    """Stopped on the day it started or the next, resumed after every length of stop up to
    two weeks, from a day of every week of 2026 (to mid-December: the stops must end in a year
    whose arrangement is published)."""
    expected, got = [], []
    day = dt.date(2026, 1, 1)
    while day < dt.date(2026, 12, 10):
        for used, stop in ((0, 3), (1, 9), (2, 14)):
            paused = day + dt.timedelta(days=used)
            resumed = paused + dt.timedelta(days=stop)
            expected.append(_by_the_text(day, paused, resumed, 3))
            timer = _run(
                cast,
                "transfer.filing_decision",
                f"{day} 10:00",
                f"{paused} 12:00",
                f"{resumed} 09:00",
            )
            got.append(timer.last_day)
        day += dt.timedelta(days=7)
    assert got == expected
