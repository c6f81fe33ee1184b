"""Who may screen: the departments an administrator allowed (``ScreeningAccess``), their heads
and officers run it and decide about flags, their viewers read; administrators grant access."""

from liandong.core.policy import rule
from liandong.organizations.models import Role


def allowed(user) -> bool:
    """Whether the person's department may screen; asked once per request (the menu asks on
    every page), kept on the user object, which lives as long as the request."""
    from liandong.screening.models import ScreeningAccess

    if user.role == Role.ADMIN:
        return False
    known = getattr(user, "_screening_allowed", None)
    if known is None or known[0] != user.department_id:
        found = ScreeningAccess.objects.filter(department_id=user.department_id).exists()
        known = (user.department_id, found)
        user._screening_allowed = known
    return known[1]


@rule("screening.view")
def view(user, _obj) -> bool:
    return allowed(user)


@rule("screening.run")
def run(user, _obj) -> bool:
    return user.role in (Role.HEAD, Role.OFFICER) and allowed(user)


@rule("screening.flag.decide")
def decide(user, flag) -> bool:
    return (
        flag is not None
        and user.role in (Role.HEAD, Role.OFFICER)
        and flag.dataset.department_id == user.department_id
        and allowed(user)
    )


@rule("screening.access.manage")
def manage_access(user, department) -> bool:
    """Administrators of the department's jurisdiction."""
    return user.role == Role.ADMIN and (
        department is None or department.jurisdiction_id == user.department.jurisdiction_id
    )
