"""Who may do what with bulletins. Seeing one is ``Bulletin.objects.visible_to``: the author's
department and the audience departments."""

from liandong.core.policy import rule
from liandong.organizations.models import Role

WRITERS = (Role.HEAD, Role.OFFICER)  # viewers read, administrators run the system


def _sees(user, bulletin) -> bool:
    from liandong.sharing.models import Bulletin

    return (
        bulletin is not None and Bulletin.objects.visible_to(user).filter(pk=bulletin.pk).exists()
    )


@rule("sharing.bulletin.view")
def view(user, bulletin) -> bool:
    return _sees(user, bulletin)


@rule("sharing.bulletin.publish")
def publish(user, _obj) -> bool:
    """Heads and officers (liaisons among them) of a member department."""
    return user.role in WRITERS and user.department.is_member and user.department.is_active


@rule("sharing.bulletin.attach")
def attach(user, bulletin) -> bool:
    """Files are added by the author."""
    return bulletin is not None and bulletin.author_id == user.pk


@rule("sharing.bulletin.reply")
def reply(user, bulletin) -> bool:
    """Heads and officers of the audience and of the author's department."""
    return user.role in WRITERS and _sees(user, bulletin)


@rule("sharing.bulletin.withdraw")
def withdraw(user, bulletin) -> bool:
    """The author, or the head of the author's department."""
    if bulletin is None or not user.is_active:
        return False
    return bulletin.author_id == user.pk or (
        user.role == Role.HEAD and user.department_id == bulletin.department_id
    )


@rule("sharing.bulletin.receipts")
def receipts(user, bulletin) -> bool:
    """Who has read it: the author's department, and the lead unit (牵头单位, which follows how
    the mechanism runs) when it sees the bulletin."""
    if bulletin is None or user.role == Role.ADMIN:
        return False
    if user.department_id == bulletin.department_id:
        return True
    return user.department.is_lead and _sees(user, bulletin)


@rule("sharing.bulletin.download")
def download(user, bulletin) -> bool:
    return _sees(user, bulletin)
