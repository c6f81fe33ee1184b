from liandong.core.policy import can, rule
from liandong.organizations.models import Role

WORKERS = (Role.HEAD, Role.OFFICER)


@rule("evidence.upload.start")
def start_upload(user, _obj) -> bool:
    """Anyone who handles cases may send a file; what it becomes is checked when it is filed."""
    return user.role in WORKERS


@rule("evidence.item.add")
def add_item(user, case) -> bool:
    """Evidence is filed on a case by those who handle it (cases.case.manage)."""
    return can(user, "cases.case.manage", case)


@rule("evidence.item.view")
def view_item(user, item) -> bool:
    from liandong.evidence.models import EvidenceItem

    return item is not None and EvidenceItem.objects.visible_to(user).filter(pk=item.pk).exists()


@rule("evidence.item.recognise")
def recognise_item(user, item) -> bool:
    """互认 is recorded by another department that was given the evidence: its head or officers."""
    return (
        item is not None
        and user.role in WORKERS
        and item.case.department_id != user.department_id
        and view_item(user, item)
    )


@rule("evidence.package.export")
def export_package(user, case) -> bool:
    return can(user, "cases.case.manage", case)


@rule("evidence.attachment.view")
def view_attachment(user, attachment) -> bool:
    from liandong.evidence.models import Attachment

    return (
        attachment is not None
        and Attachment.objects.visible_to(user).filter(pk=attachment.pk).exists()
    )
