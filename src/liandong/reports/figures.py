"""The figures of how the mechanism runs (seed 一(一); DESIGN.md §4.9), for a viewer and a period.

Who sees what (``Scope``): the lead unit (牵头单位) counts every member department of its
jurisdiction, or the one it picks; any other department counts its own work only. A figure is
a count or a time, never a record: the records behind a figure are listed by ``drill``, which
shows only those the viewer may see (``visible_to``), so no figure or link gives another
department's details away.

Every table is computed by grouped queries over the period's rows (indexed by department and
time); times (answer times, steps of a transfer) are medians of the pairs of moments read for
the period.
"""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, FloatField, Q
from django.db.models.functions import Extract, TruncMonth
from django.utils.translation import gettext as _

from liandong.assistance.models import AssistanceRequest
from liandong.cases.models import Case, CaseSource, CaseState
from liandong.consultations.models import Consultation
from liandong.credit.models import CreditRecord, Push, PushState
from liandong.deadlines.models import Deadline, DeadlineState
from liandong.deadlines.periods import CHINA
from liandong.organizations.models import Department
from liandong.reports import charts
from liandong.reports.periods import Period
from liandong.sharing.models import Bulletin, Category
from liandong.transfers.models import Kind as TransferKind
from liandong.transfers.models import State as TransferState
from liandong.transfers.models import Transfer


@dataclass(frozen=True, slots=True)
class Row:
    key: str  # names the records behind the row for ``drill`` ("" when there are none)
    label: str
    values: tuple


@dataclass(frozen=True, slots=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]  # the label column first
    rows: tuple[Row, ...]
    chart: charts.Chart | None = None
    note: str = ""


@dataclass
class Scope:
    viewer: object
    period: Period
    departments: list  # the departments counted
    lead: bool  # the viewer is the lead unit, counting every member department
    chosen: object = None  # the one department picked, if any
    since: dt.datetime = field(init=False)
    until: dt.datetime = field(init=False)

    def __post_init__(self) -> None:
        self.since = dt.datetime.combine(self.period.start, dt.time(0), CHINA)
        self.until = dt.datetime.combine(self.period.end + dt.timedelta(days=1), dt.time(0), CHINA)

    def during(self, name: str) -> Q:
        return Q(**{f"{name}__gte": self.since, f"{name}__lt": self.until})

    @property
    def ids(self) -> list[int]:
        return [d.pk for d in self.departments]

    @property
    def label(self) -> str:
        if self.chosen is not None:
            return self.chosen.name
        if self.lead:
            return _("全部成员单位")
        return self.departments[0].name


def scope_for(viewer, period: Period, department=None) -> Scope:
    """The departments ``viewer`` counts; PermissionDenied naming why when it may not."""
    own = viewer.department
    if viewer.role == "admin" or not own.is_member:
        raise PermissionDenied(_("运行情况统计只对联动执法协作机制成员单位开放。"))
    members = list(
        Department.objects.filter(jurisdiction_id=own.jurisdiction_id, is_member=True).order_by(
            "pk"
        )
    )
    if department is not None:
        if department.pk not in {d.pk for d in members}:
            raise PermissionDenied(_("所选单位不是本辖区的成员单位。"))
        if not own.is_lead and department.pk != own.pk:
            raise PermissionDenied(
                _("只能查看本单位的运行情况；全区汇总由牵头单位%(lead)s查看。")
                % {"lead": next((d.name for d in members if d.is_lead), "")}
            )
        return Scope(viewer, period, [department], own.is_lead, department)
    if own.is_lead:
        return Scope(viewer, period, members, True)
    return Scope(viewer, period, [own], False)


def _rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


def _bar(title: str, rows, column: int = 0, unit: str = "件", kind: str = "bar") -> charts.Chart:
    return charts.Chart(
        title=title,
        categories=tuple(r.label for r in rows),
        series=(charts.Series(title, tuple(float(r.values[column] or 0) for r in rows)),),
        kind=kind,
        unit=unit,
    )


# ---------------------------------------------------------------- cases


def _cases(scope: Scope):
    return Case.objects.filter(department_id__in=scope.ids).filter(scope.during("created_at"))


def cases_by_source(scope: Scope) -> Table:
    counts = dict(_cases(scope).order_by().values_list("source").annotate(n=Count("id")))
    rows = tuple(
        Row(f"source:{value}", str(label), (counts.get(value, 0),))
        for value, label in CaseSource.choices
    )
    title = _("案件来源")
    return Table("cases_by_source", title, (title, _("登记案件数")), rows, _bar(title, rows))


def cases_by_type(scope: Scope) -> Table:
    # one LEFT JOIN through the links, grouped by type: the NULL group is the untyped cases
    counts = (
        _cases(scope)
        .order_by()
        .values_list("violation_types__id", "violation_types__name")
        .annotate(n=Count("id"))
    )
    typed = [(pk, name, n) for pk, name, n in counts if pk is not None]
    untyped = sum(n for pk, _name, n in counts if pk is None)
    rows = tuple(
        Row(f"type:{pk}", name, (n,)) for pk, name, n in sorted(typed, key=lambda c: (-c[2], c[1]))
    )
    rows += (Row("type:none", _("未认定违法行为类型"), (untyped,)),)
    title = _("违法行为类型")
    return Table(
        "cases_by_type", title, (title, _("案件数")), rows, _bar(title, rows, kind="hbar"),
        note=_("一件案件可涉及多种违法行为类型。"),
    )  # fmt: skip


def cases_by_state(scope: Scope) -> Table:
    counts = dict(_cases(scope).order_by().values_list("state").annotate(n=Count("id")))
    rows = tuple(
        Row(f"state:{value}", str(label), (counts.get(value, 0),))
        for value, label in CaseState.choices
    )
    title = _("案件状态")
    return Table(
        "cases_by_state", title, (title, _("案件数")), rows, _bar(title, rows),
        note=_("本期登记的案件目前所处的状态。"),
    )  # fmt: skip


def cases_by_month(scope: Scope) -> Table:
    base = Case.objects.filter(department_id__in=scope.ids)

    def monthly(moment: str) -> dict:
        rows = (
            base.filter(scope.during(moment))
            .order_by()
            .annotate(month=TruncMonth(moment, tzinfo=CHINA))
            .values_list("month")
            .annotate(n=Count("id"))
        )
        return {m.date() if isinstance(m, dt.datetime) else m: n for m, n in rows}

    registered, filed, closed = monthly("created_at"), monthly("filed_at"), monthly("closed_at")
    rows = tuple(
        Row(
            f"month:{m.isoformat()}",
            f"{m.year}年{m.month}月",
            (registered.get(m, 0), filed.get(m, 0), closed.get(m, 0)),
        )
        for m in scope.period.months()
    )
    columns = (_("月份"), _("登记"), _("立案"), _("结案"))
    chart = charts.Chart(
        title=_("案件按月"),
        categories=tuple(r.label for r in rows),
        series=tuple(
            charts.Series(columns[i + 1], tuple(float(r.values[i]) for r in rows)) for i in range(3)
        ),
        kind="bar",
        unit=_("件"),
    )
    return Table("cases_by_month", _("案件按月"), columns, rows, chart)


def cases_by_department(scope: Scope) -> Table:
    cases = _cases(scope).order_by().values_list("department_id")
    registered = dict(cases.annotate(n=Count("id")))
    filed = dict(cases.filter(filed_at__isnull=False).annotate(n=Count("id")))
    closed = dict(
        cases.filter(state__in=[CaseState.CLOSED, CaseState.ARCHIVED]).annotate(n=Count("id"))
    )
    rows = tuple(
        Row(
            f"department:{d.pk}",
            d.short_name,
            (registered.get(d.pk, 0), filed.get(d.pk, 0), closed.get(d.pk, 0)),
        )
        for d in scope.departments
    )
    columns = (_("成员单位"), _("登记案件"), _("其中已立案"), _("其中已结案"))
    return Table(
        "cases_by_department", _("各成员单位办案情况"), columns, rows,
        _bar(_("各成员单位登记案件"), rows),
    )  # fmt: skip


# ---------------------------------------------------------------- transfers

OUTCOMES = {
    "accepted": (
        {TransferState.FILED, TransferState.HANDED_OVER, TransferState.ACCEPTED},
        _("已立案或接收"),
    ),
    "refused": (
        {
            TransferState.NOT_FILED,
            TransferState.UPHELD,
            TransferState.RETURNED,
            TransferState.DECLINED,
        },
        _("不予立案或退回"),
    ),
    "pending": (
        {
            TransferState.SENT,
            TransferState.RECEIVED,
            TransferState.MATERIAL_REQUESTED,
            TransferState.RECONSIDERATION,
            TransferState.SUPERVISION,
        },
        _("审查中"),
    ),
    "closed": ({TransferState.CONCLUDED, TransferState.FORWARDED}, _("已办结或转送")),
}


def _transfers(scope: Scope):
    return Transfer.objects.filter(
        Q(from_department_id__in=scope.ids) | Q(to_department_id__in=scope.ids),
        scope.during("sent_at"),
    )


def transfers_by_kind(scope: Scope) -> Table:
    counts = defaultdict(int)
    for kind, state, n in (
        _transfers(scope).order_by().values_list("kind", "state").annotate(n=Count("id"))
    ):
        counts[(kind, "all")] += n
        for key, (states, _label) in OUTCOMES.items():
            if state in states:
                counts[(kind, key)] += n
    rows = tuple(
        Row(
            f"kind:{kind}",
            str(label),
            (counts[(kind, "all")], *(counts[(kind, key)] for key in OUTCOMES)),
        )
        for kind, label in TransferKind.choices
    )
    columns = (_("移送类别"), _("移送数"), *(str(label) for _states, label in OUTCOMES.values()))
    return Table(
        "transfers_by_kind", _("案件移送及结果"), columns, rows,
        _bar(_("案件移送"), rows),
        note=_("按移送时间统计；涉嫌犯罪移送的“已立案或接收”指公安机关立案。"),
    )  # fmt: skip


STEPS = (
    ("reported_at", "decided_at", _("书面报告至负责人审批")),
    ("decided_at", "sent_at", _("批准至移送")),
    ("sent_at", "received_at", _("移送至签收")),
    ("received_at", "filing_decided_at", _("签收至立案审查决定")),
    ("filing_decided_at", "handed_over_at", _("立案至移交涉案物品")),
    ("sent_at", "concluded_at", _("移送至办结")),
)


class _Median(Aggregate):
    """The median (PostgreSQL's percentile_cont), with FILTER when given."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _spans(rows, group: tuple[str, ...], spans: tuple[tuple[str, str], ...]) -> dict:
    """Per group: (rows, [rows where the end is known], [median seconds from start to end
    where the end is not before the start, or None]) — in the database on PostgreSQL, in
    Python elsewhere."""
    rows = rows.order_by()
    found = {}
    if connection.vendor == "postgresql":
        annotations = {"_n": Count("pk")}
        for i, (a, b) in enumerate(spans):
            seconds = Extract(ExpressionWrapper(F(b) - F(a), output_field=DurationField()), "epoch")
            annotations[f"_done{i}"] = Count(b)
            annotations[f"_m{i}"] = _Median(seconds, filter=Q(**{f"{b}__gte": F(a)}))
        for r in rows.values(*group).annotate(**annotations):
            found[tuple(r[g] for g in group)] = (
                r["_n"],
                [r[f"_done{i}"] for i in range(len(spans))],
                [r[f"_m{i}"] for i in range(len(spans))],
            )
        return found
    moments = sorted({m for pair in spans for m in pair})
    collected = defaultdict(list)
    for values in rows.values_list(*group, *moments):
        collected[values[: len(group)]].append(
            dict(zip(moments, values[len(group) :], strict=True))
        )
    for key, items in collected.items():
        done, medians = [], []
        for a, b in spans:
            done.append(sum(1 for t in items if t[b] is not None))
            lengths = [
                (t[b] - t[a]).total_seconds()
                for t in items
                if t[a] is not None and t[b] is not None and t[b] >= t[a]
            ]
            medians.append(statistics.median(lengths) if lengths else None)
        found[key] = (len(items), done, medians)
    return found


def transfer_steps(scope: Scope) -> Table:
    spans = tuple((a, b) for a, b, _label in STEPS)
    by_kind = _spans(_transfers(scope), ("kind",), spans)
    rows = []
    for kind, label in TransferKind.choices:
        medians = by_kind.get((kind,), (0, [], [None] * len(spans)))[2]
        values = tuple("—" if m is None else f"{m / 86400:.1f}" for m in medians)
        rows.append(Row(f"kind:{kind}", str(label), values))
    columns = (_("移送类别"), *(str(label) for _a, _b, label in STEPS))
    return Table(
        "transfer_steps", _("移送各环节用时（中位数，天）"), columns, tuple(rows),
        note=_("不适用的环节显示为“—”。"),
    )  # fmt: skip


# ---------------------------------------------------------------- consultations and assistance


def collaboration(scope: Scope) -> Table:
    names = dict(
        Department.objects.filter(jurisdiction_id=scope.departments[0].jurisdiction_id).values_list(
            "pk", "short_name"
        )
    )
    answered = (("created_at", "answered_at"),)
    involved = Q(asking_department_id__in=scope.ids) | Q(department_id__in=scope.ids)
    consultations = _spans(
        Consultation.objects.filter(involved, scope.during("created_at")),
        ("asking_department_id", "department_id"),
        answered,
    )
    involved = Q(requesting_department_id__in=scope.ids) | Q(helping_department_id__in=scope.ids)
    assistance = _spans(
        AssistanceRequest.objects.filter(involved, scope.during("created_at")),
        ("requesting_department_id", "helping_department_id"),
        answered,
    )
    rows = []
    for what, label, found in (
        ("consultation", _("案件咨询"), consultations),
        ("assistance", _("协查"), assistance),
    ):
        for (asking, asked), (count, done, medians) in sorted(found.items()):
            hours = "—" if medians[0] is None else round(medians[0] / 3600, 1)
            rows.append(
                Row(
                    f"{what}:{asking}-{asked}",
                    f"{label}：{names.get(asking, '?')} → {names.get(asked, '?')}",
                    (count, done[0], hours),
                )
            )
    columns = (_("事项与单位"), _("提出数"), _("已答复或受理"), _("答复或受理用时（中位数，小时）"))
    return Table("collaboration", _("案件咨询与协查"), columns, tuple(rows))


# ---------------------------------------------------------------- deadlines and resolutions


def _timers(scope: Scope):
    return Deadline.objects.filter(department_id__in=scope.ids).filter(scope.during("due_at"))


def deadlines_on_time(scope: Scope) -> Table:
    stats = (
        _timers(scope)
        .exclude(state=DeadlineState.CANCELLED)
        .order_by()
        .values_list("rule__code", "rule__name")
        .annotate(
            total=Count("id"),
            in_time=Count("id", filter=Q(state=DeadlineState.MET, met_at__lte=F("due_at"))),
            late=Count("id", filter=Q(state=DeadlineState.MET, met_at__gt=F("due_at"))),
            missed=Count("id", filter=Q(state=DeadlineState.MISSED)),
            running=Count("id", filter=Q(state__in=[DeadlineState.RUNNING, DeadlineState.PAUSED])),
        )
    )
    rows = tuple(
        Row(
            f"rule:{code}",
            name,
            (total, in_time, late, missed, running, _rate(in_time, in_time + late + missed)),
        )
        for code, name, total, in_time, late, missed, running in sorted(stats, key=lambda s: s[1])
    )
    columns = (
        _("期限规则"), _("到期数"), _("按时完成"), _("逾期完成"), _("逾期未完成"), _("计时中"),
        _("按时率"),
    )  # fmt: skip
    chart = charts.Chart(
        title=_("各期限规则按时率"),
        categories=tuple(r.label for r in rows),
        series=(
            charts.Series(
                _("按时率"),
                tuple(
                    100 * r.values[1] / (r.values[1] + r.values[2] + r.values[3])
                    if (r.values[1] + r.values[2] + r.values[3])
                    else 0.0
                    for r in rows
                ),
            ),
        ),
        kind="hbar",
        unit="%",
    )
    return Table(
        "deadlines_on_time", _("各期限按时完成情况"), columns, rows, chart,
        note=_("按届满时间统计；按时率 = 按时完成 ÷（按时完成 + 逾期完成 + 逾期未完成）。"),
    )  # fmt: skip


def resolutions_by_owner(scope: Scope) -> Table:
    stats = dict(
        (d, (total, done, in_time, overdue, running))
        for d, total, done, in_time, overdue, running in _timers(scope)
        .filter(rule__code="meeting.resolution")
        .exclude(state=DeadlineState.CANCELLED)
        .order_by()
        .values_list("department_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(state=DeadlineState.MET)),
            in_time=Count("id", filter=Q(state=DeadlineState.MET, met_at__lte=F("due_at"))),
            overdue=Count("id", filter=Q(state=DeadlineState.MISSED)),
            running=Count("id", filter=Q(state__in=[DeadlineState.RUNNING, DeadlineState.PAUSED])),
        )
    )
    rows = []
    for d in scope.departments:
        total, done, in_time, overdue, running = stats.get(d.pk, (0, 0, 0, 0, 0))
        rows.append(
            Row(
                f"department:{d.pk}",
                d.short_name,
                (total, running, done, overdue, _rate(in_time, done + overdue)),
            )
        )
    columns = (_("责任单位"), _("议定事项"), _("落实中"), _("已办结"), _("逾期未办结"), _("按时率"))
    return Table(
        "resolutions_by_owner", _("联席会议议定事项落实"), columns, tuple(rows),
        _bar(_("议定事项"), rows),
        note=_("按完成时限统计，一个事项有几个责任单位计几次。"),
    )  # fmt: skip


# ---------------------------------------------------------------- credit and problems


def credit_records(scope: Scope) -> Table:
    records = (
        CreditRecord.objects.filter(department_id__in=scope.ids)
        .filter(scope.during("created_at"))
        .order_by()
        .values_list("department_id")
    )
    stats = {
        d: rest
        for d, *rest in records.annotate(
            created=Count("id"),
            submitted=Count("id", filter=Q(submitted_at__isnull=False)),
            reviewed=Count("id", filter=Q(reviewed_at__isnull=False)),
            published=Count("id", filter=Q(published_at__isnull=False)),
        )
    }
    pushed = dict(
        Push.objects.filter(
            record__department_id__in=scope.ids, state=PushState.SENT, operation="publish"
        )
        .filter(scope.during("record__created_at"))
        .order_by()
        .values_list("record__department_id")
        .annotate(n=Count("record_id", distinct=True))
    )
    rows = tuple(
        Row(
            f"department:{d.pk}",
            d.short_name,
            (*stats.get(d.pk, (0, 0, 0, 0)), pushed.get(d.pk, 0)),
        )
        for d in scope.departments
    )
    columns = (_("处罚机关"), _("录入"), _("报送"), _("审核通过"), _("已公示"), _("推送成功"))
    return Table(
        "credit_records", _("信用信息录入、审核、推送和公示"), columns, rows,
        _bar(_("信用记录"), rows),
    )  # fmt: skip


def problems(scope: Scope) -> Table:
    counts = dict(
        Bulletin.objects.filter(department_id__in=scope.ids, category=Category.PROBLEM)
        .filter(scope.during("created_at"))
        .order_by()
        .values_list("department_id")
        .annotate(n=Count("id"))
    )
    rows = tuple(
        Row(f"department:{d.pk}", d.short_name, (counts.get(d.pk, 0),)) for d in scope.departments
    )
    return Table(
        "problems", _("问题反映"), (_("反映单位"), _("问题反映数")), rows,
        note=_("成员单位通过信息通报反映的执行中存在的问题。"),
    )  # fmt: skip


TABLES: dict[str, Callable[[Scope], Table]] = {
    "cases_by_department": cases_by_department,
    "cases_by_month": cases_by_month,
    "cases_by_source": cases_by_source,
    "cases_by_type": cases_by_type,
    "cases_by_state": cases_by_state,
    "transfers_by_kind": transfers_by_kind,
    "transfer_steps": transfer_steps,
    "collaboration": collaboration,
    "deadlines_on_time": deadlines_on_time,
    "resolutions_by_owner": resolutions_by_owner,
    "credit_records": credit_records,
    "problems": problems,
}


@dataclass
class Dashboard:
    scope: Scope
    tables: list[Table]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def dashboard(viewer, period: Period, department=None, only: tuple[str, ...] = ()) -> Dashboard:
    scope = scope_for(viewer, period, department)
    keys = only or tuple(TABLES)
    return Dashboard(scope, [TABLES[key](scope) for key in keys])


# ---------------------------------------------------------------- the records behind a figure


def drill(scope: Scope, table: str, key: str):
    """The records behind one row of a table, as far as the viewer may see them: (model,
    queryset of the rows behind it, queryset of those the viewer sees)."""
    kind, _sep, value = key.partition(":")
    viewer = scope.viewer
    if table.startswith("cases_"):
        cases = _cases(scope)
        if table == "cases_by_month":
            month = dt.date.fromisoformat(value)
            end = (month + dt.timedelta(days=32)).replace(day=1)
            since = dt.datetime.combine(month, dt.time(0), CHINA)
            until = dt.datetime.combine(end, dt.time(0), CHINA)
            cases = Case.objects.filter(department_id__in=scope.ids).filter(
                created_at__gte=max(since, scope.since), created_at__lt=min(until, scope.until)
            )
        elif kind == "source":
            cases = cases.filter(source=value)
        elif kind == "state":
            cases = cases.filter(state=value)
        elif kind == "type":
            cases = (
                cases.filter(violation_types__isnull=True)
                if value == "none"
                else cases.filter(violation_types=int(value))
            )
        elif kind == "department":
            cases = cases.filter(department_id=int(value))
        return Case, cases, cases.filter(pk__in=Case.objects.visible_to(viewer).values("pk"))
    if table in ("transfers_by_kind", "transfer_steps"):
        rows = _transfers(scope).filter(kind=value)
        return Transfer, rows, rows.filter(pk__in=Transfer.objects.visible_to(viewer).values("pk"))
    if table == "collaboration":
        asking, _dash, asked = value.partition("-")
        if not {int(asking), int(asked)} & set(scope.ids):
            raise LookupError(key)  # a pair the viewer's scope does not involve
        if kind == "consultation":
            rows = Consultation.objects.filter(
                asking_department_id=int(asking), department_id=int(asked)
            ).filter(scope.during("created_at"))
            return (
                Consultation,
                rows,
                rows.filter(pk__in=Consultation.objects.visible_to(viewer).values("pk")),
            )
        rows = AssistanceRequest.objects.filter(
            requesting_department_id=int(asking), helping_department_id=int(asked)
        ).filter(scope.during("created_at"))
        return (
            AssistanceRequest,
            rows,
            rows.filter(pk__in=AssistanceRequest.objects.visible_to(viewer).values("pk")),
        )
    if table in ("deadlines_on_time", "resolutions_by_owner"):
        rows = _timers(scope).exclude(state=DeadlineState.CANCELLED)
        if table == "deadlines_on_time":
            rows = rows.filter(rule__code=value)
        else:
            rows = rows.filter(rule__code="meeting.resolution", department_id=int(value))
        return Deadline, rows, rows.filter(pk__in=Deadline.objects.visible_to(viewer).values("pk"))
    if table == "credit_records":
        rows = CreditRecord.objects.filter(department_id=int(value), department_id__in=scope.ids)
        rows = rows.filter(scope.during("created_at"))
        return (
            CreditRecord,
            rows,
            rows.filter(pk__in=CreditRecord.objects.visible_to(viewer).values("pk")),
        )
    if table == "problems":
        rows = Bulletin.objects.filter(
            department_id=int(value), department_id__in=scope.ids, category=Category.PROBLEM
        ).filter(scope.during("created_at"))
        return Bulletin, rows, rows.filter(pk__in=Bulletin.objects.visible_to(viewer).values("pk"))
    raise LookupError(table)
