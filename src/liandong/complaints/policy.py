from liandong.core.policy import rule
from liandong.organizations.models import DepartmentKind, Role

WORKERS = (Role.HEAD, Role.OFFICER)


def _finance(department) -> bool:
    return department.is_member and department.kind == DepartmentKind.FIN


@rule("complaints.complaint.receive")
def receive(user, department) -> bool:
    """The finance department's heads and officers register the complaints it receives."""
    department = department or user.department
    return user.department_id == department.pk and _finance(department) and user.role in WORKERS


@rule("complaints.complaint.list")
def list_complaints(user, _obj=None) -> bool:
    """The finance department's people (not its system administrators)."""
    return _finance(user.department) and user.role != Role.ADMIN


@rule("complaints.complaint.view")
def view(user, complaint) -> bool:
    from liandong.complaints.models import Complaint

    return (
        complaint is not None
        and Complaint.objects.visible_to(user).filter(pk=complaint.pk).exists()
    )


@rule("complaints.complaint.handle")
def handle(user, complaint) -> bool:
    """Its heads and officers take the steps of the handling."""
    return (
        complaint is not None
        and user.department_id == complaint.department_id
        and user.role in WORKERS
    )


@rule("complaints.complaint.decide")
def decide(user, complaint) -> bool:
    """The decision is the department's: its head signs it (加盖公章, 第三十三条)."""
    return (
        complaint is not None
        and user.department_id == complaint.department_id
        and user.role == Role.HEAD
    )
