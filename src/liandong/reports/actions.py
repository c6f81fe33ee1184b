"""State changes of operation reports: draft for a period, edit the prose, discard a draft,
issue (figures frozen, .docx/.pdf issued as a numbered document, .xlsx kept with its SM3), and
the superseding of an earlier issue of the same period."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.crypto import sm3_hex
from liandong.core.validation import check_version, refuse, save_changes
from liandong.documents import actions as documents
from liandong.reports import export, figures, paperwork
from liandong.reports.models import SECTIONS, TRANSITIONS, OperationReport, ReportState
from liandong.reports.periods import Period

PROSE_MAX = 20_000
STEP_NAMES = {
    "edit": gettext_lazy("修改"),
    "issue": gettext_lazy("印发"),
    "discard": gettext_lazy("删除草稿"),
}


def _title(department, period: Period) -> str:
    return _("%(dept)s关于%(period)s全区政府采购领域联动执法协作机制运行情况的报告") % {
        "dept": department.name,
        "period": period.label,
    }


def _step(report: OperationReport, verb: str) -> None:
    if report.state not in TRANSITIONS[verb][0]:
        raise refuse(
            "state",
            _("报告当前为“%(state)s”，不能%(step)s。")
            % {"state": report.get_state_display(), "step": STEP_NAMES[verb]},
            "wrong_state",
        )


@action("reports.report.draft")
def draft_report(period: Period, *, acting_user) -> OperationReport:
    """A draft for ``period``; when the period was issued before, the draft is its next
    edition, which will supersede it."""
    policy.require_of(acting_user, "reports.report.draft")
    department = acting_user.department
    reports = OperationReport.objects.filter(department=department, period_key=period.key)
    if reports.filter(state=ReportState.DRAFT).exists():
        raise refuse(
            "period",
            _("%(period)s的报告已有草稿，请在草稿上修改。") % {"period": period.label},
            "draft_exists",
        )
    edition = (reports.order_by("-edition").values_list("edition", flat=True).first() or 0) + 1
    try:
        with transaction.atomic():
            report = OperationReport.objects.create(
                department=department,
                period_key=period.key,
                period_label=period.label,
                start=period.start,
                end=period.end,
                edition=edition,
                title=_title(department, period),
                prose={key: "" for key, _label in SECTIONS},
                created_by=acting_user,
            )
    except IntegrityError as error:  # someone drafted it at the same moment
        raise refuse(
            "period", _("该期间的报告草稿已由他人创建，请刷新。"), "draft_exists"
        ) from error
    audit.record(
        "reports.report.draft",
        actor=acting_user,
        obj=report,
        after={"period": period.key, "edition": edition},
    )
    return report


def _locked(report: OperationReport, expected_version: int | None) -> OperationReport:
    report = (
        OperationReport.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=report.pk)
    )
    check_version(report, expected_version)
    return report


@action("reports.report.update")
def update_report(
    report: OperationReport,
    *,
    acting_user,
    title: str | None = None,
    prose: dict | None = None,
    expected_version: int | None = None,
) -> OperationReport:
    report = _locked(report, expected_version)
    policy.require_of(acting_user, "reports.report.draft", report)
    _step(report, "edit")
    changes = {}
    if title is not None:
        title = title.strip()
        if not title:
            raise refuse("title", _("请填写报告标题。"), "required")
        if len(title) > 200:
            raise refuse("title", _("标题不超过200个字。"), "too_long")
        changes["title"] = title
    if prose is not None:
        known = {key for key, _label in SECTIONS}
        unknown = set(prose) - known
        if unknown:
            raise refuse(sorted(unknown)[0], _("报告没有这一部分。"), "unknown_section")
        merged = dict(report.prose)
        for key, text in prose.items():
            text = (text or "").strip()
            if len(text) > PROSE_MAX:
                raise refuse(key, _("每部分不超过%(n)s个字。") % {"n": PROSE_MAX}, "too_long")
            merged[key] = text
        changes["prose"] = merged
    before = {"title": report.title, "prose": report.prose}
    save_changes(report, **changes)
    audit.record(
        "reports.report.update",
        actor=acting_user,
        obj=report,
        before=before,
        after={"title": report.title, "prose": report.prose},
    )
    return report


@action("reports.report.discard")
def discard_report(report: OperationReport, *, acting_user, expected_version=None) -> None:
    report = _locked(report, expected_version)
    policy.require_of(acting_user, "reports.report.draft", report)
    _step(report, "discard")
    audit.record(
        "reports.report.discard",
        actor=acting_user,
        obj=report,
        before={"period": report.period_key, "edition": report.edition},
    )
    report.delete()


def period_of(report: OperationReport) -> Period:
    from liandong.reports import periods

    return periods.parse(report.period_key, max(report.start, timezone.localdate()))


@action("reports.report.issue")
def issue_report(
    report: OperationReport, *, acting_user, expected_version: int | None = None
) -> OperationReport:
    """Freeze the figures as they stand now, issue the document (numbered, .docx and .pdf with
    their digests), keep the tables as .xlsx with its SM3, and supersede an earlier issue."""
    report = _locked(report, expected_version)
    policy.require_of(acting_user, "reports.report.issue", report)
    _step(report, "issue")
    dashboard = figures.dashboard(
        acting_user if acting_user is not None else report.created_by, period_of(report)
    )
    earlier = (
        OperationReport.objects.select_for_update()
        .filter(
            department=report.department, period_key=report.period_key, state=ReportState.ISSUED
        )
        .first()
    )
    if earlier is not None:
        save_changes(earlier, state=ReportState.SUPERSEDED)
        audit.record(
            "reports.report.supersede",
            actor=acting_user,
            obj=earlier,
            after={"state": ReportState.SUPERSEDED, "by_edition": report.edition},
        )
    document = documents.issue_document(
        paperwork.content(report, dashboard),
        department=report.department,
        kind="operation_report",
        subject=report,
        acting_user=acting_user,
    )
    sheet = export.workbook(dashboard.tables, heading=report.title)
    save_changes(
        report,
        state=ReportState.ISSUED,
        figures=[export.as_json(t) for t in dashboard.tables],
        document=document,
        xlsx=sheet,
        xlsx_sm3=sm3_hex(sheet),
        supersedes=earlier,
        issued_by=acting_user,
        issued_at=timezone.now(),
    )
    audit.record(
        "reports.report.issue",
        actor=acting_user,
        obj=report,
        after={
            "number": document.number,
            "docx_sm3": document.docx_sm3,
            "pdf_sm3": document.pdf_sm3,
            "xlsx_sm3": report.xlsx_sm3,
            "supersedes": earlier.pk if earlier else None,
        },
    )
    return report


@action("reports.report.download")
def record_xlsx_download(report: OperationReport, *, acting_user) -> None:
    """Someone took a copy of an issued report's tables."""
    policy.require_of(acting_user, "reports.report.view", report)
    audit.record(
        "reports.report.download",
        actor=acting_user,
        obj=report,
        after={"format": "xlsx", "sm3": report.xlsx_sm3},
    )
