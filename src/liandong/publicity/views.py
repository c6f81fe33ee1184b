"""The staff pages of publications: the list, drafting from a case, the draft with its
anonymisation, approval and withdrawal. The public site is ``public.py``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.cases.models import Case, DecisionKind
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.publicity import actions
from liandong.publicity.forms import DraftForm, FilterForm, NewForm, ReasonForm, VersionForm
from liandong.publicity.models import TRANSITIONS, Publication

PAGE_SIZE = 20


def eligible_cases(user):
    """The cases ``user`` may draft from: their department's finished, decided, not 涉密 ones."""
    return (
        Case.objects.visible_to(user)
        .filter(
            department_id=user.department_id,
            state__in=actions.FINISHED,
            confidential=False,
        )
        .exclude(decision_number="")
        .exclude(decision_kind=DecisionKind.WITHDRAWN)
        .order_by("-closed_at", "-pk")
    )


@login_required
def publication_list(request):
    form = FilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    rows = Publication.objects.visible_to(request.user).select_related("department", "drafted_by")
    if data.get("state"):
        rows = rows.filter(state=data["state"])
    if data.get("kind"):
        rows = rows.filter(kind=data["kind"])
    page = Paginator(rows.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    kept = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "publicity/list.html",
        {
            "title": _("宣传曝光"),
            "form": form,
            "page": page,
            "query": urlencode(kept),
            "can_create": policy.can(request.user, "publicity.publication.create"),
        },
    )


@login_required
def publication_new(request):
    policy.require(request.user, "publicity.publication.create")
    chosen = request.POST.get("case", "") if request.method == "POST" else ""
    if chosen.isdigit() and not Case.objects.visible_to(request.user).filter(pk=chosen).exists():
        raise Http404  # a case out of the person's sight: as if it did not exist
    cases = eligible_cases(request.user)
    initial = {"case": request.GET.get("case")} if request.GET.get("case") else None
    form = NewForm(request.POST or None, cases=cases, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create(
                form.cleaned_data["case"], kind=form.cleaned_data["kind"], acting_user=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("已根据案件生成稿件草稿，请修改完善后执行“脱敏”，再提交审批。")
            )
            return redirect("publicity:detail", pk=made.pk)
    return render(
        request,
        "publicity/new.html",
        {"title": _("拟写宣传稿件"), "form": form, "has_cases": cases.exists()},
    )


def _visible(request, pk: int) -> Publication:
    return get_object_or_404(
        Publication.objects.visible_to(request.user).select_related(
            "department__jurisdiction",
            "case",
            "drafted_by",
            "submitted_by",
            "approved_by",
            "withdrawn_by",
        ),
        pk=pk,
    )


def _can(user, publication: Publication, verb: str, rule: str) -> bool:
    return publication.state in TRANSITIONS[verb][0] and policy.can(
        user, f"publicity.publication.{rule}", publication
    )


@login_required
def publication_detail(request, pk: int):
    publication = _visible(request, pk)
    user = request.user
    version = {"version": publication.version}
    return render(
        request,
        "publicity/detail.html",
        {
            "title": publication.title,
            "p": publication,
            "changes": actions.changes_of(publication),
            "anonymised_current": actions.anonymisation_current(publication),
            "can_edit": _can(user, publication, "edit", "draft"),
            "can_approve": _can(user, publication, "approve", "approve"),
            "can_withdraw": _can(user, publication, "withdraw", "withdraw"),
            "can_see_case": policy.can(user, "cases.case.view", publication.case),
            "version_form": VersionForm(initial=version),
            "return_form": ReasonForm(initial=version, prefix="return", label=_("退回意见")),
            "withdraw_form": ReasonForm(initial=version, prefix="withdraw", label=_("撤回理由")),
        },
    )


def _is_stale(exc: ValidationError) -> bool:
    errors = getattr(exc, "error_dict", {}).get("version", [])
    return any(e.code == "stale" for e in errors)


@login_required
def publication_edit(request, pk: int):
    publication = _visible(request, pk)
    policy.require(request.user, "publicity.publication.draft", publication)
    initial = {
        "title": publication.title,
        "body": publication.body,
        "extra_names": publication.extra_names,
        "version": publication.version,
    }
    form = DraftForm(request.POST or None, initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.edit(
                publication,
                title=data["title"],
                body=data["body"],
                extra_names=data["extra_names"],
                expected_version=data["version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            if _is_stale(exc):
                # keep what was typed; saving again overwrites the other change knowingly
                stale = True
                publication.refresh_from_db()
                rebased = request.POST.copy()
                rebased["version"] = str(publication.version)
                form = DraftForm(rebased)
                form.is_valid()
            else:
                apply_errors(form, exc)
        else:
            messages.success(request, _("草稿已保存。提交审批前请执行“脱敏”。"))
            return redirect("publicity:detail", pk=pk)
    return render(
        request,
        "publicity/edit.html",
        {"title": _("修改稿件"), "p": publication, "form": form, "stale": stale},
    )


def _post(request, publication, run, done: str, form_class=VersionForm, prefix=None):
    """A form post that runs one action (which checks the permission: a refusal is audited and
    answers 403); invalid input comes back as a message on the draft page."""
    pk = publication.pk
    form = form_class(request.POST, prefix=prefix)
    if not form.is_valid():
        problems = [e for errors in form.errors.values() for e in errors]
        messages.error(request, "；".join(problems) or _("请求有误，请刷新页面后重试。"))
        return redirect("publicity:detail", pk=pk)
    data = dict(form.cleaned_data)
    try:
        run(publication, acting_user=request.user, expected_version=data.pop("version"), **data)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, done)
        if not Publication.objects.visible_to(request.user).filter(pk=pk).exists():
            return redirect("publicity:list")  # e.g. a returned draft of another department
    return redirect("publicity:detail", pk=pk)


@login_required
@require_POST
def publication_anonymise(request, pk: int):
    publication = _visible(request, pk)
    return _post(
        request,
        publication,
        actions.anonymise,
        _("已执行脱敏，请核对下方列出的脱敏结果后提交审批。"),
    )


@login_required
@require_POST
def publication_submit(request, pk: int):
    publication = _visible(request, pk)
    return _post(request, publication, actions.submit, _("已提交审批，牵头单位负责人会收到通知。"))


@login_required
@require_POST
def publication_approve(request, pk: int):
    publication = _visible(request, pk)
    return _post(request, publication, actions.approve, _("已批准发布，稿件已在公开网站上发布。"))


@login_required
@require_POST
def publication_return(request, pk: int):
    publication = _visible(request, pk)
    return _post(
        request,
        publication,
        actions.return_draft,
        _("已退回修改，拟稿人会收到通知。"),
        ReasonForm,
        "return",
    )


@login_required
@require_POST
def publication_withdraw(request, pk: int):
    publication = _visible(request, pk)
    return _post(
        request,
        publication,
        actions.withdraw,
        _("已撤回，公开网站和订阅源中不再显示该稿件。"),
        ReasonForm,
        "withdraw",
    )
