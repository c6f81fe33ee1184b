from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.core.views import attachment
from liandong.documents import files as document_files
from liandong.organizations.models import Department
from liandong.reports import actions, charts, export, figures, periods
from liandong.reports.models import SECTIONS, OperationReport, ReportState

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DashboardForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("统计期间"))
    department = forms.TypedChoiceField(
        label=gettext_lazy("成员单位"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period"].choices = [(p.key, p.label) for p in periods.choices(today)]
        self.fields["period"].initial = periods.current_quarter(today).key
        if user.department.is_lead:
            members = Department.objects.filter(
                jurisdiction_id=user.department.jurisdiction_id, is_member=True
            ).order_by("pk")
            self.fields["department"].choices = [("", _("全部成员单位"))] + [
                (d.pk, d.name) for d in members
            ]
        else:
            del self.fields["department"]


def _scope_args(request):
    """The period and department asked for (GET), checked; a clear message when impossible."""
    today = timezone.localdate()
    key = request.GET.get("period") or periods.current_quarter(today).key
    try:
        period = periods.parse(key, today)
    except periods.BadPeriod as error:
        raise ValidationError({error.field: str(error)}) from error
    department = None
    chosen = request.GET.get("department", "")
    if chosen:
        if not chosen.isdigit():
            raise ValidationError({"department": _("无效的单位。")})
        department = Department.objects.filter(pk=int(chosen)).first()
        if department is None:
            raise ValidationError({"department": _("无效的单位。")})
    return period, department


def _problem(request, error: ValidationError):
    return render(
        request,
        "reports/problem.html",
        {"title": _("运行情况"), "messages_": error.messages},
        status=400,
    )


@login_required
def dashboard(request):
    policy.require(request.user, "reports.dashboard.view")
    try:
        period, department = _scope_args(request)
        board = figures.dashboard(request.user, period, department)
    except ValidationError as error:
        return _problem(request, error)
    form = DashboardForm(
        initial={"period": period.key, "department": department.pk if department else ""},
        user=request.user,
    )
    query = {"period": period.key}
    if department is not None:
        query["department"] = department.pk
    tables = []
    for table in board.tables:
        drill = reverse("reports:rows")
        rows = [
            (row, f"{drill}?{urlencode({**query, 'table': table.key, 'key': row.key})}")
            for row in table.rows
        ]
        tables.append(
            {
                "t": table,
                "rows": rows,
                "svg": mark_safe(charts.svg(table.chart)) if table.chart else "",  # noqa: S308
                "wide": len(table.columns) > 4,
                "csv": f"{reverse('reports:table', args=[table.key, 'csv'])}?{urlencode(query)}",
                "xlsx": f"{reverse('reports:table', args=[table.key, 'xlsx'])}?{urlencode(query)}",
            }
        )
    return render(
        request,
        "reports/dashboard.html",
        {
            "title": _("运行情况"),
            "form": form,
            "board": board,
            "tables": tables,
            "all_xlsx": f"{reverse('reports:export')}?{urlencode(query)}",
            "can_report": policy.can(request.user, "reports.report.view"),
        },
    )


@login_required
def table_export(request, key: str, fmt: str):
    policy.require(request.user, "reports.dashboard.view")
    if key not in figures.TABLES or fmt not in ("csv", "xlsx"):
        raise Http404
    try:
        period, department = _scope_args(request)
        board = figures.dashboard(request.user, period, department, only=(key,))
    except ValidationError as error:
        return _problem(request, error)
    table = board.tables[0]
    name = f"{table.title}_{board.scope.label}_{period.label}"
    if fmt == "csv":
        return attachment(export.csv_text(table), f"{name}.csv", "text/csv; charset=utf-8")
    return attachment(export.workbook([table], heading=name), f"{name}.xlsx", XLSX)


@login_required
def dashboard_export(request):
    policy.require(request.user, "reports.dashboard.view")
    try:
        period, department = _scope_args(request)
        board = figures.dashboard(request.user, period, department)
    except ValidationError as error:
        return _problem(request, error)
    heading = f"{board.scope.label} {period.label}"
    data = export.workbook(board.tables, heading=heading)
    return attachment(data, f"运行情况_{heading}.xlsx", XLSX)


DRILL_URLS = {
    "cases.case": "cases:detail",
    "transfers.transfer": "transfers:detail",
    "consultations.consultation": "consultations:detail",
    "assistance.assistancerequest": "assistance:detail",
    "credit.creditrecord": "credit:detail",
    "sharing.bulletin": "sharing:detail",
}


@login_required
def rows(request):
    """The records behind one figure, as far as the viewer may see them."""
    policy.require(request.user, "reports.dashboard.view")
    table, key = request.GET.get("table", ""), request.GET.get("key", "")
    if table not in figures.TABLES:
        raise Http404
    try:
        period, department = _scope_args(request)
        scope = figures.scope_for(request.user, period, department)
        model, behind, visible = figures.drill(scope, table, key)
    except ValidationError as error:
        return _problem(request, error)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    url_name = DRILL_URLS.get(model._meta.label_lower)
    page = Paginator(visible.order_by("-pk"), 50).get_page(request.GET.get("page"))
    items = [
        (obj, reverse(url_name, args=[obj.pk]) if url_name else "") for obj in page.object_list
    ]
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    row = next((r for r in figures.TABLES[table](scope).rows if r.key == key), None)
    return render(
        request,
        "reports/rows.html",
        {
            "title": _("统计明细"),
            "table_title": figures.TABLES[table](scope).title if row is None else None,
            "row": row,
            "scope": scope,
            "items": items,
            "page": page,
            "query": urlencode(kept),
            "total": behind.count(),
            "shown": page.paginator.count,
            "model_name": model._meta.verbose_name,
            "back": f"{reverse('reports:dashboard')}?{urlencode(_scope_only(kept))}",
        },
    )


def _scope_only(query: dict) -> dict:
    return {k: v for k, v in query.items() if k in ("period", "department")}


# ---------------------------------------------------------------- operation reports


class DraftForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("统计期间"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["period"].choices = [(p.key, p.label) for p in periods.choices(today)]


class ProseForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=200)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=gettext_lazy("每段一行；本部分的数据和图表由系统填入。"),
            )


@login_required
def report_list(request):
    policy.require(request.user, "reports.report.view")
    form = DraftForm(request.POST or None)
    if request.method == "POST":
        policy.require(request.user, "reports.report.draft")
        if form.is_valid():
            try:
                period = periods.parse(form.cleaned_data["period"], timezone.localdate())
                report = actions.draft_report(period, acting_user=request.user)
            except periods.BadPeriod as error:
                form.add_error("period", str(error))
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已起草报告，请填写各部分文字后提交负责人印发。"))
                return redirect("reports:report", pk=report.pk)
    reports = OperationReport.objects.visible_to(request.user).select_related("document")
    return render(
        request,
        "reports/report_list.html",
        {
            "title": _("运行情况报告"),
            "form": form,
            "reports": reports,
            "can_draft": policy.can(request.user, "reports.report.draft"),
        },
    )


def _report(request, pk: int) -> OperationReport:
    return get_object_or_404(
        OperationReport.objects.visible_to(request.user).select_related(
            "document", "department__jurisdiction", "supersedes", "created_by", "issued_by"
        ),
        pk=pk,
    )


@login_required
def report_detail(request, pk: int):
    report = _report(request, pk)
    user = request.user
    editable = report.state == ReportState.DRAFT and policy.can(
        user, "reports.report.draft", report
    )
    form = None
    if editable:
        initial = {"title": report.title, "version": report.version, **report.prose}
        form = ProseForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                actions.update_report(
                    report,
                    title=data["title"],
                    prose={key: data[key] for key, _label in SECTIONS},
                    expected_version=data["version"],
                    acting_user=user,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("报告已保存。"))
                return redirect("reports:report", pk=pk)
    elif request.method == "POST":
        raise PermissionDenied
    later = OperationReport.objects.filter(supersedes=report).first()
    in_force = None
    if report.state == ReportState.DRAFT:
        in_force = (
            OperationReport.objects.filter(
                department=report.department, period_key=report.period_key, state=ReportState.ISSUED
            )
            .select_related("document")
            .first()
        )
    return render(
        request,
        "reports/report_detail.html",
        {
            "title": report.title,
            "r": report,
            "form": form,
            "later": later,
            "in_force": in_force,
            "can_issue": report.state == ReportState.DRAFT
            and policy.can(user, "reports.report.issue", report),
            "can_discard": editable,
            "figures": report.figures,
        },
    )


@login_required
@require_POST
def report_issue(request, pk: int):
    report = _report(request, pk)
    version = request.POST.get("version", "")
    try:
        report = actions.issue_report(
            report,
            acting_user=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, _("报告已印发，文号%(number)s。") % {"number": report.document.number}
        )
    return redirect("reports:report", pk=pk)


@login_required
@require_POST
def report_discard(request, pk: int):
    report = _report(request, pk)
    version = request.POST.get("version", "")
    try:
        actions.discard_report(
            report,
            acting_user=request.user,
            expected_version=int(version) if version.isdigit() else None,
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("reports:report", pk=pk)
    messages.success(request, _("草稿已删除。"))
    return redirect("reports:reports")


@login_required
def report_file(request, pk: int, fmt: str):
    report = _report(request, pk)
    if report.document is None or fmt not in ("docx", "pdf", "xlsx"):
        raise Http404
    if fmt == "xlsx":
        actions.record_xlsx_download(report, acting_user=request.user)
        response = attachment(bytes(report.xlsx), f"{report.document.number}数据表.xlsx", XLSX)
        response["X-Content-SM3"] = report.xlsx_sm3
        return response
    try:
        return document_files.deliver(report.document, fmt, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("reports:report", pk=pk)
