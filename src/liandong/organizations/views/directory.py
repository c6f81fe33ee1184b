"""The member departments, their liaisons (联络员名单) and their people."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from liandong.core import policy
from liandong.organizations.models import Department, Liaison, LiaisonRank, User


def _with_liaisons(departments):
    return departments.select_related("jurisdiction").prefetch_related(
        Prefetch("liaisons", queryset=Liaison.objects.select_related("user"))
    )


@login_required
def roster(request):
    departments = _with_liaisons(Department.objects.visible_to(request.user))
    rows = []
    for department in departments:
        liaisons = department.liaisons.all()
        rows.append(
            {
                "department": department,
                "primary": next((li for li in liaisons if li.rank == LiaisonRank.PRIMARY), None),
                "deputies": [li for li in liaisons if li.rank == LiaisonRank.DEPUTY],
            }
        )
    return render(
        request,
        "organizations/roster.html",
        {
            "title": _("成员单位及联络员名单"),
            "members": [r for r in rows if r["department"].is_member],
            "external": [r for r in rows if not r["department"].is_member],
            "jurisdiction": request.user.department.jurisdiction,
            "can_manage": policy.can(
                request.user,
                "organizations.department.manage",
                request.user.department.jurisdiction,
            ),
        },
    )


@login_required
def department_detail(request, pk: int):
    department = get_object_or_404(
        _with_liaisons(Department.objects.visible_to(request.user)), pk=pk
    )
    people = (
        User.objects.visible_to(request.user)
        .filter(department=department)
        .select_related("liaison")
        .order_by("-is_active", "role", "id")
    )
    return render(
        request,
        "organizations/department_detail.html",
        {
            "title": department.name,
            "department": department,
            "people": people,
            "can_manage": policy.can(request.user, "organizations.department.manage", department),
            "can_manage_people": policy.can(request.user, "organizations.user.manage", department),
        },
    )
