from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from liandong.audit import log as audit
from liandong.cases import actions, advice, hearing, penalties, timeline
from liandong.cases.forms import (
    AssignForm,
    CaseEditForm,
    CaseForm,
    FactsForm,
    FilterForm,
    HearingForm,
    MoveForm,
    NoteForm,
    PartyForm,
    ServiceForm,
    ShareForm,
    ThresholdVersionForm,
    VersionedForm,
)
from liandong.cases.models import Case, CasePart, case_follows
from liandong.cases.queries import listed_cases, parts_for
from liandong.cases.workflow import TRANSITIONS
from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.organizations.models import Department, Role, User

PAGE_SIZE = 50
VERB_LABELS = {
    "review": pgettext_lazy("case action", "开始初核"),
    "file": pgettext_lazy("case action", "立案"),
    "investigate": pgettext_lazy("case action", "开始调查取证"),
    "submit": pgettext_lazy("case action", "提交审理"),
    "return": pgettext_lazy("case action", "退回补充调查"),
    "decide": pgettext_lazy("case action", "作出决定"),
    "execute": pgettext_lazy("case action", "开始执行"),
    "close": pgettext_lazy("case action", "结案"),
    "dismiss": pgettext_lazy("case action", "不予立案"),
    "archive": pgettext_lazy("case action", "归档"),
}


@login_required
def case_list(request):
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    cases = listed_cases(
        request.user,
        q=data.get("q", ""),
        state=data.get("state", ""),
        source=data.get("source", ""),
    ).select_related("department")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/list.html",
        {
            "title": _("案件"),
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": policy.can(request.user, "cases.case.create", request.user.department),
        },
    )


@login_required
def case_create(request):
    department = request.user.department
    policy.require(request.user, "cases.case.create", department)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case = actions.register_case(
                department,
                title=data.pop("title"),
                source=data.pop("source"),
                summary=data.pop("summary"),
                acting_user=request.user,
                **data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已登记案件 %(number)s。") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/form.html", {"title": _("登记案件线索"), "form": form})


@login_required
def case_detail(request, pk: int):
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related("department__jurisdiction"), pk=pk
    )
    parts = parts_for(request.user, case)
    if case.department_id != request.user.department_id:
        with transaction.atomic():  # a look from outside the department is on the record
            audit.record(
                "cases.case.view", actor=request.user, obj=case, after={"parts": sorted(parts)}
            )
    can_manage = policy.can(request.user, "cases.case.manage", case)
    people = User.objects.filter(
        department=case.department, is_active=True, role__in=[Role.OFFICER, Role.HEAD]
    )
    others = Department.objects.visible_to(request.user).members().exclude(pk=case.department_id)
    moves = [
        (verb, VERB_LABELS[verb])
        for verb, (sources, _target) in TRANSITIONS.items()
        if case.state in sources
    ]
    own = case.department_id == request.user.department_id
    summary = CasePart.SUMMARY in parts
    violation_types = list(case.violation_types.all()) if summary else []
    return render(
        request,
        "cases/detail.html",
        {
            "title": case.number,
            "case": case,
            "parts": parts,
            "own": own,
            "can_manage": can_manage,
            "violation_types": violation_types,
            "facts": advice.fact_rows(case) if summary else [],
            "limitation": advice.limitation(case) if summary else "",
            # Guidance for the 作出决定 form, which only the case's handlers see.
            "penalties": penalties.guidance(
                violation_types, case.winning_amount, case.budget, case.illegal_gains
            )
            if can_manage and any(verb == "decide" for verb, _label in moves)
            else [],
            "parties": [
                (party, actions.id_number_for(party, request.user)) for party in case.parties.all()
            ]
            if CasePart.PARTIES in parts
            else [],
            "officers": case.officers.all(),
            "journal": case.journal.select_related("author") if own else [],
            "timeline": timeline.entries_for(case) if own else [],
            "grants": case.grants.select_related("department") if own else [],
            "suggestions": advice.by_track(advice.for_case(case)) if own else [],
            "moves": moves,
            "move_form": MoveForm(initial={"version": case.version}),
            "hearing": {
                "earliest": hearing.earliest_hearing(timezone.localdate()),
                "version": case.version,
            }
            if can_manage and case.state == "hearing"
            else None,
            "service_form": ServiceForm(initial={"version": case.version})
            if can_manage and case.decision_kind == "penalty" and not case.served_on
            else None,
            "party_form": PartyForm(),
            "note_form": NoteForm(),
            "share_form": ShareForm(departments=others),
            "assign_form": AssignForm(people=people, initial={"officers": case.officers.all()}),
        },
    )


TIMELINE_LABELS = {
    "cases.case.register": pgettext_lazy("timeline", "登记线索"),
    "cases.case.assign": pgettext_lazy("timeline", "指定办案人员"),
    "cases.case.update": pgettext_lazy("timeline", "修改案件信息"),
    "cases.case.update_facts": pgettext_lazy("timeline", "更新案件事实"),
    "cases.case.share": pgettext_lazy("timeline", "共享给其他单位"),
    "cases.case.view": pgettext_lazy("timeline", "其他单位查看"),
    "cases.case.serve": pgettext_lazy("timeline", "送达处罚决定书"),
    "cases.hearing.notify": pgettext_lazy("timeline", "告知听证权利"),
    "cases.hearing.request": pgettext_lazy("timeline", "登记当事人是否要求听证"),
    "cases.hearing.schedule": pgettext_lazy("timeline", "确定听证时间地点"),
    "cases.party.add": pgettext_lazy("timeline", "添加当事人"),
    "cases.journal.add": pgettext_lazy("timeline", "添加工作记录"),
    **{f"cases.case.{verb}": label for verb, label in VERB_LABELS.items()},
}
timeline.register(
    timeline.Source(
        lambda case: Q(object_type="cases.case", object_id=str(case.pk)), TIMELINE_LABELS
    )
)


def _managed_case(request, pk: int) -> Case:
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=pk)
    policy.require(request.user, "cases.case.manage", case)
    return case


def _report(request, exc: ValidationError) -> None:
    messages.error(request, "；".join(exc.messages))


def _is_stale(exc: ValidationError) -> bool:
    errors = getattr(exc, "error_dict", {}).get("version", [])
    return any(e.code == "stale" for e in errors)


def _edit(request, case: Case, form_class: type[VersionedForm], save, title: str, done: str):
    """An edit page with an optimistic version check. When someone else saved the case after
    the form was opened, nothing is written: the form comes back with what this person typed,
    the fields whose saved value now differs, and the current version, so that saving again
    is a decision taken knowing the other change."""
    form = form_class.for_case(case, request.POST or None)
    stale, differences = False, []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            save(case, acting_user=request.user, expected_version=version, **data)
        except ValidationError as exc:
            if _is_stale(exc):
                case.refresh_from_db()
                stale, differences = True, form.differences(case)
                rebased = request.POST.copy()
                rebased["version"] = str(case.version)
                form = form_class.for_case(case, rebased)
                form.is_valid()
            else:
                apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("cases:detail", pk=case.pk)
    return render(
        request,
        "cases/edit.html",
        {
            "title": title,
            "case": case,
            "form": form,
            "stale": stale,
            "differences": differences,
        },
    )


@login_required
def case_edit(request, pk: int):
    case = _managed_case(request, pk)
    return _edit(
        request,
        case,
        CaseEditForm,
        actions.update_case,
        _("修改案件信息：%(number)s") % {"number": case.number},
        _("案件信息已保存。"),
    )


@login_required
def case_facts(request, pk: int):
    case = _managed_case(request, pk)
    return _edit(
        request,
        case,
        FactsForm,
        actions.update_facts,
        _("案件事实：%(number)s") % {"number": case.number},
        _("案件事实已保存。"),
    )


@login_required
@require_POST
def case_move(request, pk: int):
    case = _managed_case(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.move_case(
                case,
                data["verb"],
                acting_user=request.user,
                expected_version=data["version"],
                decision_kind=data["decision_kind"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("案件状态已更新。"))
    else:
        messages.error(request, _("请检查填写的内容。"))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def case_serve(request, pk: int):
    case = _managed_case(request, pk)
    form = ServiceForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.serve_decision(
                case,
                served_on=data["served_on"],
                method=data["method"],
                acting_user=request.user,
                expected_version=data["version"],
            )
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("已登记处罚决定书的送达。"))
    else:
        messages.error(request, _("请填写送达日期和送达方式。"))
    return redirect(f"/cases/{pk}/#decision")


HEARING_STEPS = {
    "notify": lambda case, data, **kw: hearing.notify_right(case, **kw),
    "request": lambda case, data, **kw: hearing.record_request(
        case, requested=bool(data["requested"]), **kw
    ),
    "schedule": lambda case, data, **kw: hearing.schedule(
        case, held_on=data["held_on"], place=data["place"], **kw
    ),
}


@login_required
@require_POST
def case_hearing(request, pk: int):
    case = _managed_case(request, pk)
    form = HearingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            HEARING_STEPS[data["step"]](
                case, data, acting_user=request.user, expected_version=data["version"]
            )
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("听证情况已登记。"))
    else:
        messages.error(request, _("请检查填写的内容。"))
    return redirect(f"/cases/{pk}/#hearing")


@login_required
@require_POST
def case_assign(request, pk: int):
    case = _managed_case(request, pk)
    people = User.objects.filter(department=case.department, is_active=True)
    form = AssignForm(request.POST, people=people)
    if form.is_valid():
        try:
            actions.assign_officers(
                case, officers=list(form.cleaned_data["officers"]), acting_user=request.user
            )
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("办案人员已更新。"))
    else:
        messages.error(request, _("请至少选择一名办案人员。"))
    return redirect("cases:detail", pk=pk)


@login_required
@require_POST
def party_add(request, pk: int):
    case = _managed_case(request, pk)
    form = PartyForm(request.POST)
    if form.is_valid():
        try:
            actions.add_party(case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("当事人已添加。"))
    else:
        messages.error(request, _("请填写当事人角色和名称。"))
    return redirect(f"/cases/{pk}/#parties")


@login_required
@require_POST
def note_add(request, pk: int):
    case = _managed_case(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.add_note(case, text=form.cleaned_data["text"], acting_user=request.user)
        except ValidationError as exc:
            _report(request, exc)
    else:
        messages.error(request, _("请填写工作记录内容。"))
    return redirect(f"/cases/{pk}/#journal")


@login_required
@require_POST
def case_share(request, pk: int):
    case = _managed_case(request, pk)
    others = Department.objects.visible_to(request.user).members()
    form = ShareForm(request.POST, departments=others)
    if form.is_valid():
        try:
            actions.share_case(case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _report(request, exc)
        else:
            messages.success(request, _("已共享。"))
    else:
        messages.error(request, _("请选择共享单位和范围。"))
    return redirect(f"/cases/{pk}/#sharing")


@login_required
def suggestions(request):
    """For the lead unit: cases that cross a criminal threshold and were not transferred —
    their numbers and the reasons only."""
    policy.require(request.user, "cases.suggestions.view")
    cases = Case.objects.filter(
        case_follows(request.user, None),  # a 涉密 case only for those who see it
        department__jurisdiction_id=request.user.department.jurisdiction_id,
    )
    return render(
        request,
        "cases/suggestions.html",
        {
            "title": _("建议移送公安机关的案件"),
            "rows": advice.criminal_suggestions(cases),
        },
    )


@login_required
def threshold_list(request):
    """Every threshold the advisor applies, each version with the text it comes from and since
    when, the one in force today marked; administrators add a revised version here."""
    can_manage = policy.can(request.user, "cases.threshold.manage")
    form = ThresholdVersionForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        policy.require(request.user, "cases.threshold.manage")
        if form.is_valid():
            try:
                actions.add_threshold_version(acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已增加新版本，自施行日期起适用。"))
                return redirect("cases:thresholds")
    return render(
        request,
        "cases/thresholds.html",
        {
            "title": _("移送标准"),
            "groups": advice.threshold_table(timezone.localdate()),
            "form": form,
        },
    )
