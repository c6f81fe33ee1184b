from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.deadlines import actions, calendars, imports
from liandong.deadlines.calendar import package_years
from liandong.deadlines.forms import CalendarUploadForm, NoteForm, PauseForm, RuleForm
from liandong.deadlines.models import CalendarYear, Deadline, DeadlineRule, DeadlineState

MAX_UPLOAD = 256 * 1024


@login_required
def deadline_list(request):
    show = request.GET.get("show", "open")
    deadlines = Deadline.objects.visible_to(request.user).select_related("rule")
    if show == "open":
        deadlines = deadlines.open()
    return render(
        request,
        "deadlines/list.html",
        {
            "title": _("期限"),
            "deadlines": deadlines.order_by("due_at")[:500],
            "show": show,
            "now": timezone.now(),
        },
    )


@login_required
def deadline_detail(request, pk: int):
    deadline = get_object_or_404(
        Deadline.objects.visible_to(request.user).select_related("rule", "department"), pk=pk
    )
    return render(
        request,
        "deadlines/detail.html",
        {
            "title": deadline.name,
            "deadline": deadline,
            "now": timezone.now(),
            "can_manage": policy.can(request.user, "deadlines.deadline.manage", deadline),
            "pause_form": PauseForm(),
            "note_form": NoteForm(),
            "alerts": deadline.alerts.order_by("sent_at"),
        },
    )


def _manage(request, pk: int, step, form_class=None):
    deadline = get_object_or_404(Deadline.objects.visible_to(request.user), pk=pk)
    policy.require(request.user, "deadlines.deadline.manage", deadline)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("deadlines:detail", pk=pk)
    try:
        step(deadline, form.cleaned_data if form else {})
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("deadlines:detail", pk=pk)


@login_required
@require_POST
def pause(request, pk: int):
    return _manage(
        request,
        pk,
        lambda d, data: actions.pause_deadline(d, reason=data["reason"], acting_user=request.user),
        PauseForm,
    )


@login_required
@require_POST
def resume(request, pk: int):
    return _manage(
        request, pk, lambda d, _data: actions.resume_deadline(d, acting_user=request.user)
    )


@login_required
@require_POST
def meet(request, pk: int):
    return _manage(
        request,
        pk,
        lambda d, data: actions.meet_deadline(d, note=data["note"], acting_user=request.user),
        NoteForm,
    )


@login_required
@require_POST
def cancel(request, pk: int):
    return _manage(
        request,
        pk,
        lambda d, data: actions.cancel_deadline(d, note=data["note"], acting_user=request.user),
        NoteForm,
    )


@login_required
def rule_list(request):
    return render(
        request,
        "deadlines/rules.html",
        {
            "title": _("期限规则"),
            "rules": DeadlineRule.objects.all(),
            "can_manage": policy.can(request.user, "deadlines.rule.manage"),
        },
    )


@login_required
def rule_edit(request, pk: int):
    rule = get_object_or_404(DeadlineRule, pk=pk)
    policy.require(request.user, "deadlines.rule.manage", rule)
    initial = {
        "amount": rule.amount,
        "unit": rule.unit,
        "reminder_hours": ",".join(str(h) for h in rule.reminder_hours),
        "version": rule.version,
    }
    form = RuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_rule(
                rule,
                amount=form.cleaned_data["amount"],
                unit=form.cleaned_data["unit"],
                reminder_hours=form.cleaned_data["reminder_hours"],
                expected_version=form.cleaned_data["version"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("期限规则已保存，此后开始计时的期限按新规则计算。"))
            return redirect("deadlines:rules")
    return render(
        request, "deadlines/rule_edit.html", {"title": rule.name, "rule": rule, "form": form}
    )


def _read_upload(form) -> tuple[int | None, str, list[imports.Day]]:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        raise imports.ArrangementError([_("文件过大（不超过 256 KB）。")])
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise imports.ArrangementError([_("文件应为 UTF-8 编码的文本。")]) from None
    if upload.name.lower().endswith((".yaml", ".yml")):
        return imports.parse_yaml(text)
    return None, "", imports.parse_csv(text)


@login_required
def calendar(request):
    policy.require(request.user, "deadlines.calendar.manage")
    form = CalendarUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            year, source, days = _read_upload(form)
            year = form.cleaned_data["year"] if year is None else year
            if year != form.cleaned_data["year"]:
                raise imports.ArrangementError([_("文件中的年份与所填年份不一致。")])
            existing = CalendarYear.objects.filter(year=year).first()
            source = form.cleaned_data["source"] or source
            if existing and form.cleaned_data["correct"]:
                actions.replace_calendar_year(
                    existing, days=days, source=source, acting_user=request.user
                )
            else:
                actions.enter_calendar_year(
                    year, days=days, source=source, acting_user=request.user
                )
        except imports.ArrangementError as exc:
            for problem in exc.problems:
                form.add_error("file", problem)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(year)d 年节假日安排已保存，相关期限已重新计算。") % {"year": year}
            )
            return redirect("deadlines:calendar")
    current = calendars.current()
    years = sorted(package_years())
    return render(
        request,
        "deadlines/calendar.html",
        {
            "title": _("节假日安排"),
            "form": form,
            "entered": CalendarYear.objects.prefetch_related("days"),
            "package_range": (years[0], years[-1]),
            "next_unknown": next(y for y in range(years[-1] + 1, 3000) if not current.knows(y)),
            "assumed_open": Deadline.objects.visible_to(request.user)
            .open()
            .exclude(assumed_years=[])
            .count(),
            "states": DeadlineState,
        },
    )
