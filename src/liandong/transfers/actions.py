"""State changes of transfers (案件移送) up to the police's decision: the sending department
drafts, reports, is approved and sends; the receiving department signs for it, declines or
forwards it, asks for missing material, reports results and opens a case of its own. The
police's decision and what follows (复议, 立案监督, 移交) are in ``decisions``; what every step
shares (its state check, clocks, document, notice and audit) is in ``steps``.

Who acts is ``policy``: the sending department's case handlers prepare, report, send and answer
the police; its head approves; the receiving department's heads and officers receive and decide.
A step the police take late is still taken (a case must not stay with the wrong authority), and
its clock records how late; 复议 is refused once its 3 days have run out, naming the rule, while a
late 立案监督 suggestion is received (the procuratorate must take it) and shown late.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.cases import actions as cases
from liandong.cases.models import Case, CaseSource
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, refuse, save_changes
from liandong.deadlines import actions as deadlines
from liandong.deadlines.models import DeadlineState, PauseReason
from liandong.organizations.models import DepartmentKind, Role
from liandong.organizations.routing import receivers, routes
from liandong.transfers import paperwork, steps
from liandong.transfers.models import (
    FINAL_FEEDBACK,
    OPEN_STATES,
    REQUIRED_SLOTS,
    Feedback,
    FeedbackKind,
    Kind,
    MaterialRequest,
    Slot,
    State,
    Transfer,
    TransferAttachment,
)

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
    elif case.state in steps.FINISHED_CASE:
        errors.add("case", _("案件已结案或归档，不能再移送。"), "finished")
    elif kind == Kind.CRIMINAL and case.state in steps.NOT_YET_CHECKED:
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
    subject = steps.required(errors, "subject", subject, _("请填写标题。"))
    facts = steps.required(errors, "facts", facts, _("请写明案件情况或发现的问题。"))
    if kind == Kind.CRIMINAL:
        steps.required(errors, "offence", offence, _("请填写涉嫌罪名。"))
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    steps.check_step(transfer, "attach")
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
    transfer = steps.locked(attachment.transfer, None)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    steps.check_step(transfer, "attach")
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = steps.check_step(transfer, "submit")
    errors = Errors()
    report = steps.required(errors, "report", report or transfer.report, _("请填写调查报告。"))
    team = list(transfer.case.officers.filter(is_active=True))
    if len(team) < steps.TEAM_MIN:
        errors.add(
            "team",
            _(
                "办案组须有至少%(n)d名执法人员（《行政执法机关移送涉嫌犯罪案件的规定》第五条），"
                "本案现有%(have)d名：请先在案件中指定办案人员。"
            )
            % {"n": steps.TEAM_MIN, "have": len(team)},
            "team_too_small",
        )
    errors.raise_if_any()
    transfer.team.set(team)
    save_changes(transfer, state=target, report=report, reported_at=timezone.now())
    steps.start_clock(transfer, "transfer.head_decision", transfer.from_department)
    steps.record("submit", transfer, acting_user, State.DRAFT, team=[p.pk for p in team])
    heads = transfer.from_department.people.filter(role=Role.HEAD, is_active=True)
    steps.tell(
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.approve", transfer)
    target = steps.check_step(transfer, "approve")
    save_changes(transfer, state=target, decided_by=acting_user, decided_at=timezone.now())
    steps.meet(transfer, "transfer.head_decision", _("批准移送"))
    steps.start_clock(transfer, "transfer.send", transfer.from_department)
    steps.record("approve", transfer, acting_user, State.AWAITING_APPROVAL)
    steps.tell(
        steps.senders(transfer),
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.approve", transfer)
    target = steps.check_step(transfer, "refuse")
    if not reason.strip():
        raise refuse("reason", _("不批准移送须写明理由。"), "required")
    save_changes(
        transfer,
        state=target,
        decided_by=acting_user,
        decided_at=timezone.now(),
        refusal_reason=reason.strip(),
    )
    steps.meet(transfer, "transfer.head_decision", _("不批准移送"))
    steps.record("refuse", transfer, acting_user, State.AWAITING_APPROVAL, message=reason.strip())
    steps.tell(
        steps.senders(transfer),
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = steps.check_step(transfer, "send")
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
        copy = steps.procuratorate_of(transfer.from_department)
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
            part=steps.PARTS[transfer.kind],
            note=_("随%(kind)s“%(subject)s”共享")
            % {"kind": transfer.get_kind_display(), "subject": transfer.subject},
            source="transfer",
            acting_user=acting_user,
        )
    kind = "criminal_transfer" if transfer.is_criminal else "transfer_letter"
    letter = steps.issue(
        transfer,
        kind,
        paperwork.transfer_letter(transfer),
        department=transfer.from_department,
        recipient=transfer.to_department,
        acting_user=acting_user,
    )
    if transfer.is_criminal:
        steps.meet(transfer, "transfer.send", _("已移送"))
        # 第七条、第八条: the police sign the receipt on receipt and decide within 3 days of
        # receiving it; the transfer reaches them now, whether or not anyone clicks 签收.
        steps.start_clock(transfer, steps.FILING_RULE, transfer.to_department, start=now)
        steps.hold_penalty_clock(transfer)
        audit.record(
            "transfers.transfer.copy",
            actor=acting_user,
            obj=transfer,
            after={"copied_to": transfer.copied_to_id, "document": letter.number},
            message=transfer.copied_to.name,
        )
    else:
        steps.start_clock(transfer, steps.RECEIVE_RULE, transfer.to_department)
    steps.record("send", transfer, acting_user, before, document=letter.number)
    steps.tell(
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = steps.check_step(transfer, "withdraw")
    if not reason.strip():
        raise refuse("reason", _("撤回移送须说明理由。"), "required")
    before = transfer.state
    deadlines.stop_timers(transfer, met=False, note=reason.strip()[:200], acting_user=None)
    save_changes(transfer, state=target, withdraw_reason=reason.strip()[:500])
    steps.record("withdraw", transfer, acting_user, before, message=reason.strip())
    if transfer.sent_at:
        steps.tell(
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    steps.check_step(transfer, "accept")
    now = timezone.now()
    target = State.RECEIVED if transfer.is_criminal else State.ACCEPTED
    save_changes(transfer, state=target, received_at=now, received_by=acting_user)
    number = ""
    if transfer.is_criminal:
        number = steps.issue(
            transfer,
            "transfer_receipt",
            paperwork.receipt(transfer, steps.letter_number(transfer)),
            department=transfer.to_department,
            recipient=transfer.from_department,
            acting_user=acting_user,
        ).number
    else:
        steps.meet(transfer, steps.RECEIVE_RULE, _("已接收"))
    steps.record("accept", transfer, acting_user, State.SENT, receipt=number)
    steps.tell(
        steps.senders(transfer),
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = steps.check_step(transfer, "decline")
    if not reason.strip():
        raise refuse("reason", _("退回移送须说明理由。"), "required")
    save_changes(transfer, state=target, decline_reason=reason.strip(), received_by=acting_user)
    steps.meet(transfer, steps.RECEIVE_RULE, _("退回"))
    steps.record("decline", transfer, acting_user, State.SENT, message=reason.strip())
    steps.tell(
        steps.senders(transfer),
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = steps.check_step(transfer, "forward")
    errors = Errors()
    forwarded_to = steps.required(errors, "forwarded_to", forwarded_to, _("请填写转送的机关。"))
    reason = steps.required(errors, "reason", reason, _("请说明不属于本机关管辖的理由。"))
    errors.raise_if_any()
    before = transfer.state
    deadlines.stop_timers(transfer, met=False, note=_("已转送"), acting_user=None)
    steps.record_timing(
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
    notice = steps.issue(
        transfer,
        "forward_notice",
        paperwork.forward_notice(transfer),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    steps.record(
        "forward", transfer, acting_user, before, message=reason, forwarded_to=forwarded_to
    )
    steps.tell(
        steps.senders(transfer),
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = steps.check_step(transfer, "request_material")
    if not needed.strip():
        raise refuse("needed", _("请写明需要补充的材料。"), "required")
    request = MaterialRequest.objects.create(
        transfer=transfer, needed=needed.strip(), requested_by=acting_user
    )
    steps.record_timing(
        transfer,
        "transfer.material_request",
        transfer.to_department,
        transfer.sent_at,
        _("已通知补充材料"),
    )
    filing = steps.filing_clock(transfer)
    if filing is not None and filing.state == DeadlineState.RUNNING:
        deadlines.pause_deadline(filing, reason=PauseReason.CORRECTION, acting_user=None)
    steps.start_clock(transfer, "transfer.material_complete", transfer.from_department)
    save_changes(transfer, state=target)
    notice = steps.issue(
        transfer,
        "material_notice",
        paperwork.material_notice(transfer, needed.strip()),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    steps.record("request_material", transfer, acting_user, State.RECEIVED, message=needed.strip())
    steps.tell(
        steps.senders(transfer),
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = steps.check_step(transfer, "complete_material")
    if not note.strip():
        raise refuse("note", _("请说明补充了哪些材料。"), "required")
    request = transfer.material_requests.filter(completed_at__isnull=True).last()
    if request is not None:
        request.completion_note = note.strip()
        request.completed_by = acting_user
        request.completed_at = timezone.now()
        request.save()
    steps.meet(transfer, "transfer.material_complete", _("已补充材料"))
    filing = steps.filing_clock(transfer)
    if filing is not None and filing.state == DeadlineState.PAUSED:
        deadlines.resume_deadline(filing, acting_user=None)
    save_changes(transfer, state=target)
    steps.record("complete_material", transfer, acting_user, State.MATERIAL_REQUESTED, message=note)
    steps.tell(
        receivers(transfer.to_department),
        transfer,
        "material_completed",
        _("%(dept)s已补充移送材料：%(subject)s")
        % {"dept": transfer.from_department.short_name, "subject": transfer.subject},
        note.strip(),
    )
    return transfer


@action("transfers.transfer.feedback")
def give_feedback(
    transfer: Transfer, *, kind: str, text: str, acting_user, expected_version: int | None = None
) -> Feedback:
    """The receiving department reports what became of it: the police's later results
    (侦查、移送审查起诉、判决、撤销案件), or how the other kinds were handled. A final result
    concludes the transfer."""
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    steps.check_step(transfer, "feedback")
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
    text = steps.required(errors, "text", text, _("请填写反馈内容。"))
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
    steps.record("feedback", transfer, acting_user, before, message=text, kind=kind)
    steps.tell(
        steps.senders(transfer),
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    steps.check_step(transfer, "open_case")
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
    steps.record(
        "open_case", transfer, acting_user, transfer.state, case=case.pk, number=case.number
    )
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
