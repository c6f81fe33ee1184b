from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.cases.models import Case
from liandong.consultations import actions
from liandong.consultations.forms import AskForm, AssignForm, CloseForm, FilterForm, TextForm
from liandong.consultations.models import Consultation, State
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.deadlines.models import Deadline
from liandong.organizations.models import Department, Role, User


@login_required
def consultation_list(request):
    form = FilterForm(request.GET or None)
    rows = Consultation.objects.visible_to(request.user).select_related(
        "department", "asking_department", "assignee"
    )
    if form.is_valid():
        box, state = form.cleaned_data["box"], form.cleaned_data["state"]
        if box == "asked":
            rows = rows.filter(asking_department_id=request.user.department_id)
        elif box == "received":
            rows = rows.filter(department_id=request.user.department_id)
        if state:
            rows = rows.filter(state=state)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/list.html",
        {
            "title": _("案件咨询"),
            "form": form,
            "page": page,
            "can_ask": policy.can(request.user, "consultations.consultation.ask"),
        },
    )


def _ask_form(request, data=None):
    user = request.user
    departments = Department.objects.visible_to(user).members().exclude(pk=user.department_id)
    handled = Case.objects.visible_to(user).filter(department_id=user.department_id)
    if user.role != Role.HEAD:
        handled = handled.filter(officers=user)
    initial = {}
    if request.GET.get("case", "").isdigit():
        initial["case"] = request.GET["case"]
    return AskForm(data, departments=departments, cases=handled, initial=initial)


@login_required
def consultation_ask(request):
    policy.require(request.user, "consultations.consultation.ask")
    form = _ask_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consultation = actions.ask(acting_user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("咨询已发出，受咨询单位的联络员会分派承办人答复。"))
            return redirect("consultations:detail", pk=consultation.pk)
    return render(request, "consultations/ask.html", {"title": _("提出咨询"), "form": form})


def _visible(request, pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.visible_to(request.user).select_related(
            "department__jurisdiction", "asking_department", "asked_by", "assignee", "case"
        ),
        pk=pk,
    )


@login_required
def consultation_detail(request, pk: int):
    consultation = _visible(request, pk)
    user = request.user
    people = User.objects.filter(
        department_id=consultation.department_id,
        is_active=True,
        role__in=[Role.HEAD, Role.OFFICER],
    )
    can_assign = policy.can(user, "consultations.consultation.assign", consultation)
    asker_side = policy.can(user, "consultations.consultation.follow_up", consultation)
    version = {"version": consultation.version}
    return render(
        request,
        "consultations/detail.html",
        {
            "title": consultation.subject,
            "c": consultation,
            "thread": consultation.messages.select_related("author", "department"),
            "timers": Deadline.objects.for_object(consultation).order_by("-started_at"),
            "can_assign": can_assign and consultation.state in (State.SUBMITTED, State.ASSIGNED),
            "assign_form": AssignForm(
                people=people, initial={**version, "assignee": consultation.assignee_id}
            ),
            "can_answer": policy.can(user, "consultations.consultation.answer", consultation)
            and consultation.state == State.ASSIGNED,
            "can_follow_up": asker_side and consultation.state == State.ANSWERED,
            "can_close": asker_side and consultation.state != State.CLOSED,
            "text_form": TextForm(initial=version),
            "close_form": CloseForm(initial=version),
            "case_visible": consultation.case_id
            and Case.objects.visible_to(user).filter(pk=consultation.case_id).exists(),
        },
    )


def _act(request, pk: int, run, form_class, done: str, kwargs_for=None):
    """Post one step of the exchange: the form, the action, a message, back to the page."""
    consultation = _visible(request, pk)
    form = form_class(request.POST, **(kwargs_for(consultation) if kwargs_for else {}))
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            run(consultation, acting_user=request.user, expected_version=version, **data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, done)
    else:
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
    return redirect("consultations:detail", pk=pk)


@login_required
@require_POST
def consultation_assign(request, pk: int):
    def people(consultation):
        return {"people": User.objects.filter(department_id=consultation.department_id)}

    return _act(request, pk, actions.assign, AssignForm, _("已分派。"), kwargs_for=people)


@login_required
@require_POST
def consultation_answer(request, pk: int):
    return _act(request, pk, actions.answer, TextForm, _("已答复。"))


@login_required
@require_POST
def consultation_follow_up(request, pk: int):
    return _act(request, pk, actions.follow_up, TextForm, _("追问已发出。"))


@login_required
@require_POST
def consultation_close(request, pk: int):
    return _act(request, pk, actions.close, CloseForm, _("咨询已办结。"))
