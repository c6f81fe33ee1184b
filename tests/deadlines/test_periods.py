"""Counting periods (RULES.md §10) on the 2026 statutory calendar, checked by hand.

2026 Spring Festival: off Sun 02-15 … Mon 02-23; make-up workdays Sat 02-14 and Sat 02-28.
2026 Mid-Autumn: off Fri 09-25 … Sun 09-27. National Day: off Thu 10-01 … Wed 10-07; make-up
workdays Sun 09-20 and Sat 10-10.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liandong.deadlines.calendar import WorkdayCalendar, YearArrangement
from liandong.deadlines.periods import CHINA, Unit, due

CALENDAR = WorkdayCalendar.statutory()


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=CHINA)


def end_of(day: str) -> dt.datetime:
    """24:00 of ``day`` (China time)."""
    return at(day) + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "amount", "last_day"),
    [
        # Thu 02-12: Fri 13 (1), Sat 14 make-up (2), 15–23 off, Tue 24 (3)
        ("2026-02-12 10:00", 3, "2026-02-24"),
        # Fri 02-13: Sat 14 (1), Tue 24 … Fri 27 (2–5)
        ("2026-02-13 16:30", 5, "2026-02-27"),
        # … and the sixth is the make-up Saturday 02-28
        ("2026-02-13 16:30", 6, "2026-02-28"),
        # Fri 09-18: Sat 19 off, Sun 20 make-up (1), Mon 21 (2)
        ("2026-09-18 09:00", 2, "2026-09-21"),
        # Wed 09-23: Thu 24 (1), 25–27 Mid-Autumn, Mon 28 (2), Tue 29 (3)
        ("2026-09-23 09:00", 3, "2026-09-29"),
        # Wed 09-30: 10-01 … 07 off, Thu 08 (1), Fri 09 (2), Sat 10 make-up (3), Mon 12, Tue 13
        ("2026-09-30 17:00", 5, "2026-10-13"),
        # Received on a holiday: counting starts with the first workday after it
        ("2026-10-03 11:00", 1, "2026-10-08"),
        # The consultation default of 5 workdays from an ordinary Monday
        ("2026-03-02 09:00", 5, "2026-03-09"),
    ],
)
def test_workday_periods(start, amount, last_day):
    result = due(at(start), amount, Unit.WORKDAYS, CALENDAR)
    assert result.last_day == dt.date.fromisoformat(last_day)
    assert result.at == end_of(last_day)
    assert result.assumed_years == frozenset()


@pytest.mark.parametrize(
    ("start", "amount", "last_day"),
    [
        # Mon 03-02 + 3 days: Thu 03-05, a workday
        ("2026-03-02 09:00", 3, "2026-03-05"),
        # Mon 09-28 + 3 days lands on 10-01 (National Day): extends to the next workday 10-08
        ("2026-09-28 15:00", 3, "2026-10-08"),
        # Thu 02-12 + 3 days lands on Sun 02-15 (Spring Festival): extends to Tue 02-24
        ("2026-02-12 08:00", 3, "2026-02-24"),
        # Fri 10-09 + 1 day lands on Sat 10-10, a make-up workday: no extension
        ("2026-10-09 10:00", 1, "2026-10-10"),
        # Thu 03-05 + 2 days lands on an ordinary Saturday: extends to Monday 03-09
        ("2026-03-05 10:00", 2, "2026-03-09"),
    ],
)
def test_calendar_day_periods_whose_last_day_is_a_rest_day_extend(start, amount, last_day):
    result = due(at(start), amount, Unit.CALENDAR_DAYS, CALENDAR)
    assert result.last_day == dt.date.fromisoformat(last_day)
    assert result.at == end_of(last_day)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        ("2026-02-13 23:30", 24, "2026-02-14 23:30"),  # across midnight
        ("2026-09-30 20:00", 24, "2026-10-01 20:00"),  # into a holiday: clock hours, no extension
        ("2026-02-14 18:00", 72, "2026-02-17 18:00"),  # through the Spring Festival
    ],
)
def test_hour_periods_count_clock_hours(start, hours, expected):
    result = due(at(start), hours, Unit.HOURS, CALENDAR)
    assert result.at == at(expected)
    assert result.last_day is None


def test_hours_from_a_utc_moment_are_the_same_moment():
    start = dt.datetime(2026, 2, 13, 15, 30, tzinfo=dt.UTC)  # 23:30 in China
    assert due(start, 24, Unit.HOURS, CALENDAR).at == at("2026-02-14 23:30")


def test_a_day_period_starts_from_the_china_date():
    # 2026-02-12 17:00 UTC is already Fri 02-13 01:00 in China.
    start = dt.datetime(2026, 2, 12, 17, 0, tzinfo=dt.UTC)
    assert due(start, 1, Unit.WORKDAYS, CALENDAR).last_day == dt.date(2026, 2, 14)


def test_a_year_without_data_is_assumed_monday_to_friday_and_says_so():
    assert not CALENDAR.knows(2027)
    # Mon 2026-12-28: Tue 29, Wed 30, Thu 31 (2026 data), then 2027 assumed Monday–Friday, but
    # Fri 01-01 is 元旦 in every year (放假办法 第二条): Mon 01-04, Tue 01-05
    result = due(at("2026-12-28 09:00"), 5, Unit.WORKDAYS, CALENDAR)
    assert result.last_day == dt.date(2027, 1, 5)
    assert result.assumed_years == frozenset({2027})
    inside = due(at("2026-12-01 09:00"), 5, Unit.WORKDAYS, CALENDAR)
    assert inside.assumed_years == frozenset()


def test_an_entered_year_replaces_the_assumption():
    new_year = YearArrangement(
        2027,
        holidays=frozenset(dt.date(2027, 1, d) for d in (1, 2, 3)),
        workdays=frozenset({dt.date(2027, 1, 9)}),  # a make-up Saturday
    )
    calendar = WorkdayCalendar.statutory([new_year])
    result = due(at("2026-12-31 09:00"), 1, Unit.WORKDAYS, calendar)
    assert result.last_day == dt.date(2027, 1, 4)  # 01-01 is now a holiday
    assert result.assumed_years == frozenset()
    assert calendar.is_workday(dt.date(2027, 1, 9))


@pytest.mark.parametrize("amount", [0, -1])
def test_a_period_must_be_positive(amount):
    with pytest.raises(ValueError, match="at least one unit"):
        due(at("2026-03-02 09:00"), amount, Unit.WORKDAYS, CALENDAR)


starts = st.datetimes(
    min_value=dt.datetime(2004, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(CHINA)
)
units = st.sampled_from(list(Unit))
amounts = st.integers(min_value=1, max_value=400)


@given(starts, amounts, units)
def test_due_is_never_before_start(start, amount, unit):
    assert due(start, amount, unit, CALENDAR).at > start


@given(starts, amounts, st.integers(min_value=1, max_value=50), units)
def test_more_time_never_gives_an_earlier_due(start, amount, more, unit):
    assert due(start, amount + more, unit, CALENDAR).at >= due(start, amount, unit, CALENDAR).at


@given(starts, amounts)
def test_a_workday_period_ends_on_a_workday(start, amount):
    result = due(start, amount, Unit.WORKDAYS, CALENDAR)
    assert CALENDAR.is_workday(result.last_day)
    assert result.at.time() == dt.time(0, 0)


@given(starts, amounts)
def test_a_workday_period_of_n_has_exactly_n_workdays(start, amount):
    result = due(start, amount, Unit.WORKDAYS, CALENDAR)
    day = start.date() + dt.timedelta(days=1)
    counted = 0
    while day <= result.last_day:
        counted += CALENDAR.is_workday(day)
        day += dt.timedelta(days=1)
    assert counted == amount


def test_an_unentered_year_still_knows_the_holidays_whose_date_the_law_fixes():
    """《全国年节及纪念日放假办法》第二条: 元旦 01-01, 劳动节 05-01 and 05-02, 国庆节 10-01 to
    10-03 are holidays every year, whatever the State Council later arranges around them."""
    assert not CALENDAR.knows(2031)
    for day in ("2031-01-01", "2031-05-01", "2031-05-02", "2031-10-01", "2031-10-02", "2031-10-03"):
        assert not CALENDAR.is_workday(dt.date.fromisoformat(day)), day
    assert CALENDAR.is_workday(dt.date(2031, 10, 6))  # a Monday nothing is known of
    # 3 days from Mon 2031-09-29 end on Thu 10-02, a holiday; Fri 10-03 too, then the weekend:
    # the period ends on Mon 10-06 (民法典 第二百零三条)
    result = due(at("2031-09-29 10:00"), 3, Unit.CALENDAR_DAYS, CALENDAR)
    assert result.last_day == dt.date(2031, 10, 6)
    assert result.assumed_years == frozenset({2031})
    # 2 workdays from Tue 2031-04-29: Wed 04-30, then 05-01 and 05-02 are off → Mon 05-05
    assert due(at("2031-04-29 10:00"), 2, Unit.WORKDAYS, CALENDAR).last_day == dt.date(2031, 5, 5)
