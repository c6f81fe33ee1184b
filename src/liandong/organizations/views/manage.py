"""Administration of departments, people and liaisons (administrators of the jurisdiction)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liandong.core import policy
from liandong.core.forms import apply_errors
from liandong.organizations import actions
from liandong.organizations.forms import DepartmentForm, LiaisonForm, UserForm
from liandong.organizations.models import Department, Liaison, User


def _department_changes(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("version", None)
    return data


@login_required
def department_create(request):
    jurisdiction = request.user.department.jurisdiction
    policy.require(request.user, "organizations.department.manage", jurisdiction)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            department = actions.create_department(
                jurisdiction, acting_user=request.user, **_department_changes(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已新增单位：%(name)s。") % {"name": department.name})
            return redirect("organizations:department_detail", pk=department.pk)
    return render(
        request,
        "organizations/form.html",
        {"title": _("新增单位"), "form": form, "back": "organizations:roster"},
    )


@login_required
def department_edit(request, pk: int):
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=pk)
    policy.require(request.user, "organizations.department.manage", department)
    form = DepartmentForm.for_department(department, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_department(
                department,
                acting_user=request.user,
                expected_version=form.cleaned_data.get("version"),
                **_department_changes(form),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("单位信息已保存。"))
            return redirect("organizations:department_detail", pk=department.pk)
    return render(
        request,
        "organizations/form.html",
        {"title": _("编辑单位：%(name)s") % {"name": department.name}, "form": form},
    )


@login_required
def user_create(request, department_pk: int):
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=department_pk)
    policy.require(request.user, "organizations.user.manage", department)
    departments = Department.objects.visible_to(request.user)
    form = UserForm(
        request.POST or None, departments=departments, initial={"department": department}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = data.pop("department")
        try:
            person, password = actions.create_user(target, acting_user=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return render(
                request,
                "organizations/one_time_password.html",
                {"title": _("账户已创建"), "person": person, "password": password},
            )
    return render(
        request,
        "organizations/form.html",
        {"title": _("新增人员：%(name)s") % {"name": department.name}, "form": form},
    )


@login_required
def user_edit(request, pk: int):
    person = get_object_or_404(
        User.objects.visible_to(request.user).select_related("department"), pk=pk
    )
    policy.require(request.user, "organizations.user.manage", person)
    departments = Department.objects.visible_to(request.user)
    form = UserForm.for_user(person, departments, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        try:
            actions.update_user(person, acting_user=request.user, expected_version=version, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("人员信息已保存。"))
            return redirect("organizations:department_detail", pk=person.department_id)
    return render(
        request,
        "organizations/user_edit.html",
        {
            "title": _("编辑人员：%(name)s") % {"name": person.full_name},
            "form": form,
            "person": person,
        },
    )


def _managed_person(request, pk: int) -> User:
    person = get_object_or_404(User.objects.visible_to(request.user), pk=pk)
    policy.require(request.user, "organizations.user.manage", person)
    return person


@login_required
@require_POST
def user_reset_password(request, pk: int):
    person = _managed_person(request, pk)
    password = actions.reset_password(person, acting_user=request.user)
    return render(
        request,
        "organizations/one_time_password.html",
        {"title": _("密码已重置"), "person": person, "password": password},
    )


@login_required
@require_POST
def user_unlock(request, pk: int):
    person = _managed_person(request, pk)
    actions.unlock_user(person, acting_user=request.user)
    messages.success(request, _("已解除 %(name)s 的登录锁定。") % {"name": person.full_name})
    return redirect("organizations:user_edit", pk=person.pk)


@login_required
@require_POST
def user_reset_second_factor(request, pk: int):
    person = _managed_person(request, pk)
    actions.reset_second_factor(person, acting_user=request.user)
    messages.success(
        request,
        _("已重置 %(name)s 的动态口令，其下次登录时重新绑定。") % {"name": person.full_name},
    )
    return redirect("organizations:user_edit", pk=person.pk)


@login_required
def liaison_appoint(request, department_pk: int):
    department = get_object_or_404(Department.objects.visible_to(request.user), pk=department_pk)
    policy.require(request.user, "organizations.liaison.manage", department)
    form = LiaisonForm(request.POST or None, department=department)
    if request.method == "POST" and form.is_valid():
        try:
            actions.appoint_liaison(
                form.cleaned_data["user"], rank=form.cleaned_data["rank"], acting_user=request.user
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("联络员已指定。"))
            return redirect("organizations:department_detail", pk=department.pk)
    return render(
        request,
        "organizations/form.html",
        {"title": _("指定联络员：%(name)s") % {"name": department.name}, "form": form},
    )


@login_required
@require_POST
def liaison_remove(request, pk: int):
    liaison = get_object_or_404(Liaison.objects.visible_to(request.user), pk=pk)
    policy.require(request.user, "organizations.liaison.manage", liaison.department)
    department_pk = liaison.department_id
    actions.remove_liaison(liaison, acting_user=request.user)
    messages.success(request, _("已撤销联络员指定。"))
    return redirect("organizations:department_detail", pk=department_pk)
