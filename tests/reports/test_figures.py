"""Each figure against the rows that produced it, on the generated data set; and the scoping:
a department never sees another's details through a figure or a link."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from liandong.cases.models import Case
from liandong.deadlines.models import Deadline
from liandong.deadlines.periods import CHINA
from liandong.reports import figures, periods
from tests.reports.support import build

TODAY = dt.date(2026, 11, 30)
Q3 = periods.quarter(2026, 3, TODAY)
SINCE = dt.datetime(2026, 7, 1, tzinfo=CHINA)
UNTIL = dt.datetime(2026, 10, 1, tzinfo=CHINA)


@pytest.fixture
def data(cast):
    return build(cast)


def _rows(table):
    return {r.key: r.values for r in table.rows}


def _in_q3(case):
    return SINCE <= case.created_at < UNTIL


def test_the_lead_unit_counts_every_member_department(cast, data):
    board = figures.dashboard(cast.fin_head, Q3)
    by_source = _rows(board.table("cases_by_source"))
    expected = {}
    for case in data.cases:
        if _in_q3(case):
            expected[case.source] = expected.get(case.source, 0) + 1
    assert {k.split(":")[1]: v[0] for k, v in by_source.items() if v[0]} == expected
    assert expected == {"complaint": 3, "inspection": 1, "screening": 1}
    by_department = _rows(board.table("cases_by_department"))
    assert by_department[f"department:{cast.fin.pk}"] == (3, 1, 0)
    assert by_department[f"department:{cast.samr.pk}"] == (2, 0, 0)  # one officer: not filed
    months = _rows(board.table("cases_by_month"))
    assert months["month:2026-07-01"] == (2, 1, 0)  # registered, filed
    assert months["month:2026-09-01"] == (2, 0, 0)  # 09-30 23:30 China time is in September


def test_a_member_department_counts_its_own_work_only(cast, data):
    board = figures.dashboard(cast.samr_liaison, Q3)
    assert board.scope.label == cast.samr.name
    by_source = _rows(board.table("cases_by_source"))
    assert sum(v[0] for v in by_source.values()) == 2
    assert list(_rows(board.table("cases_by_department"))) == [f"department:{cast.samr.pk}"]
    with pytest.raises(PermissionDenied, match="只能查看本单位"):
        figures.dashboard(cast.samr_liaison, Q3, cast.fin)
    with pytest.raises(PermissionDenied):
        figures.dashboard(cast.admin, Q3)


def test_the_lead_unit_may_pick_one_department(cast, data):
    board = figures.dashboard(cast.fin_head, Q3, cast.samr)
    assert sum(v[0] for v in _rows(board.table("cases_by_source")).values()) == 2
    with pytest.raises(PermissionDenied, match="不是本辖区的成员单位"):
        figures.dashboard(cast.fin_head, Q3, cast.departments["other_fin"])


def test_the_records_behind_a_figure_are_only_those_the_viewer_may_see(cast, data):
    scope = figures.scope_for(cast.fin_head, Q3)
    model, behind, visible = figures.drill(
        scope, "cases_by_department", f"department:{cast.samr.pk}"
    )
    assert model is Case and behind.count() == 2
    assert visible.count() == 0  # SAMR's cases are SAMR's
    _model, behind, visible = figures.drill(scope, "cases_by_source", "source:complaint")
    assert behind.count() == 3 and visible.count() == 2  # FIN's two are FIN's to see
    # SAMR asking for FIN's row gets nothing, not even a count
    samr = figures.scope_for(cast.samr_liaison, Q3)
    _model, behind, _visible = figures.drill(
        samr, "cases_by_department", f"department:{cast.fin.pk}"
    )
    assert behind.count() == 0
    _model, behind, _visible = figures.drill(samr, "credit_records", f"department:{cast.fin.pk}")
    assert behind.count() == 0
    with pytest.raises(LookupError):
        figures.drill(samr, "collaboration", f"consultation:{cast.fin.pk}-{cast.psb.pk}")


def test_transfers_consultations_credit_and_problems(cast, data):
    board = figures.dashboard(cast.fin_head, Q3)
    assert _rows(board.table("transfers_by_kind"))["kind:audit"] == (1, 1, 0, 0, 0)
    steps = _rows(board.table("transfer_steps"))["kind:audit"]
    assert steps[2] == "2.0"  # sent 08-10 09:00, accepted (received) 08-12 09:00
    pair = _rows(board.table("collaboration"))[f"consultation:{cast.fin.pk}-{cast.psb.pk}"]
    assert pair == (1, 1, 5.0)
    credit = _rows(board.table("credit_records"))[f"department:{cast.fin.pk}"]
    assert credit == (1, 0, 0, 0, 0)
    assert _rows(board.table("problems"))[f"department:{cast.drc.pk}"] == (1,)
    psb = figures.dashboard(cast.psb_liaison, Q3)
    assert _rows(psb.table("collaboration"))[f"consultation:{cast.fin.pk}-{cast.psb.pk}"] == (
        1, 1, 5.0,
    )  # fmt: skip
    assert _rows(psb.table("credit_records")) == {f"department:{cast.psb.pk}": (0, 0, 0, 0, 0)}


def test_deadlines_on_time_match_the_timers(cast, data):
    board = figures.dashboard(cast.fin_head, Q3)
    table = _rows(board.table("deadlines_on_time"))
    timers = Deadline.objects.filter(
        department__jurisdiction=cast.jurisdiction, due_at__gte=SINCE, due_at__lt=UNTIL
    ).exclude(state="cancelled")
    expected = {}
    for t in timers:
        row = expected.setdefault(f"rule:{t.rule.code}", [0, 0, 0, 0, 0])
        row[0] += 1
        if t.state == "met":
            row[1 if t.met_at <= t.due_at else 2] += 1
        elif t.state == "missed":
            row[3] += 1
        else:
            row[4] += 1
    assert {k: list(v[:5]) for k, v in table.items()} == expected
    assert expected  # the data set has timers in the quarter


def test_a_period_out_of_order_or_in_the_future_is_refused():
    with pytest.raises(periods.BadPeriod, match="结束日期早于开始日期"):
        periods.days(dt.date(2026, 9, 1), dt.date(2026, 8, 1), TODAY)
    with pytest.raises(periods.BadPeriod, match="尚未到来"):
        periods.quarter(2027, 1, TODAY)
    with pytest.raises(periods.BadPeriod, match="无法识别"):
        periods.parse("2026-Q9x", TODAY)
    assert periods.parse("2026-Q3", TODAY) == Q3
    assert periods.parse("2026-H2", TODAY).end == dt.date(2026, 12, 31)
    assert periods.parse("2026-07-01..2026-07-31", TODAY).months() == [dt.date(2026, 7, 1)]
    assert Q3.label == "2026年第三季度"


def test_types_states_and_resolutions(cast, data):
    board = figures.dashboard(cast.fin_head, Q3)
    types = {r.label: r.values[0] for r in board.table("cases_by_type").rows}
    in_q3 = [c for c in data.cases if _in_q3(c)]
    typed = {}
    for case in Case.objects.filter(pk__in=[c.pk for c in in_q3]):
        for t in case.violation_types.all():
            typed[t.name] = typed.get(t.name, 0) + 1
    untyped = sum(
        1
        for c in Case.objects.filter(pk__in=[c.pk for c in in_q3])
        if not c.violation_types.exists()
    )
    assert {k: v for k, v in types.items() if k != "未认定违法行为类型"} == typed
    assert types["未认定违法行为类型"] == untyped
    states = {r.key: r.values[0] for r in board.table("cases_by_state").rows}
    expected = {}
    for case in Case.objects.filter(pk__in=[c.pk for c in in_q3]):
        expected[f"state:{case.state}"] = expected.get(f"state:{case.state}", 0) + 1
    assert {k: v for k, v in states.items() if v} == expected
    owners = {r.key: r.values for r in board.table("resolutions_by_owner").rows}
    assert owners[f"department:{cast.samr.pk}"] == (2, 0, 1, 1, "50%")  # one in time, one missed
    assert owners[f"department:{cast.fin.pk}"] == (0, 0, 0, 0, "—")
