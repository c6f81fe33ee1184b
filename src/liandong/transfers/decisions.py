"""The police's decision on a criminal transfer and what follows it (310号令 第八条至第十二条):
立案 and the hand-over of items and files, or 不予立案 with 复议, 立案监督 and the return to the
administrative track. Each step goes through ``steps`` like those in ``actions``.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, refuse, save_changes
from liandong.deadlines import actions as deadlines
from liandong.deadlines import periods
from liandong.organizations.routing import receivers
from liandong.transfers import paperwork, steps, supervision
from liandong.transfers.models import (
    APPROVED_EXTENSIONS,
    EXTENDS,
    EXTENSION_RULES,
    ExtensionKind,
    ReviewExtension,
    State,
    Transfer,
)


def _filed(transfer: Transfer, acting_user, number: str) -> None:
    """立案: the notice goes to the transferring department, which has 3 days to hand over
    the items and files (310号令 第十二条)."""
    notice = steps.issue(
        transfer,
        "filing_notice",
        paperwork.filing_notice(transfer),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    save_changes(transfer, police_number=number or notice.number)
    steps.start_clock(transfer, "transfer.handover", transfer.from_department)
    steps.tell(
        steps.senders(transfer),
        transfer,
        "filed",
        _("公安机关已立案：%(subject)s") % {"subject": transfer.subject},
        _("立案通知书 %(number)s。请于3日内移交涉案物品和有关材料。") % {"number": notice.number},
    )


def _meet_filing(transfer: Transfer, note: str) -> None:
    clock = steps.filing_clock(transfer)
    if clock is not None:
        deadlines.meet_deadline(clock, acting_user=None, note=note)


@action("transfers.transfer.extend_review")
def extend_review(
    transfer: Transfer,
    *,
    extension: str,
    reason: str,
    acting_user,
    approver: str = "",
    expected_version: int | None = None,
) -> ReviewExtension:
    """The police take longer than 3 days to decide on 立案, by a recorded decision (公通字〔2017〕
    25号 第十六条): at the latest 10 days; 30 days for a case 重大、疑难、复杂或者跨区域性 with the
    approval of a head of a police organ at county level or above; 30 more, in special
    circumstances, with the next level's approval. The clock keeps its start (the receipt) and
    its pauses and runs to the longer period; the transferring department is told. Decided
    within the running period, never after it."""
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    steps.check_step(transfer, "extend_review")
    errors = Errors()
    if extension not in ExtensionKind.values:
        errors.add("extension", _("请选择延长的情形。"), "invalid_choice")
    reason = steps.required(errors, "reason", reason, _("请写明延长立案审查期限的理由。"))
    if extension in APPROVED_EXTENSIONS:
        approver = steps.required(
            errors, "approver", approver, _("请填写批准延长的公安机关负责人（姓名、职务）。")
        )
    errors.raise_if_any()
    kind = ExtensionKind(extension)
    clock = steps.filing_clock(transfer)
    if clock is None or clock.rule.code not in EXTENDS[kind]:
        raise refuse(
            "extension",
            _("当前的立案审查期限不能这样延长：%(kind)s。") % {"kind": kind.label},
            "wrong_order",
        )
    clock = deadlines.extend_deadline(clock, rule=EXTENSION_RULES[kind], acting_user=None)
    record = ReviewExtension.objects.create(
        transfer=transfer,
        kind=kind,
        reason=reason,
        approver=(approver or "").strip()[:100],
        basis=clock.basis,
        due_at=clock.due_at if clock.state == "running" else None,
        decided_by=acting_user,
    )
    save_changes(transfer)
    due = periods.due_text(clock.due_at) if record.due_at else _("补充材料后重新计算")
    steps.record(
        "extend_review",
        transfer,
        acting_user,
        transfer.state,
        message=reason,
        extension=kind.value,
        approver=record.approver,
        due_at=record.due_at,
    )
    steps.tell(
        steps.senders(transfer),
        transfer,
        "review_extended",
        _("公安机关延长立案审查期限：%(subject)s") % {"subject": transfer.subject},
        _("%(kind)s，届满时间 %(due)s。理由：%(reason)s")
        % {"kind": kind.label, "due": due, "reason": reason},
    )
    return record


@action("transfers.transfer.file")
def file(
    transfer: Transfer, *, acting_user, number: str = "", expected_version: int | None = None
) -> Transfer:
    """The police open a criminal case (立案), in writing; also after the procuratorate's
    立案监督."""
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = steps.check_step(transfer, "file")
    before = transfer.state
    _meet_filing(transfer, _("立案"))
    save_changes(transfer, state=target, filing_decided_at=timezone.now())
    _filed(transfer, acting_user, number.strip())
    if before == State.SUPERVISION:
        supervision.police_filed(transfer, acting_user)
    steps.record("file", transfer, acting_user, before, number=transfer.police_number)
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    target = steps.check_step(transfer, "not_file")
    if not reason.strip():
        raise refuse("reason", _("不予立案须写明理由。"), "required")
    _meet_filing(transfer, _("不予立案"))
    save_changes(
        transfer,
        state=target,
        filing_decided_at=timezone.now(),
        non_filing_reason=reason.strip(),
    )
    notice = steps.issue(
        transfer,
        "non_filing_notice",
        paperwork.non_filing_notice(transfer),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    save_changes(transfer, police_number=number.strip() or notice.number)
    steps.start_clock(transfer, "transfer.reconsideration_request", transfer.from_department)
    steps.record("not_file", transfer, acting_user, State.RECEIVED, message=reason.strip())
    steps.tell(
        steps.senders(transfer),
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = steps.check_step(transfer, "request_reconsideration")
    timer = steps.within(transfer, "transfer.reconsideration_request", _("提请复议"))
    if not reason.strip():
        raise refuse("reason", _("请写明提请复议的理由。"), "required")
    deadlines.meet_deadline(timer, acting_user=None, note=_("已提请复议"))
    save_changes(
        transfer,
        state=target,
        reconsideration_reason=reason.strip(),
        reconsideration_requested_at=timezone.now(),
    )
    request = steps.issue(
        transfer,
        "review_request",
        paperwork.review_request(transfer),
        department=transfer.from_department,
        recipient=transfer.to_department,
        acting_user=acting_user,
    )
    steps.start_clock(transfer, "transfer.reconsideration_decision", transfer.to_department)
    steps.record("request_reconsideration", transfer, acting_user, State.NOT_FILED, message=reason)
    steps.tell(
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.receive", transfer)
    steps.check_step(transfer, "decide_reconsideration")
    if not note.strip():
        raise refuse("note", _("请写明复议决定的理由。"), "required")
    steps.meet(transfer, "transfer.reconsideration_decision", _("已作出复议决定"))
    target = State.UPHELD if upheld else State.FILED
    now = timezone.now()
    save_changes(
        transfer,
        state=target,
        reconsideration_upheld=bool(upheld),
        reconsideration_note=note.strip(),
        reconsideration_decided_at=now,
    )
    decision = steps.issue(
        transfer,
        "review_decision",
        paperwork.review_decision(transfer),
        department=transfer.to_department,
        recipient=transfer.from_department,
        acting_user=acting_user,
    )
    if upheld:
        steps.start_clock(transfer, "transfer.supervision_request", transfer.from_department)
        steps.tell(
            steps.senders(transfer),
            transfer,
            "reconsideration_upheld",
            _("复议维持不予立案：%(subject)s") % {"subject": transfer.subject},
            _("复议决定书 %(number)s。仍有异议的，可于3日内建议人民检察院立案监督。")
            % {"number": decision.number},
        )
    else:
        save_changes(transfer, filing_decided_at=now)
        _filed(transfer, acting_user, number.strip())
    steps.record(
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = steps.check_step(transfer, "suggest_supervision")
    code = (
        "transfer.supervision_request"
        if transfer.state == State.UPHELD
        else "transfer.reconsideration_request"
    )
    timer = steps.open_clock(transfer, code)
    if not note.strip():
        raise refuse("note", _("请写明建议立案监督的理由。"), "required")
    procuratorate = transfer.copied_to or steps.procuratorate_of(transfer.from_department)
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
    suggestion = steps.issue(
        transfer,
        "supervision_suggestion",
        paperwork.supervision_suggestion(transfer),
        department=transfer.from_department,
        recipient=procuratorate,
        acting_user=acting_user,
    )
    steps.record(
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
    supervision.open_for(transfer, procuratorate=procuratorate, late=late, acting_user=acting_user)
    steps.tell(
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
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = steps.check_step(transfer, "return_to_administration")
    if not note.strip():
        raise refuse("note", _("请说明回到行政处理程序的理由和后续处理。"), "required")
    pending = supervision.still_open(transfer)
    if pending is not None:
        raise refuse(
            "state",
            _("人民检察院正在办理立案监督（%(stage)s），答复前不能回到行政处理程序。")
            % {"stage": pending.get_stage_display()},
            "supervision_pending",
        )
    before = transfer.state
    deadlines.stop_timers(transfer, met=False, note=_("回到行政处理程序"), acting_user=None)
    steps.release_penalty_clock(transfer)
    now = timezone.now()
    save_changes(
        transfer, state=target, return_note=note.strip(), returned_at=now, concluded_at=now
    )
    steps.record("return_to_administration", transfer, acting_user, before, message=note.strip())
    return transfer


@action("transfers.transfer.hand_over")
def hand_over(
    transfer: Transfer, *, items: str, acting_user, expected_version: int | None = None
) -> Transfer:
    """Hand the items and files over to the police within 3 days of the 立案 notice
    (310号令 第十二条)."""
    transfer = steps.locked(transfer, expected_version)
    policy.require_of(acting_user, "transfers.transfer.prepare", transfer)
    target = steps.check_step(transfer, "hand_over")
    if not items.strip():
        raise refuse("items", _("请列明移交的涉案物品和材料。"), "required")
    save_changes(transfer, state=target, handover_note=items.strip(), handed_over_at=timezone.now())
    steps.meet(transfer, "transfer.handover", _("已移交"))
    listing = steps.issue(
        transfer,
        "handover_list",
        paperwork.handover_list(transfer),
        department=transfer.from_department,
        recipient=transfer.to_department,
        acting_user=acting_user,
    )
    steps.record("hand_over", transfer, acting_user, State.FILED, document=listing.number)
    steps.tell(
        receivers(transfer.to_department),
        transfer,
        "handed_over",
        _("%(dept)s已移交涉案物品和材料：%(subject)s")
        % {"dept": transfer.from_department.short_name, "subject": transfer.subject},
        _("移交清单 %(number)s") % {"number": listing.number},
    )
    return transfer
