import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.cases.models import Case, CaseState, DecisionKind
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.core.views import attachment
from liandong.credit import (
    actions,
    check,
    clients,
    entry,
    lists,
    period_table,
    push,
    shuanggongshi,
)
from liandong.credit.forms import (
    BulkCheckForm,
    CheckForm,
    ClientForm,
    ExportForm,
    FilterForm,
    ListImportForm,
    NoteForm,
    PeriodVersionForm,
    PortalSignInForm,
    ReasonForm,
    RecordForm,
)
from liandong.credit.models import (
    TRANSITIONS,
    CheckClient,
    CreditRecord,
    ListImport,
    PeriodVersion,
    Push,
    RecordState,
)
from liandong.credit.policy import is_drc

PAGE_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PORTAL_SESSION_KEY = "credit_check_client"


# ---------------------------------------------------------------- records


@login_required
def record_list(request):
    policy.require(request.user, "credit.check")
    form = FilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    rows = CreditRecord.objects.visible_to(request.user).select_related("department")
    rows = rows.search(data.get("q", ""))
    if data.get("state"):
        rows = rows.filter(state=data["state"])
    if data.get("kind"):
        rows = rows.filter(kind=data["kind"])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    user = request.user
    waiting = (
        CreditRecord.objects.visible_to(user).filter(state=RecordState.SUBMITTED).count()
        if is_drc(user)
        else 0
    )
    return render(
        request,
        "credit/list.html",
        {
            "title": _("信用记录"),
            "form": form,
            "page": page,
            "query": urlencode(kept),
            "waiting": waiting,
            "can_create": policy.can(user, "credit.record.create"),
            "can_export": policy.can(user, "credit.record.export"),
            "is_drc": is_drc(user),
        },
    )


def _penalty_cases(user):
    """The acting user's department's cases decided with a penalty (to enter a record from)."""
    return (
        Case.objects.filter(
            department_id=user.department_id,
            decision_kind=DecisionKind.PENALTY,
            state__in=[
                CaseState.DECIDED,
                CaseState.EXECUTION,
                CaseState.CLOSED,
                CaseState.ARCHIVED,
            ],
        )
        .filter(pk__in=Case.objects.visible_to(user).values("pk"))
        .order_by("-decision_date", "-pk")[:200]
    )


@login_required
def record_new(request):
    policy.require(request.user, "credit.record.create")
    cases = list(_penalty_cases(request.user))
    initial = {}
    chosen = request.GET.get("case")
    if chosen and chosen.isdigit():
        case = next((c for c in cases if c.pk == int(chosen)), None)
        if case is not None:
            initial = {**entry.prefill(case), "case": case.pk}
    form = RecordForm(request.POST or None, initial=initial, cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            record = actions.create_record(
                case=form.cleaned_data.get("case"),
                acting_user=request.user,
                **form.action_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("信用记录已保存为草稿；核对无误后报送发展改革局审核。"))
            return redirect("credit:detail", pk=record.pk)
    return render(
        request,
        "credit/form.html",
        {"title": _("录入信用记录"), "form": form, "prefilled": bool(initial)},
    )


def _visible(request, pk: int) -> CreditRecord:
    return get_object_or_404(
        CreditRecord.objects.visible_to(request.user).select_related(
            "department__jurisdiction", "case", "created_by", "reviewed_by"
        ),
        pk=pk,
    )


@login_required
def record_edit(request, pk: int):
    record = _visible(request, pk)
    policy.require(request.user, "credit.record.edit", record)
    if record.state not in TRANSITIONS["edit"][0]:
        messages.error(request, _("只有草稿可以修改。"))
        return redirect("credit:detail", pk=pk)
    initial = {f: getattr(record, f) for f in entry.FIELDS if f != "id_number"}
    initial["version"] = record.version
    form = RecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_record(
                record,
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
                **form.action_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("信用记录已修改。"))
            return redirect("credit:detail", pk=pk)
    return render(
        request,
        "credit/form.html",
        {"title": _("修改信用记录"), "form": form, "record": record},
    )


@login_required
def record_detail(request, pk: int):
    record = _visible(request, pk)
    user = request.user
    state = record.state

    def may(verb, rule):
        return state in TRANSITIONS[verb][0] and policy.can(user, rule, record)

    pushes = list(record.pushes.prefetch_related("tries").order_by("created_at"))
    return render(
        request,
        "credit/detail.html",
        {
            "title": record.subject_name,
            "r": record,
            "pushes": pushes,
            "fine_wan": shuanggongshi.wan_text(shuanggongshi.to_wan(record.fine))
            if record.fine is not None
            else "",
            "problems": actions.layout_problems(record) if state == RecordState.DRAFT else [],
            "id_number": record.masked_id_number,
            "can_edit": may("edit", "credit.record.edit"),
            "can_submit": may("submit", "credit.record.edit"),
            "can_review": may("review", "credit.record.review"),
            "can_publish": may("publish", "credit.record.review"),
            "can_repair": may("repair", "credit.record.review"),
            "repair_from": _repair_from(record),
            "can_withdraw": may("withdraw", "credit.record.withdraw"),
            "can_retry": policy.can(user, "credit.record.review", record),
            "note_form": NoteForm(initial={"version": record.version}),
            "reason_form": ReasonForm(initial={"version": record.version}),
            "open_states": push.OPEN,
            # the case's page only for those who may open it; the others see its number
            "case_visible": record.case_id is not None
            and Case.objects.visible_to(user).filter(pk=record.case_id).exists(),
        },
    )


def _repair_from(record: CreditRecord):
    """The first day repair is possible, while it is still ahead; None once it has come."""
    first = record.earliest_repair or record.publication_end
    return first if timezone.localdate() < first else None


STEP_ACTIONS = {
    "submit": (actions.submit_record, None, _("已报送发展改革局审核。")),
    "review": (actions.review_record, "note", _("审核通过，已排队推送至信用平台。")),
    "return": (actions.return_record, "reason", _("已退回处罚机关修改。")),
    "publish": (actions.publish_record, "note", _("已确认公示。")),
    "withdraw": (actions.withdraw_record, "reason", _("信用记录已撤销。")),
    "repair": (actions.repair_record, "reason", _("已办理信用修复，停止公示。")),
}


@login_required
@require_POST
def record_step(request, pk: int, step: str):
    record = _visible(request, pk)
    if step not in STEP_ACTIONS:
        messages.error(request, _("未知的操作。"))
        return redirect("credit:detail", pk=pk)
    act, text_field, done = STEP_ACTIONS[step]
    kwargs = {}
    if text_field:
        kwargs[text_field] = request.POST.get("reason") or request.POST.get("note") or ""
    version = request.POST.get("version")
    try:
        act(
            record,
            acting_user=request.user,
            expected_version=int(version) if version and version.isdigit() else None,
            **kwargs,
        )
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, str(done))
    return redirect("credit:detail", pk=pk)


@login_required
@require_POST
def push_retry(request, pk: int):
    found = get_object_or_404(
        Push.objects.filter(record__in=CreditRecord.objects.visible_to(request.user)), pk=pk
    )
    try:
        push.retry_now(found, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已安排立即重新推送。"))
    return redirect("credit:detail", pk=found.record_id)


# ---------------------------------------------------------------- 双公示 export


@login_required
def export(request):
    policy.require(request.user, "credit.record.export")
    form = ExportForm(request.POST or None)
    problems = {}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        records = actions.exportable(
            request.user, data["states"], data.get("since"), data.get("until")
        )
        if not records:
            form.add_error(None, _("没有符合条件的信用记录。"))
        else:
            out = io.BytesIO()
            writer = (
                shuanggongshi.write_xlsx if data["format"] == "xlsx" else shuanggongshi.write_csv
            )
            try:
                writer([actions.export_row(r) for r in records], out, timezone.localdate())
            except shuanggongshi.InvalidRows as error:
                problems = {
                    records[n - 1]: [p.message for p in found]
                    for n, found in error.problems.items()
                }
                form.add_error(None, _("以下记录不符合双公示数据规范，未导出。"))
            else:
                actions.record_export(records, fmt=data["format"], acting_user=request.user)
                stamp = timezone.localdate().isoformat()
                name = f"双公示行政处罚信息_{stamp}.{data['format']}"
                kind = XLSX if data["format"] == "xlsx" else "text/csv; charset=utf-8"
                return attachment(out.getvalue(), name, kind)
    return render(
        request,
        "credit/export.html",
        {"title": _("导出双公示数据"), "form": form, "problems": problems},
    )


# ---------------------------------------------------------------- supplier check


def _check_page(request, template, context, *, base):
    """The single and the bulk check, for platform users and for purchasers alike."""
    single = CheckForm(request.GET if "q" in request.GET else None)
    bulk = BulkCheckForm()
    result = None
    if single.is_bound and single.is_valid():
        result = check.check_one(name=single.cleaned_data["name"], code=single.cleaned_data["code"])
    if request.method == "POST":
        bulk = BulkCheckForm(request.POST, request.FILES)
        if bulk.is_valid():
            upload = bulk.cleaned_data["bidders"]
            try:
                queries, header, rows = check.read_bidders(upload.read())
            except check.BadSheet as error:
                bulk.add_error("bidders", str(error))
            else:
                day = timezone.localdate()
                results = check.check_many(queries, day)
                data = check.result_workbook(header, rows, results, day)
                barred = sum(r.barred for r in results)
                name = f"供应商信用核查结果_{day.isoformat()}_{barred}家禁止.xlsx"
                response = attachment(data, name, XLSX)
                response["X-Checked"] = str(len(results))
                response["X-Barred"] = str(barred)
                return response
    return render(
        request,
        template,
        {**context, "single": single, "bulk": bulk, "result": result, "base": base},
    )


@login_required
def supplier_check(request):
    policy.require(request.user, "credit.check")
    return _check_page(
        request, "credit/check.html", {"title": _("供应商信用核查")}, base="base.html"
    )


def check_template(request):
    return attachment(check.template(), "投标人名单模板.xlsx", XLSX)


# ---------------------------------------------------------------- purchasers' portal (no login)


def _portal_client(request) -> CheckClient | None:
    pk = request.session.get(PORTAL_SESSION_KEY)
    if not pk:
        return None
    return CheckClient.objects.filter(pk=pk, is_active=True).first()


def portal(request):
    """采购人、采购代理机构 sign in with the token DRC gave them, then check suppliers."""
    client = _portal_client(request)
    if client is None:
        form = PortalSignInForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            found = clients.find(form.cleaned_data["token"].strip())
            if found is None:
                form.add_error("token", _("查询令牌无效或已停用。"))
            else:
                request.session.cycle_key()
                request.session[PORTAL_SESSION_KEY] = found.pk
                return redirect("credit:portal")
        return render(
            request, "credit/portal_sign_in.html", {"title": _("供应商信用核查"), "form": form}
        )
    if not clients.take(client):
        response = render(
            request,
            "credit/portal_sign_in.html",
            {
                "title": _("供应商信用核查"),
                "limited": _("查询过于频繁，请%(s)s秒后再试。") % {"s": clients.retry_after()},
            },
            status=429,
        )
        response["Retry-After"] = str(clients.retry_after())
        return response
    return _check_page(
        request,
        "credit/portal.html",
        {"title": _("供应商信用核查"), "client": client},
        base="credit/public_base.html",
    )


@require_POST
def portal_sign_out(request):
    request.session.pop(PORTAL_SESSION_KEY, None)
    return redirect("credit:portal")


# ---------------------------------------------------------------- external lists


@login_required
def list_imports(request):
    policy.require(request.user, "credit.lists.import")
    form = ListImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = lists.import_list(
                kind=form.cleaned_data["kind"],
                source=form.cleaned_data["source"],
                file_name=upload.name,
                data=upload.read(),
                mapping=form.mapping(),
                skip_bad_rows=form.cleaned_data["skip_bad_rows"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            text = _("已导入%(n)s条。") % {"n": batch.rows_imported}
            if batch.rows_skipped:
                text += _("跳过%(n)s行错误行，详见导入记录。") % {"n": batch.rows_skipped}
            messages.success(request, text)
            return redirect("credit:lists")
    batches = ListImport.objects.filter(
        department__jurisdiction_id=request.user.department.jurisdiction_id
    ).select_related("imported_by")[:50]
    return render(
        request,
        "credit/lists.html",
        {"title": _("外部名单"), "form": form, "batches": batches},
    )


# ---------------------------------------------------------------- period table


@login_required
def period_versions(request):
    policy.require(request.user, "credit.periods.manage")
    form = PeriodVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period_table.add_period_version(
                since=form.cleaned_data["since"],
                title=form.cleaned_data["title"],
                basis=form.cleaned_data["basis"],
                terms=form.terms(),
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("公示期规则已添加，处罚决定日期在施行日期及以后的记录按新规则确定公示期。"),
            )
            return redirect("credit:periods")
    versions = [(v, period_table.terms_shown(v)) for v in PeriodVersion.objects.order_by("-since")]
    return render(
        request,
        "credit/periods.html",
        {"title": _("公示期规则"), "form": form, "versions": versions},
    )


# ---------------------------------------------------------------- purchasers' tokens


@login_required
def client_list(request):
    policy.require(request.user, "credit.clients.manage")
    form = ClientForm(request.POST or None)
    token = None
    if request.method == "POST" and form.is_valid():
        try:
            _client, token = actions.create_client(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = ClientForm()
    rows = CheckClient.objects.filter(jurisdiction_id=request.user.department.jurisdiction_id)
    return render(
        request,
        "credit/clients.html",
        {"title": _("查询单位与令牌"), "form": form, "token": token, "clients": rows},
    )


@login_required
@require_POST
def client_revoke(request, pk: int):
    policy.require(request.user, "credit.clients.manage")
    client = get_object_or_404(
        CheckClient.objects.filter(jurisdiction_id=request.user.department.jurisdiction_id), pk=pk
    )
    try:
        actions.revoke_client(client, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已停用%(name)s的查询令牌。") % {"name": client.name})
    return redirect("credit:clients")
