"""What every transfer step shares: who may take it in which state (``models.TRANSITIONS``), its
clocks (the ``transfer.*`` deadline rules), the document it issues, the notice to the other side
and its audit entry. The steps themselves are in ``actions`` (the sending department, receipt,
the police's material requests, results) and ``decisions`` (立案 or 不予立案 and what follows)."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.cases.actions import DECISION_TIMER
from liandong.cases.models import CasePart, CaseState
from liandong.core.validation import Errors, check_version, refuse
from liandong.deadlines import actions as deadlines
from liandong.deadlines.models import Deadline, DeadlineRule, DeadlineState, PauseReason
from liandong.documents import actions as documents
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Department, DepartmentKind
from liandong.transfers.models import (
    EXTENSION_RULES,
    TRANSITIONS,
    Kind,
    State,
    Transfer,
)

# 310号令 第五条: 应当立即指定2名或者2名以上行政执法人员组成专案组专门负责
TEAM_MIN = 2
FINISHED_CASE = (CaseState.CLOSED, CaseState.ARCHIVED)
NOT_YET_CHECKED = (CaseState.CLUE,)  # a clue not yet checked (初核) is not a case to transfer
RECEIVE_RULE = "transfer.receive"  # the other kinds: accept or decline (the mechanism's own)
FILING_RULE = "transfer.filing_decision"  # the police's 3 days (310号令 第八条)
FILING_RULES = (FILING_RULE, *EXTENSION_RULES.values())  # …and the periods an extension gives
PARTS = {  # what the receiving department is given of the case
    Kind.CRIMINAL: CasePart.ALL,
    Kind.ADMINISTRATIVE: CasePart.ALL,
    Kind.JURISDICTION: CasePart.ALL,
    Kind.AUDIT: CasePart.ALL,
    Kind.CLUE: CasePart.SUMMARY,
}

STEP_NAMES = {
    "attach": gettext_lazy("附移送材料"),
    "submit": gettext_lazy("报告负责人"),
    "approve": gettext_lazy("批准移送"),
    "refuse": gettext_lazy("不批准移送"),
    "send": gettext_lazy("移送"),
    "withdraw": gettext_lazy("撤回"),
    "accept": gettext_lazy("接收（签收回执）"),
    "decline": gettext_lazy("退回"),
    "forward": gettext_lazy("转送"),
    "request_material": gettext_lazy("通知补充材料"),
    "complete_material": gettext_lazy("补充材料"),
    "extend_review": gettext_lazy("延长立案审查期限"),
    "file": gettext_lazy("立案"),
    "not_file": gettext_lazy("不予立案"),
    "request_reconsideration": gettext_lazy("提请复议"),
    "decide_reconsideration": gettext_lazy("作出复议决定"),
    "suggest_supervision": gettext_lazy("建议立案监督"),
    "return_to_administration": gettext_lazy("回到行政处理程序"),
    "hand_over": gettext_lazy("移交涉案物品和材料"),
    "feedback": gettext_lazy("反馈结果"),
    "open_case": gettext_lazy("据此立案"),
    "explain_supervision": gettext_lazy("说明不立案理由"),
}


def url(transfer: Transfer) -> str:
    return f"/transfers/{transfer.pk}/"


# ---------------------------------------------------------------------------------------------
# Helpers


def locked(transfer: Transfer, expected_version: int | None) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related(
            "from_department__jurisdiction", "to_department", "case", "created_by", "copied_to"
        )
        .get(pk=transfer.pk)
    )
    check_version(transfer, expected_version)
    return transfer


def check_step(transfer: Transfer, verb: str) -> str:
    """Refuse a step the transfer's kind and state do not allow; return the state it leads
    to (the current one where the action decides)."""
    criminal, other, target = TRANSITIONS[verb]
    sources = criminal if transfer.is_criminal else other
    if transfer.state not in sources:
        if not sources:
            message = _("%(kind)s没有“%(step)s”这一步。") % {
                "kind": transfer.get_kind_display(),
                "step": STEP_NAMES[verb],
            }
        else:
            allowed = "、".join(f"“{State(s).label}”" for s in State.values if s in sources)
            message = _(
                "该移送当前为“%(state)s”，不能%(step)s：%(step)s只能在%(allowed)s时进行。"
            ) % {
                "state": transfer.get_state_display(),
                "step": STEP_NAMES[verb],
                "allowed": allowed,
            }
        raise refuse("state", message, "wrong_state")
    return target or transfer.state


def open_clock(transfer: Transfer, code: str) -> Deadline | None:
    return (
        Deadline.objects.for_object(transfer)
        .open()
        .filter(rule__code=code)
        .order_by("-started_at")
        .first()
    )


def start_clock(transfer: Transfer, code: str, department, *, start=None) -> Deadline:
    """Start a clock (a system step of the action: the clock belongs to ``department``)."""
    return deadlines.start_deadline(
        transfer, rule=code, department=department, start=start, acting_user=None
    )


def filing_clock(transfer: Transfer) -> Deadline | None:
    """The police's open clock for 立案 or 不予立案, whether or not it has been extended."""
    return (
        Deadline.objects.for_object(transfer)
        .open()
        .filter(rule__code__in=FILING_RULES)
        .select_related("rule")
        .order_by("-started_at")
        .first()
    )


def meet(transfer: Transfer, code: str, note: str) -> None:
    timer = open_clock(transfer, code)
    if timer is not None:
        deadlines.meet_deadline(timer, acting_user=None, note=note)


def record_timing(transfer: Transfer, code: str, department, since: dt.datetime, note: str):
    """A step the law times from an earlier moment but that may never be needed (转送, 补充材料
    通知): its clock is started from that moment and met now, which records whether it was in
    time."""
    timer = start_clock(transfer, code, department, start=since)
    deadlines.meet_deadline(timer, acting_user=None, note=note)
    return timer


def within(transfer: Transfer, code: str, step: str) -> Deadline:
    """The open clock of a step the law closes after its period; refused once it has run out,
    naming the rule."""
    timer = open_clock(transfer, code)
    rule = DeadlineRule.objects.get(code=code)
    if timer is None or timer.state == DeadlineState.MISSED or timer.due_at < timezone.now():
        raise refuse(
            "state",
            _("%(step)s的期限已过（%(basis)s）。") % {"step": step, "basis": rule.basis},
            "period_over",
        )
    return timer


def senders(transfer: Transfer) -> list:
    """Who on the sending side hears of the receiving side's steps: whoever prepared it and
    the case's officers."""
    people = {transfer.created_by_id: transfer.created_by}
    if transfer.case_id:
        people.update({p.pk: p for p in transfer.case.officers.filter(is_active=True)})
    return list(people.values())


def tell(people, transfer: Transfer, kind: str, title: str, body: str = "") -> None:
    notify(
        people,
        Note(kind=f"transfer.{kind}", title=title, body=body, url=url(transfer)),
        dedupe_key=f"transfer.{kind}:{transfer.pk}:{transfer.version}",
    )


def issue(transfer: Transfer, kind: str, content, *, department, recipient, acting_user):
    return documents.issue_document(
        content,
        department=department,
        kind=kind,
        case=transfer.case,
        subject=transfer,
        recipient=recipient,
        acting_user=acting_user,
    )


def letter_number(transfer: Transfer) -> str:
    from liandong.documents.models import IssuedDocument

    letter = (
        IssuedDocument.objects.about(transfer)
        .filter(kind__in=["criminal_transfer", "transfer_letter"])
        .first()
    )
    return letter.number if letter else ""


def record(verb: str, transfer: Transfer, acting_user, before: str, message: str = "", **after):
    audit.record(
        f"transfers.transfer.{verb}",
        actor=acting_user,
        obj=transfer,
        before={"state": before},
        after={"state": transfer.state, **after},
        message=message,
    )


def required(errors: Errors, field: str, value: str, message: str) -> str:
    if not (value or "").strip():
        errors.add(field, message, "required")
    return (value or "").strip()


def procuratorate_of(department) -> Department | None:
    """The same-level procuratorate: an external body of the jurisdiction (检察)."""
    return Department.objects.filter(
        jurisdiction_id=department.jurisdiction_id,
        kind=DepartmentKind.PROCURATORATE,
        is_active=True,
    ).first()


def hold_penalty_clock(transfer: Transfer) -> None:
    """The case went to the police: its 90 days for the penalty decision stop (no penalty may
    stand in for the transfer, 310号令 第十一条)."""
    if transfer.case_id is None:
        return
    for clock in (
        Deadline.objects.for_object(transfer.case)
        .filter(rule__code=DECISION_TIMER, state=DeadlineState.RUNNING)
        .select_related("rule")
    ):
        deadlines.pause_deadline(clock, reason=PauseReason.TRANSFER, acting_user=None)


def release_penalty_clock(transfer: Transfer) -> None:
    """The case is back with the department (returned to the administrative track): its 90
    days run on with what they had left."""
    if transfer.case_id is None:
        return
    for clock in Deadline.objects.for_object(transfer.case).filter(
        rule__code=DECISION_TIMER, state=DeadlineState.PAUSED, pause_reason=PauseReason.TRANSFER
    ):
        deadlines.resume_deadline(clock, acting_user=None)
