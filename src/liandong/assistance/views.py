import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.assistance import actions
from liandong.assistance.forms import (
    AcceptForm,
    AssignForm,
    CloseForm,
    CompleteForm,
    FilterForm,
    ReasonForm,
    RequestForm,
    ResultForm,
)
from liandong.assistance.models import TRANSITIONS, AssistanceRequest
from liandong.cases.models import Case, CasePart
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.deadlines.models import Deadline
from liandong.evidence.models import EvidenceItem, Upload, UploadState
from liandong.organizations.models import Department, Role, User

RESULT_FIELDS = ("title", "kind", "collectors", "collected_at", "place", "source", "description")


@login_required
def request_list(request):
    form = FilterForm(request.GET or None)
    rows = AssistanceRequest.objects.visible_to(request.user).select_related(
        "helping_department", "requesting_department", "assignee", "case"
    )
    if form.is_valid():
        box, state = form.cleaned_data["box"], form.cleaned_data["state"]
        if box == "requested":
            rows = rows.filter(requesting_department_id=request.user.department_id)
        elif box == "received":
            rows = rows.filter(helping_department_id=request.user.department_id)
        if state:
            rows = rows.filter(state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "assistance/list.html",
        {
            "title": _("调查取证协作"),
            "form": form,
            "page": page,
            "can_request": policy.can(request.user, "assistance.request.create"),
        },
    )


def _request_form(request, data=None):
    user = request.user
    departments = Department.objects.visible_to(user).members().exclude(pk=user.department_id)
    handled = Case.objects.visible_to(user).filter(department_id=user.department_id)
    if user.role != Role.HEAD:
        handled = handled.filter(officers=user)
    handled = handled.exclude(state__in=actions.FINISHED_CASE)
    initial = {"due_on": actions.default_due_on(), "shared_part": CasePart.SUMMARY}
    if request.GET.get("case", "").isdigit():
        initial["case"] = request.GET["case"]
    return RequestForm(data, departments=departments, cases=handled, initial=initial)


@login_required
def request_new(request):
    policy.require(request.user, "assistance.request.create")
    form = _request_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = actions.create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("协查请求已发出，协查单位的联络员会受理或说明理由。"))
            return redirect("assistance:detail", pk=made.pk)
    return render(request, "assistance/new.html", {"title": _("请求协查"), "form": form})


def _visible(request, pk: int) -> AssistanceRequest:
    return get_object_or_404(
        AssistanceRequest.objects.visible_to(request.user).select_related(
            "requesting_department__jurisdiction",
            "helping_department",
            "requested_by",
            "assignee",
            "case",
        ),
        pk=pk,
    )


def _people(assistance: AssistanceRequest):
    return User.objects.filter(
        department_id=assistance.helping_department_id,
        is_active=True,
        role__in=[Role.HEAD, Role.OFFICER],
    ).order_by("full_name")


def _can(user, rule: str, assistance: AssistanceRequest, step: str) -> bool:
    return assistance.state in TRANSITIONS[step][0] and policy.can(user, rule, assistance)


@login_required
def request_detail(request, pk: int):
    assistance = _visible(request, pk)
    user = request.user
    version = {"version": assistance.version}
    results = assistance.results.select_related("item__blob", "attached_by")
    seen = set(
        EvidenceItem.objects.visible_to(user)
        .filter(pk__in=[r.item_id for r in results])
        .values_list("pk", flat=True)
    )
    own_side = user.department_id == assistance.helping_department_id
    return render(
        request,
        "assistance/detail.html",
        {
            "title": assistance.subject,
            "a": assistance,
            "results": [(r, r.item_id in seen) for r in results],
            "timers": Deadline.objects.for_object(assistance).order_by("-started_at"),
            "helping_side": own_side,
            "can_accept": _can(user, "assistance.request.route", assistance, "accept"),
            "can_decline": _can(user, "assistance.request.route", assistance, "decline"),
            "can_assign": _can(user, "assistance.request.route", assistance, "assign"),
            "can_attach": _can(user, "assistance.request.work", assistance, "attach"),
            "can_complete": _can(user, "assistance.request.work", assistance, "complete"),
            "can_close": _can(user, "assistance.request.close", assistance, "close"),
            "can_withdraw": _can(user, "assistance.request.close", assistance, "withdraw"),
            "accept_form": AcceptForm(people=_people(assistance), initial=version),
            "assign_form": AssignForm(
                people=_people(assistance), initial={**version, "assignee": assistance.assignee_id}
            ),
            "reason_form": ReasonForm(initial=version),
            "complete_form": CompleteForm(initial=version),
            "close_form": CloseForm(initial=version),
            "case_visible": Case.objects.visible_to(user).filter(pk=assistance.case_id).exists(),
        },
    )


def _act(request, pk: int, run, form_class, done: str, **form_kwargs):
    """Post one step: the form, the action, a message, back to the page."""
    assistance = _visible(request, pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            run(assistance, acting_user=request.user, expected_version=version, **data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, done)
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("assistance:detail", pk=pk)


def _everyone():
    """Any person may be named in the form; the action checks the assignee."""
    return User.objects.all()


@login_required
@require_POST
def request_accept(request, pk: int):
    return _act(request, pk, actions.accept, AcceptForm, _("已受理。"), people=_everyone())


@login_required
@require_POST
def request_decline(request, pk: int):
    return _act(request, pk, actions.decline, ReasonForm, _("已答复不予协助。"))


@login_required
@require_POST
def request_assign(request, pk: int):
    return _act(request, pk, actions.assign, AssignForm, _("已分派承办人。"), people=_everyone())


@login_required
@require_POST
def request_complete(request, pk: int):
    return _act(request, pk, actions.complete, CompleteForm, _("已完成协查，已通知请求单位。"))


@login_required
@require_POST
def request_close(request, pk: int):
    return _act(request, pk, actions.close, CloseForm, _("协查已办结。"))


@login_required
@require_POST
def request_withdraw(request, pk: int):
    return _act(request, pk, actions.withdraw, ReasonForm, _("协查请求已撤回。"))


def _kept_upload(request, form):
    """A file already sealed by an earlier submit that was refused: not sent again."""
    value = form.data.get("upload") if form.is_bound else None
    try:
        upload_id = uuid.UUID(str(value)) if value else None
    except ValueError:
        return None
    if upload_id is None:
        return None
    return Upload.objects.filter(pk=upload_id, owner=request.user, state=UploadState.SEALED).first()


@login_required
def result_new(request, pk: int):
    assistance = _visible(request, pk)
    policy.require(request.user, "assistance.request.work", assistance)
    if assistance.state not in TRANSITIONS["attach"][0]:
        messages.error(
            request,
            _("该协查请求当前为“%(state)s”，不能提交协查结果。")
            % {"state": assistance.get_state_display()},
        )
        return redirect("assistance:detail", pk=pk)
    initial = {
        "version": assistance.version,
        "collectors": request.user.full_name,
        "source": assistance.helping_department.name,
    }
    form = ResultForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload_id = None
        try:
            upload_id = form.sealed_upload(request.user)
            result = actions.attach_result(
                assistance,
                upload_id=upload_id,
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
                **{k: form.cleaned_data[k] for k in RESULT_FIELDS},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            if upload_id:  # keep the sealed file for the next submit
                form.data = form.data.copy()
                form.data["upload"] = str(upload_id)
        else:
            messages.success(
                request,
                _("协查结果已登记为案件的%(label)s。") % {"label": result.item.label},
            )
            return redirect(f"/assistance/{pk}/#results")
    return render(
        request,
        "assistance/result_form.html",
        {
            "title": _("提交协查结果"),
            "a": assistance,
            "form": form,
            "max_bytes": settings.EVIDENCE_MAX_BYTES,
            "chunk_bytes": settings.EVIDENCE_CHUNK_BYTES,
            "kept_upload": _kept_upload(request, form),
        },
    )
