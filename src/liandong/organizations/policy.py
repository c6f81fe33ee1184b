"""Who may do what with departments, people and accounts."""

from liandong.core.policy import rule
from liandong.organizations.models import ApiToken, Department, Jurisdiction, Liaison, Role, User


def _jurisdiction_id(obj) -> int | None:
    if isinstance(obj, Jurisdiction):
        return obj.pk
    if isinstance(obj, Department):
        return obj.jurisdiction_id
    if isinstance(obj, User | Liaison):
        return obj.department.jurisdiction_id
    return None


def _same_jurisdiction(user, obj) -> bool:
    return obj is not None and _jurisdiction_id(obj) == user.department.jurisdiction_id


@rule("organizations.department.view")
def view_department(user, department) -> bool:
    return _same_jurisdiction(user, department)


@rule("organizations.department.manage")
def manage_departments(user, target) -> bool:
    """Create (target: the jurisdiction) or edit (target: the department)."""
    return user.role == Role.ADMIN and _same_jurisdiction(user, target)


@rule("organizations.user.view")
def view_person(user, person) -> bool:
    return _same_jurisdiction(user, person)


@rule("organizations.user.manage")
def manage_people(user, target) -> bool:
    """Create (target: the department) or edit (target: the person)."""
    return user.role == Role.ADMIN and _same_jurisdiction(user, target)


@rule("organizations.liaison.manage")
def manage_liaisons(user, department) -> bool:
    return user.role == Role.ADMIN and _same_jurisdiction(user, department)


@rule("organizations.account.manage", external=True)
def manage_own_account(user, account) -> bool:
    """Change one's own password, second factor and API tokens."""
    if isinstance(account, ApiToken):
        return account.user_id == user.pk
    return account is None or account == user
