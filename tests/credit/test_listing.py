"""The serious-violation list (财办库〔2014〕526号) and the procurement ban (财库〔2016〕125号)."""

import datetime as dt
from decimal import Decimal

import pytest

from liandong.credit.listing import (
    ListEntry,
    ListKind,
    Penalty,
    PenaltyKind,
    barred_on,
    listing,
)

TODAY = dt.date(2026, 5, 20)
DAY = dt.timedelta(days=1)


def fine(amount: str, decided_on: dt.date = dt.date(2025, 3, 1)) -> Penalty:
    return Penalty(
        decided_on,
        Decimal(amount),
        document_number="泉鲤财采罚〔2025〕3号",
        authority="泉州市鲤城区财政局",
    )


def ban(end: dt.date, start: dt.date = dt.date(2025, 6, 1)) -> Penalty:
    return Penalty(start, ban_start=start, ban_end=end)


def test_a_fine_of_exactly_three_wan_yuan_lists_the_subject_for_three_years():
    result = listing([fine("30000")], TODAY)
    assert result.listed
    assert result.until == dt.date(2028, 3, 1)
    assert "泉鲤财采罚〔2025〕3号" in result.explanation
    assert "三万元以上" in result.explanation
    assert "财办库〔2014〕526号" in result.explanation


def test_a_fine_just_under_three_wan_yuan_does_not_list():
    result = listing([fine("29999.99")], TODAY)
    assert not result.listed
    assert result.until is None
    assert "不在政府采购严重违法失信行为记录名单内" in result.explanation


def test_the_fine_lists_through_the_last_day_of_the_three_years_and_not_after():
    penalty = fine("50000", dt.date(2023, 5, 20))
    assert listing([penalty], dt.date(2026, 5, 20)).listed
    assert not listing([penalty], dt.date(2026, 5, 21)).listed


def test_a_decision_after_the_day_asked_about_does_not_count():
    assert not listing([fine("50000", TODAY + DAY)], TODAY).listed


def test_a_warning_never_lists():
    warning = Penalty(dt.date(2026, 1, 5), Decimal(50_000), kind=PenaltyKind.WARNING)
    assert not listing([warning], TODAY).listed


@pytest.mark.parametrize(
    ("end", "listed"),
    [(TODAY - DAY, False), (TODAY, True), (TODAY + DAY, True)],
    ids=["ended-yesterday", "ends-today", "ends-tomorrow"],
)
def test_a_ban_lists_while_it_is_in_force(end, listed):
    result = listing([ban(end)], TODAY)
    assert result.listed is listed
    assert result.until == (end if listed else None)


@pytest.mark.parametrize(
    ("end", "barred"),
    [(TODAY - DAY, False), (TODAY, True), (TODAY + DAY, True)],
    ids=["ended-yesterday", "ends-today", "ends-tomorrow"],
)
def test_a_ban_bars_the_subject_until_its_last_day(end, barred):
    result = barred_on([ban(end)], TODAY)
    assert result.barred is barred
    if barred:
        assert result.until == end
        assert "禁止参加政府采购活动" in result.explanation
        assert f"至{end.isoformat()}止" in result.explanation
        assert "财库〔2016〕125号" in result.explanation
    else:
        assert result.until is None
        assert "未被禁止参加政府采购活动" in result.explanation


def test_a_ban_not_yet_started_does_not_bar():
    assert not barred_on([ban(dt.date(2028, 1, 1), start=TODAY + DAY)], TODAY).barred


def test_a_listing_fine_bars_until_the_listing_ends_and_the_latest_reason_sets_the_end():
    penalties = [fine("30000"), ban(dt.date(2026, 12, 31))]
    result = barred_on(penalties, TODAY)
    assert result.barred
    assert result.until == dt.date(2028, 3, 1)
    assert len(result.reasons) == 2
    assert "严重违法失信行为记录名单" in result.explanation


def test_an_external_list_entry_bars_and_an_open_ended_one_has_no_end_date():
    entry = ListEntry(ListKind.JUDGMENT_DEFAULTER, dt.date(2026, 1, 1), source="信用中国")
    result = barred_on([], TODAY, [entry])
    assert result.barred
    assert result.until is None
    assert "失信被执行人名单" in result.explanation
    assert "截止日期未载明" in result.explanation


def test_an_entry_removed_yesterday_no_longer_bars():
    entry = ListEntry(ListKind.MAJOR_TAX_VIOLATION, dt.date(2024, 1, 1), TODAY - DAY)
    assert not barred_on([], TODAY, [entry]).barred
    assert barred_on([], TODAY - DAY, [entry]).until == TODAY - DAY


def test_a_clean_subject_is_not_barred():
    result = barred_on([fine("1000")], TODAY)
    assert not result.barred
    assert result.reasons == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fine": Decimal(-1)}, "不能为负数"),
        ({"ban_start": dt.date(2026, 1, 1)}, "同时载明起止日期"),
        ({"ban_start": dt.date(2026, 1, 2), "ban_end": dt.date(2026, 1, 1)}, "早于起始日期"),
    ],
)
def test_an_inconsistent_penalty_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Penalty(dt.date(2026, 1, 1), **kwargs)
