"""Permission matrix entries of the figures and the operation reports.

Every member department's people see the figures (of their own work; the lead unit's of all);
administrators see none. Reports are the lead unit's: its people read them, its heads and
officers draft, its head issues; other departments do not learn they exist."""

from liandong.reports import actions, periods
from liandong.reports.models import OperationReport
from tests.matrix import EVERYONE, Endpoint, Route

ADMINS = frozenset({"admin", "outsider"})
MEMBERS = EVERYONE - ADMINS
FIN = frozenset({"fin_head", "fin_liaison", "fin_officer", "fin_officer2", "fin_viewer"})
FIN_WRITERS = FIN - {"fin_viewer"}
HEAD = frozenset({"fin_head"})
NOT_FIN = EVERYONE - FIN
Q = "?period=2026-Q3"


def _draft(cast):
    from django.utils import timezone

    period = periods.quarter(2026, 3, timezone.localdate())
    found = OperationReport.objects.filter(period_key=period.key, state="draft").first()
    return found or actions.draft_report(period, acting_user=cast.fin_liaison)


def _version():
    return OperationReport.objects.order_by("-pk").values_list("version", flat=True).first()


def _issued(cast):
    return actions.issue_report(_draft(cast), acting_user=cast.fin_head)


ROUTES = [
    Route("reports:dashboard", allowed=MEMBERS),
    Route("reports:export", allowed=MEMBERS),
    Route(
        "reports:table",
        kwargs=lambda c: {"key": "cases_by_source", "fmt": "csv"},
        allowed=MEMBERS,
    ),
    Route(
        "reports:rows",
        data=lambda c: {"period": "2026-Q3", "table": "cases_by_source", "key": "source:complaint"},
        allowed=MEMBERS,
    ),
    Route("reports:reports", allowed=FIN),
    Route(
        "reports:reports",
        method="POST",
        data=lambda c: {"period": "2026-Q2"},
        allowed=FIN_WRITERS,
        success=(302,),
        audit="reports.report.draft",
        label="POST reports:reports",
    ),
    Route("reports:report", kwargs=lambda c: {"pk": _draft(c).pk}, allowed=FIN, hidden=NOT_FIN),
    Route(
        "reports:report",
        method="POST",
        kwargs=lambda c: {"pk": _draft(c).pk},
        data=lambda c: {"title": "报告", "version": _version(), "overview": "总体平稳。"},
        allowed=FIN_WRITERS,
        hidden=NOT_FIN,
        success=(302,),
        audit="reports.report.update",
        label="POST reports:report",
    ),
    Route(
        "reports:issue",
        method="POST",
        kwargs=lambda c: {"pk": _draft(c).pk},
        data=lambda c: {"version": _version()},
        allowed=HEAD,
        hidden=NOT_FIN,
        success=(302,),
        audit="reports.report.issue",
    ),
    Route(
        "reports:discard",
        method="POST",
        kwargs=lambda c: {"pk": _draft(c).pk},
        data=lambda c: {"version": _version()},
        allowed=FIN_WRITERS,
        hidden=NOT_FIN,
        success=(302,),
        audit="reports.report.discard",
    ),
    Route(
        "reports:file",
        kwargs=lambda c: {"pk": _issued(c).pk, "fmt": "xlsx"},
        allowed=FIN,
        hidden=NOT_FIN,
        audit="reports.report.download",
    ),
]

ENDPOINTS = [
    Endpoint("GET", "/api/v1/reports/dashboard", query=Q, allowed=MEMBERS),
    Endpoint("GET", "/api/v1/reports/operation-reports", allowed=FIN),
    Endpoint(
        "POST",
        "/api/v1/reports/operation-reports",
        body=lambda c: {"period": "2026-Q2"},
        allowed=FIN_WRITERS,
        success=(201,),
        audit="reports.report.draft",
    ),
    Endpoint(
        "GET",
        "/api/v1/reports/operation-reports/{report_id}",
        params=lambda c: {"report_id": _draft(c).pk},
        allowed=FIN,
        hidden=NOT_FIN,
    ),
    Endpoint(
        "PATCH",
        "/api/v1/reports/operation-reports/{report_id}",
        params=lambda c: {"report_id": _draft(c).pk},
        body=lambda c: {"prose": {"overview": "总体平稳。"}},
        allowed=FIN_WRITERS,
        hidden=NOT_FIN,
        audit="reports.report.update",
    ),
    Endpoint(
        "POST",
        "/api/v1/reports/operation-reports/{report_id}/issue",
        params=lambda c: {"report_id": _draft(c).pk},
        body=lambda c: {},
        allowed=HEAD,
        hidden=NOT_FIN,
        audit="reports.report.issue",
    ),
]
