"""Who may see the figures and who writes and issues the operation report. What a dashboard
counts is ``figures.scope_for``; reports are the lead unit's
(``OperationReport.objects.visible_to``)."""

from liandong.core.policy import rule
from liandong.organizations.models import Role


@rule("reports.dashboard.view")
def view_dashboard(user, _obj) -> bool:
    """Every member department's people see the figures of their own work; the lead unit sees
    every member's."""
    return user.role != Role.ADMIN and user.department.is_member


@rule("reports.report.view")
def view_report(user, report) -> bool:
    return (
        user.role != Role.ADMIN
        and user.department.is_lead
        and (report is None or report.department_id == user.department_id)
    )


@rule("reports.report.draft")
def draft(user, report) -> bool:
    """The lead unit (牵头单位, seed 一(一)) drafts and edits: its heads and officers."""
    return (
        user.role in (Role.HEAD, Role.OFFICER)
        and user.department.is_lead
        and (report is None or report.department_id == user.department_id)
    )


@rule("reports.report.issue")
def issue(user, report) -> bool:
    """The lead unit's head issues it."""
    return (
        user.role == Role.HEAD
        and user.department.is_lead
        and (report is None or report.department_id == user.department_id)
    )
