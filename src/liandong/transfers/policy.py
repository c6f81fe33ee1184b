from liandong.core.policy import can, rule
from liandong.organizations.models import Role

WORKERS = (Role.HEAD, Role.OFFICER)


@rule("transfers.transfer.view")
def view(user, transfer) -> bool:
    from liandong.transfers.models import Transfer

    return (
        transfer is not None and Transfer.objects.visible_to(user).filter(pk=transfer.pk).exists()
    )


@rule("transfers.transfer.create")
def create(user, case) -> bool:
    """Heads and officers transfer a case they handle; without a case (审计移送, 线索移交), any
    of them for their department."""
    if user.role not in WORKERS:
        return False
    return case is None or can(user, "cases.case.manage", case)


@rule("transfers.transfer.prepare")
def prepare(user, transfer) -> bool:
    """The sending side's steps (attach, report, send, answer the police, hand over): those who
    handle the case; for a transfer without one, whoever drafted it and the head."""
    if transfer is None or user.department_id != transfer.from_department_id:
        return False
    if user.role not in WORKERS:
        return False
    if transfer.case_id:
        return can(user, "cases.case.manage", transfer.case)
    return user.role == Role.HEAD or transfer.created_by_id == user.pk


@rule("transfers.transfer.approve")
def approve(user, transfer) -> bool:
    """The head of the transferring department (正职负责人或者主持工作的负责人, 310号令 第五条)."""
    return (
        transfer is not None
        and user.department_id == transfer.from_department_id
        and user.role == Role.HEAD
    )


@rule("transfers.transfer.receive")
def receive(user, transfer) -> bool:
    """The receiving department's heads and officers, once it has been sent."""
    return (
        transfer is not None
        and transfer.sent_at is not None
        and user.department_id == transfer.to_department_id
        and user.role in WORKERS
    )


@rule("transfers.overview.view")
def overview(user, _obj=None) -> bool:
    """The lead unit watches every transfer's state and clocks (not the cases behind them)."""
    return user.department.is_lead and user.role in (Role.HEAD, Role.OFFICER, Role.VIEWER)


@rule("transfers.copy.view", external=True)
def view_copy(user, transfer) -> bool:
    """The procuratorate reads the criminal transfers copied to it (抄送, 高检会〔2006〕2号
    第一条) and their documents — not the cases behind them."""
    return (
        transfer is not None
        and transfer.copied_to_id is not None
        and transfer.sent_at is not None
        and user.department_id == transfer.copied_to_id
        and user.role != Role.ADMIN
    )


@rule("transfers.supervision.answer", external=True)
def answer_supervision(user, supervision) -> bool:
    """The procuratorate's heads and officers answer a 立案监督 suggestion made to it."""
    return (
        supervision is not None
        and user.department_id == supervision.procuratorate_id
        and user.role in WORKERS
    )
