from liandong.core.policy import can, rule
from liandong.organizations.models import Role
from liandong.organizations.routing import routes

WORKERS = (Role.HEAD, Role.OFFICER)


@rule("consultations.consultation.ask")
def ask(user, case) -> bool:
    """Heads and officers ask; about a case only if they handle it (asking shares part of it)."""
    if user.role not in WORKERS:
        return False
    return case is None or can(user, "cases.case.manage", case)


@rule("consultations.consultation.assign")
def assign(user, consultation) -> bool:
    return consultation is not None and routes(user, consultation.department_id)


@rule("consultations.consultation.answer")
def answer(user, consultation) -> bool:
    """Only the person it was assigned to answers."""
    return consultation is not None and consultation.assignee_id == user.pk


@rule("consultations.consultation.follow_up")
def follow_up(user, consultation) -> bool:
    """The asker, or the asking department's head, follows up and closes."""
    if consultation is None or user.department_id != consultation.asking_department_id:
        return False
    return consultation.asked_by_id == user.pk or user.role == Role.HEAD
