"""State changes of transfers (案件移送). Every step follows ``models.TRANSITIONS``, opens or
closes its clock (the ``transfer.*`` deadline rules of RULES.md §1), issues the document the law
makes written, tells the other side, and is audited (which puts it on the case's timeline).

Who acts is ``policy``: the sending department's case handlers prepare, report, send and answer
the police; its head approves; the receiving department's heads and officers receive and decide.
A step the police take late is still taken (a case must not stay with the wrong authority), and
its clock records how late; a step the law closes after its period (复议, 立案监督) is refused
once the period has run out, naming the rule.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.cases import actions as cases
from liandong.cases.models import Case, CasePart, CaseSource, CaseState
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.deadlines import actions as deadlines
from liandong.deadlines.models import Deadline, DeadlineRule, DeadlineState, PauseReason
from liandong.documents import actions as documents
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Department, DepartmentKind, Role
from liandong.organizations.routing import receivers, routes
from liandong.transfers import paperwork
from liandong.transfers.models import (
    FINAL_FEEDBACK,
    OPEN_STATES,
    REQUIRED_SLOTS,
    TRANSITIONS,
    Feedback,
    FeedbackKind,
    Kind,
    MaterialRequest,
    Slot,
    State,
    Transfer,
    TransferAttachment,
)

# 310号令 第五条: 应当立即指定2名或者2名以上行政执法人员组成专案组专门负责
TEAM_MIN = 2
FINISHED_CASE = (CaseState.CLOSED, CaseState.ARCHIVED)
NOT_YET_CHECKED = (CaseState.CLUE,)  # a clue not yet checked (初核) is not a case to transfer
RECEIVE_RULE = "transfer.receive"  # the other kinds: accept or decline (the mechanism's own)
FILING_RULE = "transfer.filing_decision"  # the police's 3 days (310号令 第八条)
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
    "file": gettext_lazy("立案"),
    "not_file": gettext_lazy("不予立案"),
    "request_reconsideration": gettext_lazy("提请复议"),
    "decide_reconsideration": gettext_lazy("作出复议决定"),
    "suggest_supervision": gettext_lazy("建议立案监督"),
    "return_to_administration": gettext_lazy("回到行政处理程序"),
    "hand_over": gettext_lazy("移交涉案物品和材料"),
    "feedback": gettext_lazy("反馈结果"),
    "open_case": gettext_lazy("据此立案"),
}


def url(transfer: Transfer) -> str:
    return f"/transfers/{transfer.pk}/"


# ---------------------------------------------------------------------------------------------
# Helpers


def _locked(transfer: Transfer, expected_version: int | None) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related(
            "from_department__jurisdiction", "to_department", "case", "created_by", "copied_to"
        )
        .get(pk=transfer.pk)
    )
    check_version(transfer, expected_version)
    return transfer


def _step(transfer: Transfer, verb: str) -> str:
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


def _timer(transfer: Transfer, code: str) -> Deadline | None:
    return (
        Deadline.objects.for_object(transfer)
        .open()
        .filter(rule__code=code)
        .order_by("-started_at")
        .first()
    )


def _start(transfer: Transfer, code: str, department, *, start=None) -> Deadline:
    """Start a clock (a system step of the action: the clock belongs to ``department``)."""
    return deadlines.start_deadline(
        transfer, rule=code, department=department, start=start, acting_user=None
    )


def _meet(transfer: Transfer, code: str, note: str) -> None:
    timer = _timer(transfer, code)
    if timer is not None:
        deadlines.meet_deadline(timer, acting_user=None, note=note)


def _record_timing(transfer: Transfer, code: str, department, since: dt.datetime, note: str):
    """A step the law times from an earlier moment but that may never be needed (转送, 补充材料
    通知): its clock is started from that moment and met now, which records whether it was in
    time."""
    timer = _start(transfer, code, department, start=since)
    deadlines.meet_deadline(timer, acting_user=None, note=note)
    return timer


def _within(transfer: Transfer, code: str, step: str) -> Deadline:
    """The open clock of a step the law closes after its period; refused once it has run out,
    naming the rule."""
    timer = _timer(transfer, code)
    rule = DeadlineRule.objects.get(code=code)
    if timer is None or timer.state == DeadlineState.MISSED or timer.due_at < timezone.now():
        raise refuse(
            "state",
            _("%(step)s的期限已过（%(basis)s）。") % {"step": step, "basis": rule.basis},
            "period_over",
        )
    return timer


def _senders(transfer: Transfer) -> list:
    """Who on the sending side hears of the receiving side's steps: whoever prepared it and
    the case's officers."""
    people = {transfer.created_by_id: transfer.created_by}
    if transfer.case_id:
        people.update({p.pk: p for p in transfer.case.officers.filter(is_active=True)})
    return list(people.values())


def _tell(people, transfer: Transfer, kind: str, title: str, body: str = "") -> None:
    notify(
        people,
        Note(kind=f"transfer.{kind}", title=title, body=body, url=url(transfer)),
        dedupe_key=f"transfer.{kind}:{transfer.pk}:{transfer.version}",
    )


def _issue(transfer: Transfer, kind: str, content, *, department, recipient, acting_user):
    return documents.issue_document(
        content,
        department=department,
        kind=kind,
        case=transfer.case,
        subject=transfer,
        recipient=recipient,
        acting_user=acting_user,
    )


def _letter_number(transfer: Transfer) -> str:
    from liandong.documents.models import IssuedDocument

    letter = (
        IssuedDocument.objects.about(transfer)
        .filter(kind__in=["criminal_transfer", "transfer_letter"])
        .first()
    )
    return letter.number if letter else ""


def _audit(verb: str, transfer: Transfer, acting_user, before: str, message: str = "", **after):
    audit.record(
        f"transfers.transfer.{verb}",
        actor=acting_user,
        obj=transfer,
        before={"state": before},
        after={"state": transfer.state, **after},
        message=message,
    )


def _required(errors: Errors, field: str, value: str, message: str) -> str:
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


# ---------------------------------------------------------------------------------------------
# The sending department


def _check_destination(errors: Errors, kind: str, sender, department) -> None:
    if department is None:
        errors.add("department", _("请选择接收单位。"), "required")
        return
    if department.pk == sender.pk:
        errors.add("department", _("不能移送本单位。"), "own")
    elif department.jurisdiction_id != sender.jurisdiction_id or not department.is_member:
        errors.add("department", _("只能移送本辖区的成员单位。"), "outside")
    elif kind == Kind.CRIMINAL and department.kind != DepartmentKind.PSB:
        errors.add(
            "department",
            _(
                "涉嫌犯罪案件应当移送同级公安机关（《行政执法机关移送涉嫌犯罪案件的规定》第三条），"
                "“%(name)s”不是公安机关。"
            )
            % {"name": department.name},
            "wrong_kind",
        )
    if kind == Kind.AUDIT and sender.kind != DepartmentKind.AUD:
        errors.add(
            "kind",
            _("审计移送由审计部门在审计监督中发现问题后移送（联动执法协作机制一（三））。"),
            "wrong_kind",
        )


def _check_case(errors: Errors, kind: str, case, sender) -> None:
    if case is None:
        if kind not in (Kind.AUDIT, Kind.CLUE):
            errors.add("case", _("请选择要移送的案件。"), "required")
        return
    if case.department_id != sender.pk:
        errors.add("case", _("只能移送本单位的案件。"), "not_own")
    elif case.state in FINISHED_CASE:
        errors.add("case", _("案件已结案或归档，不能再移送。"), "finished")
    elif kind == Kind.CRIMINAL and case.state in NOT_YET_CHECKED:
        errors.add(
            "case",
            _("线索尚未初核，不能作为涉嫌犯罪案件移送：请先初核，查明涉嫌犯罪的事实。"),
            "not_checked",
        )
    elif (
        kind == Kind.CRIMINAL
        and Transfer.objects.filter(case=case, kind=Kind.CRIMINAL, state__in=OPEN_STATES).exists()
    ):
        errors.add("case", _("本案已有正在办理的涉嫌犯罪移送。"), "duplicate")


@action("transfers.transfer.create")
def create(
    *,
    kind: str,
    department,
    subject: str,
    facts: str,
    acting_user,
    case=None,
    offence: str = "",
    report: str = "",
) -> Transfer:
    """Draft a transfer of ``case`` (or, for 审计移送 and 线索移交, of a finding without one) to
    ``department``."""
    policy.require_of(acting_user, "transfers.transfer.create", case)
    sender = acting_user.department
    errors = Errors()
    if kind not in Kind.values:
        errors.add("kind", _("请选择移送类别。"), "invalid_choice")
    else:
        _check_destination(errors, kind, sender, department)
        _check_case(errors, kind, case, sender)
    subject = _required(errors, "subject", subject, _("请填写标题。"))
    facts = _required(errors, "facts", facts, _("请写明案件情况或发现的问题。"))
    if kind == Kind.CRIMINAL:
        _required(errors, "offence", offence, _("请填写涉嫌罪名。"))
    errors.raise_if_any()
    transfer = Transfer.objects.create(
        kind=kind,
        case=case,
        from_department=sender,
        to_department=department,
        created_by=acting_user,
        subject=subject[:200],
        facts=facts,
        offence=offence.strip()[:200],
        report=report.strip(),
    )
    if case is not None:
        transfer.team.set(case.officers.all())
    audit.record(
        "transfers.transfer.create",
        actor=acting_user,
        obj=transfer,
        after={"kind": kind, "case": case.pk if case else None, "department": department.pk},
    )
    return transfer


@action("transfers.transfer.attach")
def attach(
    transfer: Transfer, *, slot: str, item, acting_user, expected_version: int | None = None
) -> TransferAttachment:
    """Send an evidence item of the case with the transfer, as one of the material of
    310号令 第六条 (or as material the police asked for)."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    _step(transfer, "attach")
    if slot not in Slot.values:
        raise refuse("slot", _("请选择材料类别。"), "invalid_choice")
    if transfer.case_id is None:
        raise refuse("item", _("未关联案件的移送不能附证据。"), "no_case")
    if item is None or item.case_id != transfer.case_id:
        raise refuse("item", _("请选择本案的证据。"), "not_of_case")
    if not item.is_current:
        raise refuse("item", _("该证据已被更正，请选择更正后的证据。"), "superseded")
    if TransferAttachment.objects.filter(transfer=transfer, slot=slot, item=item).exists():
        raise refuse("item", _("该证据已作为此项材料附上。"), "duplicate")
    attachment = TransferAttachment.objects.create(
        transfer=transfer, slot=slot, item=item, added_by=acting_user
    )
    save_changes(transfer)
    audit.record(
        "transfers.transfer.attach",
        actor=acting_user,
        obj=transfer,
        after={"slot": slot, "evidence": item.pk, "label": item.label},
        message=item.title,
    )
    return attachment


@action("transfers.transfer.detach")
def detach(attachment: TransferAttachment, *, acting_user) -> None:
    """Take back material not yet sent."""
    transfer = _locked(attachment.transfer, None)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    _step(transfer, "attach")
    if transfer.sent_at is not None and attachment.slot != Slot.SUPPLEMENT:
        raise refuse("item", _("已随移送书移送的材料不能撤下。"), "sent")
    item = attachment.item
    TransferAttachment.objects.filter(pk=attachment.pk).delete()
    save_changes(transfer)
    audit.record(
        "transfers.transfer.detach",
        actor=acting_user,
        obj=transfer,
        before={"slot": attachment.slot, "evidence": item.pk},
        message=item.title,
    )


def missing_slots(transfer: Transfer) -> list[str]:
    have = set(transfer.attachments.values_list("slot", flat=True))
    return [slot for slot in REQUIRED_SLOTS if slot not in have]


@action("transfers.transfer.submit")
def submit(
    transfer: Transfer, *, report: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """The case team reports to the head (310号令 第五条): at least two officers, in writing.
    The head's clock (3 days) starts."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = _step(transfer, "submit")
    errors = Errors()
    report = _required(errors, "report", report or transfer.report, _("请填写调查报告。"))
    team = list(transfer.case.officers.filter(is_active=True))
    if len(team) < TEAM_MIN:
        errors.add(
            "team",
            _(
                "办案组须有至少%(n)d名执法人员（《行政执法机关移送涉嫌犯罪案件的规定》第五条），"
                "本案现有%(have)d名：请先在案件中指定办案人员。"
            )
            % {"n": TEAM_MIN, "have": len(team)},
            "team_too_small",
        )
    errors.raise_if_any()
    transfer.team.set(team)
    save_changes(transfer, state=target, report=report, reported_at=timezone.now())
    _start(transfer, "transfer.head_decision", transfer.from_department)
    _audit("submit", transfer, acting_user, State.DRAFT, team=[p.pk for p in team])
    heads = transfer.from_department.people.filter(role=Role.HEAD, is_active=True)
    _tell(
        heads,
        transfer,
        "submitted",
        _("请审批是否移送：%(subject)s") % {"subject": transfer.subject},
        _("涉嫌%(offence)s。应自接到报告之日起3日内作出批准移送或者不批准移送的决定。")
        % {"offence": transfer.offence},
    )
    return transfer


@action("transfers.transfer.approve")
def approve(transfer: Transfer, *, acting_user, expected_version: int | None = None) -> Transfer:
    """The head approves; the transfer must reach the police within 24 hours."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.approve", transfer)
    target = _step(transfer, "approve")
    save_changes(transfer, state=target, decided_by=acting_user, decided_at=timezone.now())
    _meet(transfer, "transfer.head_decision", _("批准移送"))
    _start(transfer, "transfer.send", transfer.from_department)
    _audit("approve", transfer, acting_user, State.AWAITING_APPROVAL)
    _tell(
        _senders(transfer),
        transfer,
        "approved",
        _("负责人已批准移送：%(subject)s") % {"subject": transfer.subject},
        _("应当在24小时内向公安机关移送。"),
    )
    return transfer


@action("transfers.transfer.refuse")
def refuse_transfer(
    transfer: Transfer, *, reason: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """The head does not approve, with the reason (recorded: 310号令 第五条)."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.approve", transfer)
    target = _step(transfer, "refuse")
    if not reason.strip():
        raise refuse("reason", _("不批准移送须写明理由。"), "required")
    save_changes(
        transfer,
        state=target,
        decided_by=acting_user,
        decided_at=timezone.now(),
        refusal_reason=reason.strip(),
    )
    _meet(transfer, "transfer.head_decision", _("不批准移送"))
    _audit("refuse", transfer, acting_user, State.AWAITING_APPROVAL, message=reason.strip())
    _tell(
        _senders(transfer),
        transfer,
        "refused",
        _("负责人不批准移送：%(subject)s") % {"subject": transfer.subject},
        reason.strip(),
    )
    return transfer


@action("transfers.transfer.send")
def send(transfer: Transfer, *, acting_user, expected_version: int | None = None) -> Transfer:
    """Send it: a criminal transfer with its required material (blocked until they are all
    attached), its 移送书 and a copy to the procuratorate; the others with their 移送函. The
    receiving department is given the case."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = _step(transfer, "send")
    before = transfer.state
    now = timezone.now()
    if transfer.is_criminal:
        missing = missing_slots(transfer)
        if missing:
            raise refuse(
                "attachments",
                _("移送涉嫌犯罪案件应当附有下列材料，尚缺：%(missing)s（%(basis)s）。")
                % {
                    "missing": "、".join(str(Slot(s).label) for s in missing),
                    "basis": _("《行政执法机关移送涉嫌犯罪案件的规定》第六条"),
                },
                "missing_attachments",
            )
        copy = procuratorate_of(transfer.from_department)
        if copy is None:
            raise refuse(
                "copied_to",
                _("本辖区未登记同级人民检察院（外部机关），移送书无法抄送：请管理员先登记。"),
                "no_procuratorate",
            )
        save_changes(transfer, state=target, sent_at=now, copied_to=copy)
    else:
        save_changes(transfer, state=target, sent_at=now)
    if transfer.case_id:
        cases.share_case(
            transfer.case,
            department=transfer.to_department,
            part=PARTS[transfer.kind],
            note=_("随%(kind)s“%(subject)s”共享")
            % {"kind": transfer.get_kind_display(), "subject": transfer.subject},
            source="transfer",
            acting_user=acting_user,
        )
    kind = "criminal_transfer" if transfer.is_criminal else "transfer_letter"
    letter = _issue(
        transfer,
        kind,
        paperwork.transfer_letter(transfer),
        department=transfer.from_department,
        recipient=transfer.to_department,
        acting_user=acting_user,
    )
    if transfer.is_criminal:
        _meet(transfer, "transfer.send", _("已移送"))
        # 第七条、第八条: the police sign the receipt on receipt and decide within 3 days of
        # receiving it; the transfer reaches them now, whether or not anyone clicks 签收.
        _start(transfer, FILING_RULE, transfer.to_department, start=now)
        audit.record(
            "transfers.transfer.copy",
            actor=acting_user,
            obj=transfer,
            after={"copied_to": transfer.copied_to_id, "document": letter.number},
            message=transfer.copied_to.name,
        )
    else:
        _start(transfer, RECEIVE_RULE, transfer.to_department)
    _audit("send", transfer, acting_user, before, document=letter.number)
    _tell(
        receivers(transfer.to_department),
        transfer,
        "sent",
        _("%(dept)s移送%(kind)s：%(subject)s")
        % {
            "dept": transfer.from_department.short_name,
            "kind": transfer.get_kind_display(),
            "subject": transfer.subject,
        },
        _("移送文书 %(number)s。请签收并依法审查。") % {"number": letter.number},
    )
    return transfer


@action("transfers.transfer.withdraw")
def withdraw(
    transfer: Transfer, *, reason: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """Withdraw a transfer not yet received, with the reason; its clocks are cancelled."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = _step(transfer, "withdraw")
    if not reason.strip():
        raise refuse("reason", _("撤回移送须说明理由。"), "required")
    before = transfer.state
    deadlines.stop_timers(transfer, met=False, note=reason.strip()[:200], acting_user=None)
    save_changes(transfer, state=target, withdraw_reason=reason.strip()[:500])
    _audit("withdraw", transfer, acting_user, before, message=reason.strip())
    if transfer.sent_at:
        _tell(
            receivers(transfer.to_department),
            transfer,
            "withdrawn",
            _("移送已撤回：%(subject)s") % {"subject": transfer.subject},
            reason.strip(),
        )
    return transfer


# ---------------------------------------------------------------------------------------------
# The receiving department


@action("transfers.transfer.accept")
def accept(transfer: Transfer, *, acting_user, expected_version: int | None = None) -> Transfer:
    """Receive it. The police sign the receipt (回执) of the 移送书 (310号令 第七条); their
    3 days for 立案 or 不予立案 run from the send already. The other kinds are accepted for
    handling."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    _step(transfer, "accept")
    now = timezone.now()
    target = State.RECEIVED if transfer.is_criminal else State.ACCEPTED
    save_changes(transfer, state=target, received_at=now, received_by=acting_user)
    number = ""
    if transfer.is_criminal:
        number = _issue(
            transfer,
            "transfer_receipt",
            paperwork.receipt(transfer, _letter_number(transfer)),
            department=transfer.to_department,
            recipient=transfer.from_department,
            acting_user=acting_user,
        ).number
    else:
        _meet(transfer, RECEIVE_RULE, _("已接收"))
    _audit("accept", transfer, acting_user, State.SENT, receipt=number)
    _tell(
        _senders(transfer),
        transfer,
        "accepted",
        _("%(dept)s已接收移送：%(subject)s")
        % {"dept": transfer.to_department.short_name, "subject": transfer.subject},
        _("回执 %(number)s") % {"number": number} if number else "",
    )
    return transfer


@action("transfers.transfer.decline")
def decline(
    transfer: Transfer, *, reason: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """Return a transfer of the other kinds, with the reason (not ours to handle …)."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = _step(transfer, "decline")
    if not reason.strip():
        raise refuse("reason", _("退回移送须说明理由。"), "required")
    save_changes(transfer, state=target, decline_reason=reason.strip(), received_by=acting_user)
    _meet(transfer, RECEIVE_RULE, _("退回"))
    _audit("decline", transfer, acting_user, State.SENT, message=reason.strip())
    _tell(
        _senders(transfer),
        transfer,
        "declined",
        _("%(dept)s退回移送：%(subject)s")
        % {"dept": transfer.to_department.short_name, "subject": transfer.subject},
        reason.strip(),
    )
    return transfer


@action("transfers.transfer.forward")
def forward(
    transfer: Transfer,
    *,
    forwarded_to: str,
    reason: str,
    acting_user,
    expected_version: int | None = None,
) -> Transfer:
    """Not the police's jurisdiction: forward it to the competent authority and tell the
    transferring department in writing (310号令 第七条, 24 hours). Nothing more is decided here."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = _step(transfer, "forward")
    errors = Errors()
    forwarded_to = _required(errors, "forwarded_to", forwarded_to, _("请填写转送的机关。"))
    reason = _required(errors, "reason", reason, _("请说明不属于本机关管辖的理由。"))
    errors.raise_if_any()
    before = transfer.state
    deadlines.stop_timers(transfer, met=False, note=_("已转送"), acting_user=None)
    _record_timing(
        transfer,
        "transfer.police_forward",
        transfer.to_department,
        transfer.sent_at,
        _("已转送"),
    )
    save_changes(
        transfer,
        state=target,
        forwarded_to=forwarded_to[:100],
        forward_reason=reason,
        concluded_at=timezone.now(),
    )
    notice = _issue(
        transfer,
        "forward_notice",
        paperwork.forward_notice(transfer),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    _audit("forward", transfer, acting_user, before, message=reason, forwarded_to=forwarded_to)
    _tell(
        _senders(transfer),
        transfer,
        "forwarded",
        _("%(dept)s已将移送案件转送%(to)s：%(subject)s")
        % {
            "dept": transfer.to_department.short_name,
            "to": forwarded_to,
            "subject": transfer.subject,
        },
        _("转送通知书 %(number)s") % {"number": notice.number},
    )
    return transfer


@action("transfers.transfer.request_material")
def request_material(
    transfer: Transfer, *, needed: str, acting_user, expected_version: int | None = None
) -> MaterialRequest:
    """The material is incomplete: tell the transferring department in writing what is
    missing (程序规定 第一百八十条, within 24 hours of receipt); it has 3 days to complete it.
    The police may not refuse a transfer for incompleteness; their 3 days stop meanwhile."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = _step(transfer, "request_material")
    if not needed.strip():
        raise refuse("needed", _("请写明需要补充的材料。"), "required")
    request = MaterialRequest.objects.create(
        transfer=transfer, needed=needed.strip(), requested_by=acting_user
    )
    _record_timing(
        transfer,
        "transfer.material_request",
        transfer.to_department,
        transfer.sent_at,
        _("已通知补充材料"),
    )
    filing = _timer(transfer, FILING_RULE)
    if filing is not None and filing.state == DeadlineState.RUNNING:
        deadlines.pause_deadline(filing, reason=PauseReason.CORRECTION, acting_user=None)
    _start(transfer, "transfer.material_complete", transfer.from_department)
    save_changes(transfer, state=target)
    notice = _issue(
        transfer,
        "material_notice",
        paperwork.material_notice(transfer, needed.strip()),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    _audit("request_material", transfer, acting_user, State.RECEIVED, message=needed.strip())
    _tell(
        _senders(transfer),
        transfer,
        "material_requested",
        _("公安机关要求补充移送材料：%(subject)s") % {"subject": transfer.subject},
        _("%(needed)s（%(number)s，请于3日内补充）")
        % {"needed": needed.strip(), "number": notice.number},
    )
    return request


@action("transfers.transfer.complete_material")
def complete_material(
    transfer: Transfer, *, note: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """The transferring department has attached what was asked (补充材料) and says so; the
    police's clock resumes with the time it had left."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = _step(transfer, "complete_material")
    if not note.strip():
        raise refuse("note", _("请说明补充了哪些材料。"), "required")
    request = transfer.material_requests.filter(completed_at__isnull=True).last()
    if request is not None:
        request.completion_note = note.strip()
        request.completed_by = acting_user
        request.completed_at = timezone.now()
        request.save()
    _meet(transfer, "transfer.material_complete", _("已补充材料"))
    filing = _timer(transfer, FILING_RULE)
    if filing is not None and filing.state == DeadlineState.PAUSED:
        deadlines.resume_deadline(filing, acting_user=None)
    save_changes(transfer, state=target)
    _audit("complete_material", transfer, acting_user, State.MATERIAL_REQUESTED, message=note)
    _tell(
        receivers(transfer.to_department),
        transfer,
        "material_completed",
        _("%(dept)s已补充移送材料：%(subject)s")
        % {"dept": transfer.from_department.short_name, "subject": transfer.subject},
        note.strip(),
    )
    return transfer


def _filed(transfer: Transfer, acting_user, number: str) -> None:
    """立案: the notice goes to the transferring department, which has 3 days to hand over
    the items and files (310号令 第十二条)."""
    notice = _issue(
        transfer,
        "filing_notice",
        paperwork.filing_notice(transfer),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    save_changes(transfer, police_number=number or notice.number)
    _start(transfer, "transfer.handover", transfer.from_department)
    _tell(
        _senders(transfer),
        transfer,
        "filed",
        _("公安机关已立案：%(subject)s") % {"subject": transfer.subject},
        _("立案通知书 %(number)s。请于3日内移交涉案物品和有关材料。") % {"number": notice.number},
    )


@action("transfers.transfer.file")
def file(
    transfer: Transfer, *, acting_user, number: str = "", expected_version: int | None = None
) -> Transfer:
    """The police open a criminal case (立案), in writing; also after the procuratorate's
    立案监督."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = _step(transfer, "file")
    before = transfer.state
    _meet(transfer, FILING_RULE, _("立案"))
    save_changes(transfer, state=target, filing_decided_at=timezone.now())
    _filed(transfer, acting_user, number.strip())
    _audit("file", transfer, acting_user, before, number=transfer.police_number)
    return transfer


@action("transfers.transfer.not_file")
def not_file(
    transfer: Transfer,
    *,
    reason: str,
    acting_user,
    number: str = "",
    expected_version: int | None = None,
) -> Transfer:
    """不予立案, with the reasons, in writing; the files go back (310号令 第八条). The
    transferring department has 3 days to ask for 复议 or suggest 立案监督."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = _step(transfer, "not_file")
    if not reason.strip():
        raise refuse("reason", _("不予立案须写明理由。"), "required")
    _meet(transfer, FILING_RULE, _("不予立案"))
    save_changes(
        transfer,
        state=target,
        filing_decided_at=timezone.now(),
        non_filing_reason=reason.strip(),
    )
    notice = _issue(
        transfer,
        "non_filing_notice",
        paperwork.non_filing_notice(transfer),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    save_changes(transfer, police_number=number.strip() or notice.number)
    _start(transfer, "transfer.reconsideration_request", transfer.from_department)
    _audit("not_file", transfer, acting_user, State.RECEIVED, message=reason.strip())
    _tell(
        _senders(transfer),
        transfer,
        "not_filed",
        _("公安机关不予立案：%(subject)s") % {"subject": transfer.subject},
        _("%(reason)s（不予立案通知书 %(number)s；可于3日内提请复议或建议立案监督）")
        % {"reason": reason.strip(), "number": notice.number},
    )
    return transfer


@action("transfers.transfer.request_reconsideration")
def request_reconsideration(
    transfer: Transfer, *, reason: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """Ask the police to reconsider (提请复议) within 3 days of the 不予立案 notice."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = _step(transfer, "request_reconsideration")
    timer = _within(transfer, "transfer.reconsideration_request", _("提请复议"))
    if not reason.strip():
        raise refuse("reason", _("请写明提请复议的理由。"), "required")
    deadlines.meet_deadline(timer, acting_user=None, note=_("已提请复议"))
    save_changes(
        transfer,
        state=target,
        reconsideration_reason=reason.strip(),
        reconsideration_requested_at=timezone.now(),
    )
    request = _issue(
        transfer,
        "review_request",
        paperwork.review_request(transfer),
        department=transfer.from_department,
        recipient=transfer.to_department,
        acting_user=acting_user,
    )
    _start(transfer, "transfer.reconsideration_decision", transfer.to_department)
    _audit("request_reconsideration", transfer, acting_user, State.NOT_FILED, message=reason)
    _tell(
        receivers(transfer.to_department),
        transfer,
        "reconsideration_requested",
        _("%(dept)s提请复议：%(subject)s")
        % {"dept": transfer.from_department.short_name, "subject": transfer.subject},
        _("提请复议书 %(number)s，请于3日内作出复议决定。") % {"number": request.number},
    )
    return transfer


@action("transfers.transfer.decide_reconsideration")
def decide_reconsideration(
    transfer: Transfer,
    *,
    upheld: bool,
    note: str,
    acting_user,
    number: str = "",
    expected_version: int | None = None,
) -> Transfer:
    """The police's 复议 decision (3 days): upheld, the transferring department may suggest
    立案监督 within 3 days; reversed, the case is filed."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    _step(transfer, "decide_reconsideration")
    if not note.strip():
        raise refuse("note", _("请写明复议决定的理由。"), "required")
    _meet(transfer, "transfer.reconsideration_decision", _("已作出复议决定"))
    target = State.UPHELD if upheld else State.FILED
    now = timezone.now()
    save_changes(
        transfer,
        state=target,
        reconsideration_upheld=bool(upheld),
        reconsideration_note=note.strip(),
        reconsideration_decided_at=now,
    )
    decision = _issue(
        transfer,
        "review_decision",
        paperwork.review_decision(transfer),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    if upheld:
        _start(transfer, "transfer.supervision_request", transfer.from_department)
        _tell(
            _senders(transfer),
            transfer,
            "reconsideration_upheld",
            _("复议维持不予立案：%(subject)s") % {"subject": transfer.subject},
            _("复议决定书 %(number)s。仍有异议的，可于3日内建议人民检察院立案监督。")
            % {"number": decision.number},
        )
    else:
        save_changes(transfer, filing_decided_at=now)
        _filed(transfer, acting_user, number.strip())
    _audit(
        "decide_reconsideration",
        transfer,
        acting_user,
        State.RECONSIDERATION,
        message=note.strip(),
        upheld=bool(upheld),
        document=decision.number,
    )
    return transfer


@action("transfers.transfer.suggest_supervision")
def suggest_supervision(
    transfer: Transfer, *, note: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """Suggest 立案监督 to the procuratorate (310号令 第九条): due within 3 days of the 不予立案
    notice, or of the 复议 decision that upheld it — but never refused when later: the
    procuratorate must receive it (人民检察院刑事诉讼规则 第五百五十七条). A late one is taken and
    shown as late (its clock met after its due time)."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = _step(transfer, "suggest_supervision")
    code = (
        "transfer.supervision_request"
        if transfer.state == State.UPHELD
        else "transfer.reconsideration_request"
    )
    timer = _timer(transfer, code)
    if not note.strip():
        raise refuse("note", _("请写明建议立案监督的理由。"), "required")
    procuratorate = transfer.copied_to or procuratorate_of(transfer.from_department)
    if procuratorate is None:
        raise refuse(
            "state",
            _("本辖区未登记同级人民检察院（外部机关）：请管理员先登记。"),
            "no_procuratorate",
        )
    before = transfer.state
    now = timezone.now()
    late = timer is not None and timer.due_at < now
    if timer is not None:
        deadlines.meet_deadline(
            timer, acting_user=None, note=_("逾期建议立案监督") if late else _("已建议立案监督")
        )
    save_changes(
        transfer,
        state=target,
        supervision_note=note.strip(),
        supervision_suggested_at=now,
        supervision_late=late,
    )
    suggestion = _issue(
        transfer,
        "supervision_suggestion",
        paperwork.supervision_suggestion(transfer),
        department=transfer.from_department,
        recipient=procuratorate,
        acting_user=acting_user,
    )
    _audit(
        "suggest_supervision",
        transfer,
        acting_user,
        before,
        message=_("超过第九条规定的3日，人民检察院仍应当受理（刑诉规则第五百五十七条）")
        if late
        else "",
        document=suggestion.number,
        late=late,
    )
    _tell(
        receivers(transfer.to_department),
        transfer,
        "supervision_suggested",
        _("%(dept)s已建议人民检察院立案监督：%(subject)s")
        % {"dept": transfer.from_department.short_name, "subject": transfer.subject},
    )
    return transfer


@action("transfers.transfer.return_to_administration")
def return_to_administration(
    transfer: Transfer, *, note: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """Not filed, and the transferring department does not (or no longer) contest it: the case
    goes back to the administrative track (310号令 第十条), where what the law punishes is
    punished — and no fine stands in for a crime (第十一条)."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = _step(transfer, "return_to_administration")
    if not note.strip():
        raise refuse("note", _("请说明回到行政处理程序的理由和后续处理。"), "required")
    before = transfer.state
    deadlines.stop_timers(transfer, met=False, note=_("回到行政处理程序"), acting_user=None)
    now = timezone.now()
    save_changes(
        transfer, state=target, return_note=note.strip(), returned_at=now, concluded_at=now
    )
    _audit("return_to_administration", transfer, acting_user, before, message=note.strip())
    return transfer


@action("transfers.transfer.hand_over")
def hand_over(
    transfer: Transfer, *, items: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """Hand the items and files over to the police within 3 days of the 立案 notice
    (310号令 第十二条)."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = _step(transfer, "hand_over")
    if not items.strip():
        raise refuse("items", _("请列明移交的涉案物品和材料。"), "required")
    save_changes(transfer, state=target, handover_note=items.strip(), handed_over_at=timezone.now())
    _meet(transfer, "transfer.handover", _("已移交"))
    listing = _issue(
        transfer,
        "handover_list",
        paperwork.handover_list(transfer),
        department=transfer.from_department,
        recipient=transfer.to_department,
        acting_user=acting_user,
    )
    _audit("hand_over", transfer, acting_user, State.FILED, document=listing.number)
    _tell(
        receivers(transfer.to_department),
        transfer,
        "handed_over",
        _("%(dept)s已移交涉案物品和材料：%(subject)s")
        % {"dept": transfer.from_department.short_name, "subject": transfer.subject},
        _("移交清单 %(number)s") % {"number": listing.number},
    )
    return transfer


@action("transfers.transfer.feedback")
def give_feedback(
    transfer: Transfer, *, kind: str, text: str, acting_user, expected_version: int | None = None
) -> Feedback:
    """The receiving department reports what became of it: the police's later results
    (侦查、移送审查起诉、判决、撤销案件), or how the other kinds were handled. A final result
    concludes the transfer."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    _step(transfer, "feedback")
    allowed = (
        {
            FeedbackKind.INVESTIGATING,
            FeedbackKind.PROSECUTION,
            FeedbackKind.JUDGMENT,
            FeedbackKind.CASE_DROPPED,
            FeedbackKind.OTHER,
        }
        if transfer.is_criminal
        else {FeedbackKind.HANDLED, FeedbackKind.OTHER}
    )
    errors = Errors()
    if kind not in allowed:
        errors.add("kind", _("请选择反馈事项。"), "invalid_choice")
    text = _required(errors, "text", text, _("请填写反馈内容。"))
    errors.raise_if_any()
    feedback = Feedback.objects.create(
        transfer=transfer, kind=kind, text=text, given_by=acting_user
    )
    before = transfer.state
    if kind in FINAL_FEEDBACK:
        # a result that ends it (撤销案件 before the hand-over …) ends what was still owed
        deadlines.stop_timers(transfer, met=False, note=_("移送已办结"), acting_user=None)
        save_changes(transfer, state=State.CONCLUDED, concluded_at=timezone.now())
    else:
        save_changes(transfer)
    _audit("feedback", transfer, acting_user, before, message=text, kind=kind)
    _tell(
        _senders(transfer),
        transfer,
        "feedback",
        _("%(dept)s反馈移送结果（%(kind)s）：%(subject)s")
        % {
            "dept": transfer.to_department.short_name,
            "kind": feedback.get_kind_display(),
            "subject": transfer.subject,
        },
        text,
    )
    return feedback


@action("transfers.transfer.open_case")
def open_case(transfer: Transfer, *, acting_user, expected_version: int | None = None) -> Case:
    """The receiving department registers a case of its own from what it accepted (an audit
    finding, a clue, a case handed over): a clue in its case list, with the transfer's facts."""
    transfer = _locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    _step(transfer, "open_case")
    if transfer.created_case_id:
        raise refuse("state", _("已据此移送登记过案件。"), "duplicate")
    source = (
        CaseSource.AUDIT_TRANSFER if transfer.kind == Kind.AUDIT else CaseSource.DEPARTMENT_TRANSFER
    )
    summary = _("%(dept)s移送（%(kind)s）：%(facts)s") % {
        "dept": transfer.from_department.name,
        "kind": transfer.get_kind_display(),
        "facts": transfer.facts,
    }
    case = cases.register_case(
        transfer.to_department,
        title=transfer.subject,
        source=source,
        summary=summary,
        acting_user=acting_user,
    )
    save_changes(transfer, created_case=case)
    _audit("open_case", transfer, acting_user, transfer.state, case=case.pk, number=case.number)
    return case


# ---------------------------------------------------------------------------------------------
# What waits for whom


def waiting_for(user):
    """Transfers that wait for ``user``: the head's approval; the preparer's next step (send,
    complete material, answer a 不予立案, hand over); the receiving department's liaison or
    head (receive, decide, answer a 复议)."""
    mine = Transfer.objects.visible_to(user)
    approving = Q(pk__in=[])
    if user.role == Role.HEAD:
        approving = Q(from_department_id=user.department_id, state=State.AWAITING_APPROVAL)
    preparing = Q(created_by=user) & (
        Q(state__in=[State.DRAFT, State.APPROVED, State.MATERIAL_REQUESTED])
        | Q(state__in=[State.NOT_FILED, State.UPHELD, State.FILED])
    )
    receiving = Q(pk__in=[])
    if routes(user, user.department_id):
        receiving = Q(to_department_id=user.department_id) & (
            Q(state__in=[State.SENT, State.RECEIVED, State.RECONSIDERATION])
            | Q(
                state=State.ACCEPTED,
                kind__in=[Kind.AUDIT, Kind.CLUE, Kind.ADMINISTRATIVE, Kind.JURISDICTION],
            )
        )
    return mine.filter(approving | preparing | receiving).select_related(
        "from_department", "to_department"
    )
