from dataclasses import dataclass

from liandong.core.policy import can, rule
from liandong.organizations.models import Role

WORKERS = (Role.HEAD, Role.OFFICER)


@dataclass(frozen=True)
class Issuing:
    """What ``documents.document.issue`` is asked about: a department issuing, maybe on a case."""

    department: object
    case: object = None


@rule("documents.document.issue")
def issue_document(user, issuing: Issuing) -> bool:
    """A department's head or officers issue its documents. On a case of their own department,
    only those who handle it (cases.case.manage); on another department's case (a notice
    answering a transfer), those who see it."""
    if issuing is None or issuing.department is None:
        return False
    if user.department_id != issuing.department.pk or user.role not in WORKERS:
        return False
    case = issuing.case
    if case is None:
        return True
    if case.department_id == user.department_id:
        return can(user, "cases.case.manage", case)
    return can(user, "cases.case.view", case)


@rule("documents.document.view", external=True)
def view_document(user, document) -> bool:
    from liandong.documents.models import IssuedDocument

    return (
        document is not None
        and IssuedDocument.objects.visible_to(user).filter(pk=document.pk).exists()
    )
