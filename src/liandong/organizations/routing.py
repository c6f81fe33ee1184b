"""Who receives what one department sends another (seed 二(一): the 联络员 route every
cross-department item of their department)."""

from liandong.organizations.models import Liaison, Role, User


def receivers(department) -> list[User]:
    """Those told when something comes in: the liaisons, or the head where there is none."""
    liaisons = User.objects.filter(
        pk__in=Liaison.objects.filter(department=department).values("user_id"), is_active=True
    )
    return list(liaisons) or list(
        User.objects.filter(department=department, role=Role.HEAD, is_active=True)
    )


def routes(user, department_id) -> bool:
    """Whether ``user`` routes what comes in to that department: its head or a liaison."""
    if user.department_id != department_id or not user.is_active:
        return False
    return user.role == Role.HEAD or Liaison.objects.filter(user=user).exists()


def readers(departments) -> list[User]:
    """Everyone of ``departments`` who reads what is delivered to them (a bulletin, issued
    minutes): their active heads, officers (liaisons among them) and viewers; system
    administrators run the platform and receive none."""
    return list(
        User.objects.filter(
            department__in=departments,
            is_active=True,
            role__in=(Role.HEAD, Role.OFFICER, Role.VIEWER),
        ).order_by("department_id", "pk")
    )
