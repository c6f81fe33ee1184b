"""State changes of complaints (财政部令第94号). Each step checks the table (``models.STEPS``),
its clock (the ``complaint.*`` rules) and, where the decree asks for writing, issues the document
(``paperwork``): 投诉不予受理通知书, 投诉答复通知书, 投诉处理决定书."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.complaints import paperwork
from liandong.complaints.models import STEPS, Complaint, Outcome, State
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.deadlines import actions as deadlines
from liandong.deadlines import calendars, periods
from liandong.deadlines.models import Deadline, DeadlineState, PauseReason
from liandong.documents import actions as documents
from liandong.organizations.models import DepartmentKind

REVIEW = "complaint.review"  # 第二十一条: 5 workdays to review
NOTICE = "complaint.refusal_notice"  # 第二十一条（二）（三）: 3 workdays to tell a refusal
COPIES = "complaint.copy_to_respondents"  # 第二十一条（四）: copies within 8 workdays
REPLY = "complaint.respondent_reply"  # 第二十二条: the respondent answers within 5 workdays
DECISION = "complaint.decision"  # 第二十六条: 30 workdays from the receipt, 第二十七条 pauses
SUSPENSION = "complaint.suspension"  # 第二十八条: procurement suspended for at most 30 days
WINDOW_WORKDAYS = 15  # 第十七条: 质疑答复期满后15个工作日内提起投诉
PAUSES = (
    PauseReason.INSPECTION,
    PauseReason.TESTING,
    PauseReason.APPRAISAL,
    PauseReason.EXPERT_REVIEW,
)

STEP_NAMES = {
    "request_amendment": gettext_lazy("通知补正"),
    "record_amendment": gettext_lazy("登记补正"),
    "refuse": gettext_lazy("不予受理"),
    "redirect": gettext_lazy("告知向有管辖权的部门投诉"),
    "accept": gettext_lazy("受理"),
    "send_copies": gettext_lazy("发出投诉答复通知书"),
    "record_reply": gettext_lazy("登记被投诉人的说明"),
    "suspend": gettext_lazy("暂停采购活动"),
    "resume": gettext_lazy("恢复采购活动"),
    "pause": gettext_lazy("处理期限中止"),
    "unpause": gettext_lazy("处理期限恢复"),
    "decide": gettext_lazy("作出处理决定"),
    "withdraw": gettext_lazy("撤回投诉"),
}


def window_end(answer_due_on: dt.date) -> dt.datetime:
    """The end of the 15 workdays after the 质疑 was answered, or its answer period ran out."""
    noon = dt.datetime.combine(answer_due_on, dt.time(12), tzinfo=periods.CHINA)
    return periods.due(noon, WINDOW_WORKDAYS, periods.Unit.WORKDAYS, calendars.current()).at


def _locked(complaint: Complaint, expected_version: int | None) -> Complaint:
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=complaint.pk)
    )
    check_version(complaint, expected_version)
    return complaint


def _check(complaint: Complaint, step: str) -> str:
    sources, target = STEPS[step]
    if not complaint.allows(step):
        if complaint.state in sources:
            message = _("该投诉当前不能%(step)s。") % {"step": STEP_NAMES[step]}
        else:
            allowed = "、".join(f"“{State(s).label}”" for s in State.values if s in sources)
            message = _("该投诉当前为“%(state)s”，不能%(step)s：只能在%(allowed)s时进行。") % {
                "state": complaint.get_state_display(),
                "step": STEP_NAMES[step],
                "allowed": allowed,
            }
        raise refuse("state", message, "wrong_state")
    return target or complaint.state


def _clock(complaint: Complaint, code: str) -> Deadline | None:
    return (
        Deadline.objects.for_object(complaint)
        .open()
        .filter(rule__code=code)
        .order_by("-started_at")
        .first()
    )


def decision_clock(complaint: Complaint) -> Deadline | None:
    """The open clock of the 30 workdays (running or paused)."""
    return _clock(complaint, DECISION)


def _start(complaint: Complaint, code: str, start=None) -> Deadline:
    return deadlines.start_deadline(
        complaint, rule=code, department=complaint.department, start=start, acting_user=None
    )


def _meet(complaint: Complaint, code: str, note: str) -> None:
    timer = _clock(complaint, code)
    if timer is not None:
        deadlines.meet_deadline(timer, acting_user=None, note=note)


def _record(verb: str, complaint: Complaint, acting_user, before: str, **after) -> None:
    audit.record(
        f"complaints.complaint.{verb}",
        actor=acting_user,
        obj=complaint,
        before={"state": before},
        after={"state": complaint.state, **after},
    )


def _issue(complaint: Complaint, kind: str, content, acting_user):
    return documents.issue_document(
        content,
        department=complaint.department,
        kind=kind,
        subject=complaint,
        acting_user=acting_user,
    )


def _text(errors: Errors, field: str, value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        errors.add(field, message, "required")
    return value


@action("complaints.complaint.receive")
def receive(
    department,
    *,
    acting_user,
    complainant: str,
    complainant_contact: str,
    respondent: str,
    project: str,
    matters: str,
    grounds: str,
    answer_due_on: dt.date,
    received_at: dt.datetime | None = None,
) -> Complaint:
    """Register a complaint as received (投诉书收到): the 5 workdays of review and the 30 workdays
    of the decision start at once (第二十一条, 第二十六条); one made after the 15 workdays of
    第十七条 is registered and shown as late — whether to refuse it is the department's review."""
    policy.require_of(acting_user, "complaints.complaint.receive", department)
    errors = Errors()
    if department.kind != DepartmentKind.FIN or not department.is_member:
        errors.add("department", _("投诉由财政部门处理（94号令第六条）。"), "not_finance")
    values = {
        "complainant": _text(errors, "complainant", complainant, _("请填写投诉人。")),
        "complainant_contact": _text(
            errors, "complainant_contact", complainant_contact, _("请填写投诉人的联系人及电话。")
        ),
        "respondent": _text(errors, "respondent", respondent, _("请填写被投诉人。")),
        "project": _text(errors, "project", project, _("请填写采购项目名称及编号。")),
        "matters": _text(errors, "matters", matters, _("请写明具体、明确的投诉事项和投诉请求。")),
        "grounds": _text(errors, "grounds", grounds, _("请写明事实依据和法律依据。")),
    }
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        errors.add("received_at", _("收到投诉书的时间不能晚于现在。"), "future")
    if answer_due_on is None:
        errors.add("answer_due_on", _("请填写质疑答复日期或答复期满日。"), "required")
    elif answer_due_on > received_at.astimezone(periods.CHINA).date():
        errors.add("answer_due_on", _("质疑答复日期不能晚于收到投诉的日期。"), "after_receipt")
    errors.raise_if_any()
    complaint = Complaint.objects.create(
        department=department,
        answer_due_on=answer_due_on,
        received_at=received_at,
        late=received_at > window_end(answer_due_on),
        created_by=acting_user,
        **{
            k: v[:200] if k in ("complainant", "respondent", "project") else v
            for k, v in values.items()
        },
    )
    _start(complaint, REVIEW, received_at)
    _start(complaint, DECISION, received_at)
    audit.record(
        "complaints.complaint.receive",
        actor=acting_user,
        obj=complaint,
        after={"state": complaint.state, "late": complaint.late, "project": complaint.project},
    )
    return complaint


@action("complaints.complaint.request_amendment")
def request_amendment(
    complaint: Complaint,
    *,
    needed: str,
    due_on: dt.date,
    acting_user,
    expected_version: int | None = None,
) -> Complaint:
    """一次性书面通知投诉人补正, within the 5 workdays (第二十一条（一）), with a reasonable date;
    the 30 workdays stop while the complainant completes it (第二十七条)."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    target = _check(complaint, "request_amendment")
    errors = Errors()
    needed = _text(errors, "needed", needed, _("请载明需要补正的事项。"))
    if complaint.amendment_requested_at is not None:
        errors.add("needed", _("补正应当一次性通知（94号令第二十一条第（一）项）。"), "once")
    if due_on is None or due_on <= timezone.localdate():
        errors.add("due_on", _("请给出合理的补正期限（今天以后）。"), "invalid")
    errors.raise_if_any()
    before = complaint.state
    save_changes(
        complaint,
        state=target,
        amendment_needed=needed,
        amendment_due_on=due_on,
        amendment_requested_at=timezone.now(),
    )
    _meet(complaint, REVIEW, _("已通知补正"))
    clock = decision_clock(complaint)
    if clock is not None and clock.state == DeadlineState.RUNNING:
        deadlines.pause_deadline(clock, reason=PauseReason.CORRECTION, acting_user=None)
    _record("request_amendment", complaint, acting_user, before, due_on=due_on)
    return complaint


@action("complaints.complaint.record_amendment")
def record_amendment(
    complaint: Complaint, *, acting_user, expected_version: int | None = None
) -> Complaint:
    """The complainant completed the complaint: the review goes on, the 30 workdays run on."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    target = _check(complaint, "record_amendment")
    before = complaint.state
    save_changes(complaint, state=target, amended_at=timezone.now())
    clock = decision_clock(complaint)
    if clock is not None and clock.state == DeadlineState.PAUSED:
        deadlines.resume_deadline(clock, acting_user=None)
    _record("record_amendment", complaint, acting_user, before)
    return complaint


def _close(complaint: Complaint, note: str) -> None:
    deadlines.stop_timers(complaint, met=False, note=note, acting_user=None)


@action("complaints.complaint.refuse")
def refuse_complaint(
    complaint: Complaint, *, reason: str, acting_user, expected_version: int | None = None
) -> Complaint:
    """不予受理 with the reasons (第二十一条（一）（二）): told in writing; its 3 workdays are
    recorded from the receipt (or, after 补正, from the completion)."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    target = _check(complaint, "refuse")
    errors = Errors()
    reason = _text(errors, "reason", reason, _("请说明不予受理的理由。"))
    errors.raise_if_any()
    before = complaint.state
    since = complaint.amended_at or complaint.received_at
    save_changes(complaint, state=target, refusal_reason=reason, closed_at=timezone.now())
    _meet(complaint, REVIEW, _("不予受理"))
    _close(complaint, _("不予受理"))
    timer = _start(complaint, NOTICE, since)
    deadlines.meet_deadline(timer, acting_user=None, note=_("已书面告知"))
    notice = _issue(complaint, "complaint_refusal", paperwork.refusal(complaint), acting_user)
    _record("refuse", complaint, acting_user, before, document=notice.number)
    return complaint


@action("complaints.complaint.redirect")
def redirect(
    complaint: Complaint,
    *,
    to: str,
    reason: str,
    acting_user,
    expected_version: int | None = None,
) -> Complaint:
    """Not this department's to handle: the complainant is told, within 3 workdays, to complain
    to the competent department (第二十一条（三）)."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    target = _check(complaint, "redirect")
    errors = Errors()
    to = _text(errors, "to", to, _("请填写有管辖权的财政部门。"))
    reason = _text(errors, "reason", reason, _("请说明理由。"))
    errors.raise_if_any()
    before = complaint.state
    save_changes(
        complaint,
        state=target,
        redirected_to=to[:200],
        refusal_reason=reason,
        closed_at=timezone.now(),
    )
    _meet(complaint, REVIEW, _("告知向有管辖权的部门投诉"))
    _close(complaint, _("告知向有管辖权的部门投诉"))
    timer = _start(complaint, NOTICE, complaint.received_at)
    deadlines.meet_deadline(timer, acting_user=None, note=_("已书面告知"))
    notice = _issue(complaint, "complaint_refusal", paperwork.refusal(complaint), acting_user)
    _record("redirect", complaint, acting_user, before, to=to, document=notice.number)
    return complaint


@action("complaints.complaint.accept")
def accept(complaint: Complaint, *, acting_user, expected_version: int | None = None) -> Complaint:
    """受理: a complaint that meets 第十八条、第十九条 is accepted from the day it was received
    (第二十一条（四）); copies to the respondent are due within 8 workdays of the receipt."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    target = _check(complaint, "accept")
    before = complaint.state
    save_changes(complaint, state=target, accepted_at=timezone.now())
    _meet(complaint, REVIEW, _("受理"))
    _start(complaint, COPIES, complaint.received_at)
    _record("accept", complaint, acting_user, before)
    return complaint


@action("complaints.complaint.send_copies")
def send_copies(
    complaint: Complaint, *, to: str, acting_user, expected_version: int | None = None
) -> Complaint:
    """投诉答复通知书 and a copy of the complaint to the respondent and the other parties
    (第二十一条（四）); they answer in writing within 5 workdays (第二十二条)."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    target = _check(complaint, "send_copies")
    errors = Errors()
    to = _text(errors, "to", to, _("请填写被投诉人和其他与投诉事项有关的当事人。"))
    errors.raise_if_any()
    before = complaint.state
    save_changes(complaint, state=target, copies_to=to, copies_sent_at=timezone.now())
    _meet(complaint, COPIES, _("已发出投诉答复通知书"))
    _start(complaint, REPLY)
    notice = _issue(
        complaint, "complaint_copy_notice", paperwork.copy_notice(complaint), acting_user
    )
    _record("send_copies", complaint, acting_user, before, document=notice.number)
    return complaint


@action("complaints.complaint.record_reply")
def record_reply(
    complaint: Complaint, *, reply: str, acting_user, expected_version: int | None = None
) -> Complaint:
    """The respondent's written answer, with its evidence (第二十二条)."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    _check(complaint, "record_reply")
    errors = Errors()
    reply = _text(errors, "reply", reply, _("请摘录被投诉人的说明。"))
    errors.raise_if_any()
    save_changes(complaint, reply=reply, replied_at=timezone.now())
    _meet(complaint, REPLY, _("已作出说明"))
    _record("record_reply", complaint, acting_user, complaint.state)
    return complaint


@action("complaints.complaint.suspend")
def suspend(complaint: Complaint, *, acting_user, expected_version: int | None = None) -> Complaint:
    """书面通知采购人和采购代理机构暂停采购活动, at most 30 days (第二十八条)."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    _check(complaint, "suspend")
    save_changes(complaint, suspended_at=timezone.now())
    _start(complaint, SUSPENSION)
    _record("suspend", complaint, acting_user, complaint.state)
    return complaint


@action("complaints.complaint.resume")
def resume(complaint: Complaint, *, acting_user, expected_version: int | None = None) -> Complaint:
    """恢复采购活动: the suspension ends (before its 30 days run out)."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    _check(complaint, "resume")
    save_changes(complaint, resumed_at=timezone.now())
    _meet(complaint, SUSPENSION, _("已恢复采购活动"))
    _record("resume", complaint, acting_user, complaint.state)
    return complaint


@action("complaints.complaint.pause")
def pause(
    complaint: Complaint, *, reason: str, acting_user, expected_version: int | None = None
) -> Complaint:
    """检验、检测、鉴定、专家评审: the time they take does not count (第二十七条); the
    complainant is to be told of it."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    _check(complaint, "pause")
    clock = decision_clock(complaint)
    if reason not in PAUSES:
        raise refuse(
            "reason", _("请选择中止的事由：检验、检测、鉴定或专家评审。"), "invalid_choice"
        )
    if clock is None or clock.state != DeadlineState.RUNNING:
        raise refuse("state", _("处理期限已中止。"), "already_paused")
    deadlines.pause_deadline(clock, reason=reason, acting_user=None)
    save_changes(complaint)
    _record("pause", complaint, acting_user, complaint.state, reason=reason)
    return complaint


@action("complaints.complaint.unpause")
def unpause(complaint: Complaint, *, acting_user, expected_version: int | None = None) -> Complaint:
    """The inspection or review came back: the 30 workdays run on with what they had left."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    _check(complaint, "unpause")
    clock = decision_clock(complaint)
    if clock is None or clock.state != DeadlineState.PAUSED:
        raise refuse("state", _("处理期限没有中止。"), "not_paused")
    deadlines.resume_deadline(clock, acting_user=None)
    save_changes(complaint)
    _record("unpause", complaint, acting_user, complaint.state)
    return complaint


@action("complaints.complaint.decide")
def decide(
    complaint: Complaint,
    *,
    outcome: str,
    decision: str,
    acting_user,
    expected_version: int | None = None,
) -> Complaint:
    """投诉处理决定书 (第二十六条, 第二十九条, 第三十一条, 第三十二条, 第三十三条): dismissed or
    upheld, with the facts, the decision and its basis, and the rights to 行政复议 and 行政诉讼."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.decide", complaint)
    target = _check(complaint, "decide")
    errors = Errors()
    if outcome not in Outcome.values:
        errors.add("outcome", _("请选择处理结果。"), "invalid_choice")
    decision = _text(errors, "decision", decision, _("请写明查明的事实、处理决定和法律依据。"))
    errors.raise_if_any()
    before = complaint.state
    now = timezone.now()
    save_changes(
        complaint, state=target, outcome=outcome, decision=decision, decided_at=now, closed_at=now
    )
    clock = decision_clock(complaint)
    if clock is not None:
        if clock.state == DeadlineState.PAUSED:
            deadlines.resume_deadline(clock, acting_user=None)
        deadlines.meet_deadline(clock, acting_user=None, note=_("已作出处理决定"))
    _meet(complaint, REPLY, _("已作出处理决定"))
    document = _issue(complaint, "complaint_decision", paperwork.decision(complaint), acting_user)
    _record("decide", complaint, acting_user, before, outcome=outcome, document=document.number)
    return complaint


@action("complaints.complaint.withdraw")
def withdraw(
    complaint: Complaint, *, reason: str, acting_user, expected_version: int | None = None
) -> Complaint:
    """投诉人书面申请撤回: the handling ends and the parties are told in writing (第三十条)."""
    complaint = _locked(complaint, expected_version)
    policy.require_of(acting_user, "complaints.complaint.handle", complaint)
    target = _check(complaint, "withdraw")
    errors = Errors()
    reason = _text(errors, "reason", reason, _("请登记投诉人撤回的书面申请。"))
    errors.raise_if_any()
    before = complaint.state
    save_changes(complaint, state=target, withdraw_reason=reason, closed_at=timezone.now())
    for timer in Deadline.objects.for_object(complaint).open().exclude(rule__code=SUSPENSION):
        # a suspended procurement stays suspended until it is resumed
        deadlines.cancel_deadline(timer, note=_("投诉人撤回"), acting_user=None)
    _record("withdraw", complaint, acting_user, before, suspended=complaint.suspended)
    return complaint
