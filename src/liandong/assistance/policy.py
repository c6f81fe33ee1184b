from liandong.core.policy import can, rule
from liandong.organizations.models import Role
from liandong.organizations.routing import routes

WORKERS = (Role.HEAD, Role.OFFICER)


@rule("assistance.request.view")
def view(user, request) -> bool:
    from liandong.assistance.models import AssistanceRequest

    return (
        request is not None
        and AssistanceRequest.objects.visible_to(user).filter(pk=request.pk).exists()
    )


@rule("assistance.request.create")
def create(user, case) -> bool:
    """Heads and officers ask for help with a case they handle (it shares part of the case)."""
    if user.role not in WORKERS:
        return False
    return case is None or can(user, "cases.case.manage", case)


@rule("assistance.request.route")
def route(user, request) -> bool:
    return request is not None and routes(user, request.helping_department_id)


@rule("assistance.request.work")
def work(user, request) -> bool:
    """Attach results and complete: the person it was given to, or the liaison or head who
    accepted it for the department."""
    if request is None or user.role not in WORKERS:
        return False
    return request.assignee_id == user.pk or routes(user, request.helping_department_id)


@rule("assistance.request.close")
def close(user, request) -> bool:
    """Acknowledge and close, or withdraw: whoever asked, or those who handle the case."""
    if request is None or user.department_id != request.requesting_department_id:
        return False
    return request.requested_by_id == user.pk or can(user, "cases.case.manage", request.case)
