"""The figures of the dashboards and the operation reports."""

import datetime as dt

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import ConfigDict

from liandong.core import policy
from liandong.core.validation import refuse
from liandong.organizations.models import Department
from liandong.reports import actions, export, figures, periods
from liandong.reports.models import OperationReport

router = Router(tags=["运行情况"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class RowOut(Schema):
    key: str
    label: str
    values: list


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[RowOut]
    note: str


class DashboardOut(Schema):
    scope: str
    period: str = Field(..., description="如 2026-Q3、2026-H1、2026")
    period_label: str
    start: dt.date
    end: dt.date
    tables: list[TableOut]


def _period(key: str):
    try:
        return periods.parse(
            key or periods.current_quarter(timezone.localdate()).key, timezone.localdate()
        )
    except periods.BadPeriod as error:
        raise refuse(error.field, str(error), "invalid_period") from error


def _department(department_id: int | None):
    if department_id is None:
        return None
    found = Department.objects.filter(pk=department_id).first()
    if found is None:
        raise refuse("department", _("无效的单位。"), "unknown")
    return found


@router.get(
    "/reports/dashboard", response=DashboardOut, summary="运行情况统计（按统计期间、成员单位）"
)
def dashboard(request, period: str = "", department: int | None = None, table: str = ""):
    """牵头单位可查看全部成员单位或指定一个；其他成员单位只能查看本单位。table：只取一张表。"""
    policy.require(request.user, "reports.dashboard.view")
    if table and table not in figures.TABLES:
        raise refuse("table", _("没有这张表：%(t)s。") % {"t": table}, "unknown")
    board = figures.dashboard(
        request.user, _period(period), _department(department), only=(table,) if table else ()
    )
    scope = board.scope
    return {
        "scope": scope.label,
        "period": scope.period.key,
        "period_label": scope.period.label,
        "start": scope.period.start,
        "end": scope.period.end,
        "tables": [export.as_json(t) for t in board.tables],
    }


class ReportOut(Schema):
    id: int
    title: str
    period: str
    period_label: str
    edition: int
    state: str
    prose: dict
    number: str
    pdf_sm3: str
    docx_sm3: str
    xlsx_sm3: str
    issued_at: dt.datetime | None
    supersedes_id: int | None
    version: int


def _out(report: OperationReport) -> dict:
    report = OperationReport.objects.select_related("document").get(pk=report.pk)
    document = report.document
    return {
        "id": report.pk,
        "title": report.title,
        "period": report.period_key,
        "period_label": report.period_label,
        "edition": report.edition,
        "state": report.state,
        "prose": report.prose,
        "number": document.number if document else "",
        "pdf_sm3": document.pdf_sm3 if document else "",
        "docx_sm3": document.docx_sm3 if document else "",
        "xlsx_sm3": report.xlsx_sm3,
        "issued_at": report.issued_at,
        "supersedes_id": report.supersedes_id,
        "version": report.version,
    }


def _visible(request, report_id: int) -> OperationReport:
    return get_object_or_404(OperationReport.objects.visible_to(request.user), pk=report_id)


@router.get(
    "/reports/operation-reports", response=list[ReportOut], summary="运行情况报告（牵头单位）"
)
def list_reports(request):
    policy.require(request.user, "reports.report.view")
    return [_out(r) for r in OperationReport.objects.visible_to(request.user)]


class DraftIn(Strict):
    period: str = Field(..., description="2026-Q3、2026-H1 或 2026")


@router.post("/reports/operation-reports", response={201: ReportOut}, summary="起草运行情况报告")
def draft(request, payload: DraftIn):
    policy.require(request.user, "reports.report.draft")
    report = actions.draft_report(_period(payload.period), acting_user=request.user)
    return Status(201, _out(report))


@router.get("/reports/operation-reports/{report_id}", response=ReportOut, summary="报告详情")
def get_report(request, report_id: int):
    return _out(_visible(request, report_id))


class UpdateIn(Strict):
    title: str | None = Field(None, max_length=200)
    prose: dict[str, str] | None = Field(
        None,
        description=(
            "overview, duties, transfers, collaboration, meetings, credit, problems, next_steps"
        ),
    )
    version: int | None = None


@router.patch("/reports/operation-reports/{report_id}", response=ReportOut, summary="修改草稿")
def update(request, report_id: int, payload: UpdateIn):
    report = actions.update_report(
        _visible(request, report_id),
        title=payload.title,
        prose=payload.prose,
        expected_version=payload.version,
        acting_user=request.user,
    )
    return _out(report)


class IssueIn(Strict):
    version: int | None = None


@router.post(
    "/reports/operation-reports/{report_id}/issue", response=ReportOut, summary="印发（负责人）"
)
def issue(request, report_id: int, payload: IssueIn):
    report = actions.issue_report(
        _visible(request, report_id), expected_version=payload.version, acting_user=request.user
    )
    return _out(report)
