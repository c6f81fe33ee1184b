"""Who may do what with publications. Seeing one is ``Publication.objects.visible_to``: the
drafting department, and the lead unit's head once it is submitted. The public site needs no
rule: it shows published text to everyone."""

from liandong.core.policy import rule
from liandong.organizations.models import Role

DRAFTERS = (Role.HEAD, Role.OFFICER)


def _sees(user, publication) -> bool:
    from liandong.publicity.models import Publication

    return (
        publication is not None
        and Publication.objects.visible_to(user).filter(pk=publication.pk).exists()
    )


def _approver(user, publication) -> bool:
    """The head of the lead unit (牵头单位) of the publication's jurisdiction."""
    department = user.department
    return (
        user.role == Role.HEAD
        and department.is_lead
        and department.jurisdiction_id == publication.department.jurisdiction_id
    )


@rule("publicity.publication.view")
def view(user, publication) -> bool:
    return _sees(user, publication)


@rule("publicity.publication.create")
def create(user, case) -> bool:
    """Heads and officers of a member department; a case, when named, of their own department."""
    if user.role not in DRAFTERS or not user.department.is_member:
        return False
    return case is None or case.department_id == user.department_id


@rule("publicity.publication.draft")
def draft(user, publication) -> bool:
    """Edit, anonymise and submit: heads and officers of the drafting department."""
    return (
        publication is not None
        and user.role in DRAFTERS
        and user.department_id == publication.department_id
    )


@rule("publicity.publication.approve")
def approve(user, publication) -> bool:
    """Approve or return: the lead unit's head."""
    return publication is not None and _approver(user, publication)


@rule("publicity.publication.withdraw")
def withdraw(user, publication) -> bool:
    """The lead unit's head, or the head of the drafting department."""
    if publication is None:
        return False
    own_head = user.role == Role.HEAD and user.department_id == publication.department_id
    return own_head or _approver(user, publication)
