"""Who may do what with credit records. Seeing one is ``CreditRecord.objects.visible_to``.

The deciding department (处罚机关) enters, edits, submits and may withdraw its records; 发展改革
(DRC, 一(五): 及时录入相关主体的信用信息，并推送至“信用中国”) reviews, returns, publishes by hand,
repairs, withdraws, exports and manages the purchasers' check tokens and the external lists;
every member may check a supplier; administrators keep the table of publication periods."""

from liandong.core.policy import rule
from liandong.organizations.models import DepartmentKind, Role

WRITERS = (Role.HEAD, Role.OFFICER)


def _member_writer(user) -> bool:
    return user.role in WRITERS and user.department.is_member and user.department.is_active


def is_drc(user) -> bool:
    return _member_writer(user) and user.department.kind == DepartmentKind.DRC


def _sees(user, record) -> bool:
    from liandong.credit.models import CreditRecord

    return (
        record is not None and CreditRecord.objects.visible_to(user).filter(pk=record.pk).exists()
    )


def _deciding(user, record) -> bool:
    return (
        record is not None and _member_writer(user) and user.department_id == record.department_id
    )


def _drc_of(user, record) -> bool:
    return (
        record is not None
        and is_drc(user)
        and user.department.jurisdiction_id == record.department.jurisdiction_id
    )


@rule("credit.record.view")
def view(user, record) -> bool:
    return _sees(user, record)


@rule("credit.record.create")
def create(user, _obj) -> bool:
    """Heads and officers of a member department enter the penalties their department decided."""
    return _member_writer(user)


@rule("credit.record.edit")
def edit(user, record) -> bool:
    return _deciding(user, record)


@rule("credit.record.review")
def review(user, record) -> bool:
    return _drc_of(user, record)


@rule("credit.record.withdraw")
def withdraw(user, record) -> bool:
    """The deciding department (its decision was revoked) or DRC."""
    return _deciding(user, record) or _drc_of(user, record)


@rule("credit.record.export")
def export(user, _obj) -> bool:
    """The 双公示 file: DRC for the jurisdiction, a department for its own records."""
    return _member_writer(user)


@rule("credit.check")
def check(user, _obj) -> bool:
    """Every member's people may check whether a supplier is barred."""
    return user.role != Role.ADMIN and user.department.is_member


@rule("credit.lists.import")
def import_list(user, _obj) -> bool:
    return is_drc(user)


@rule("credit.clients.manage")
def manage_clients(user, _obj) -> bool:
    return is_drc(user)


@rule("credit.periods.manage")
def manage_periods(user, _obj) -> bool:
    return user.role == Role.ADMIN
