from liandong.core.policy import rule
from liandong.organizations.models import Department, Role


@rule("cases.case.create")
def create_case(user, department: Department) -> bool:
    return (
        department is not None
        and department.pk == user.department_id
        and user.role
        in (
            Role.HEAD,
            Role.OFFICER,
        )
    )


@rule("cases.case.view")
def view_case(user, case) -> bool:
    """The same scope as ``Case.objects.visible_to``: the department's own and shared cases."""
    from liandong.cases.models import Case

    return case is not None and Case.objects.visible_to(user).filter(pk=case.pk).exists()


@rule("cases.case.manage")
def manage_case(user, case) -> bool:
    """Move a case, assign, share: its department's head, or an officer assigned to it."""
    if case is None or case.department_id != user.department_id:
        return False
    if user.role == Role.HEAD:
        return True
    return user.role == Role.OFFICER and case.officers.filter(pk=user.pk).exists()


@rule("cases.threshold.manage")
def manage_thresholds(user, _obj) -> bool:
    return user.role == Role.ADMIN


@rule("cases.suggestions.view")
def view_suggestions(user, _obj) -> bool:
    """The lead unit's list of cases suggested for transfer (numbers and reasons only)."""
    return user.department.is_lead and user.role in (Role.HEAD, Role.OFFICER, Role.VIEWER)
