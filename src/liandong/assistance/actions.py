"""State changes of assistance requests (协查). Every step follows ``models.TRANSITIONS``; the
request's clock (deadline rule ``assistance.respond``, due at the end of the date the requester
set) runs for the helping department until it declines or completes. A request is sent with
its 协查函 (``paperwork``)."""

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.assistance import paperwork
from liandong.assistance.models import (
    TRANSITIONS,
    AssistanceRequest,
    AssistanceResult,
    Kind,
    State,
)
from liandong.audit import log as audit
from liandong.cases import actions as cases
from liandong.cases.models import CasePart, CaseState
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.deadlines import actions as deadlines
from liandong.deadlines import calendars, periods
from liandong.deadlines.models import DeadlineRule
from liandong.documents import actions as documents
from liandong.evidence import actions as evidence
from liandong.evidence.models import CollectionMethod
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Role
from liandong.organizations.routing import receivers, routes

RULE = "assistance.respond"
LATEST = dt.timedelta(days=366)  # a requested date further off is a typing error
FINISHED_CASE = (CaseState.CLOSED, CaseState.ARCHIVED)

STEP_NAMES = {
    "accept": gettext_lazy("受理"),
    "decline": gettext_lazy("不予协助"),
    "assign": gettext_lazy("分派承办人"),
    "attach": gettext_lazy("提交协查结果"),
    "complete": gettext_lazy("完成协查"),
    "close": gettext_lazy("确认办结"),
    "withdraw": gettext_lazy("撤回请求"),
}


def _url(request: AssistanceRequest) -> str:
    return f"/assistance/{request.pk}/"


def today() -> dt.date:
    return timezone.localtime(timezone.now(), periods.CHINA).date()


def default_due_on() -> dt.date:
    """The date a new request is offered: the rule's period from today (10 workdays)."""
    rule = DeadlineRule.objects.get(code=RULE)
    due = periods.due(timezone.now(), rule.amount, periods.Unit(rule.unit), calendars.current())
    return due.last_day or today() + dt.timedelta(days=1)


def _helpers(request: AssistanceRequest) -> list:
    """Who works on it on the helping side: the assignee, else the liaisons (or head)."""
    return [request.assignee] if request.assignee_id else receivers(request.helping_department)


def _locked(request: AssistanceRequest, expected_version: int | None) -> AssistanceRequest:
    request = (
        AssistanceRequest.objects.select_for_update(of=("self",))
        .select_related(
            "requesting_department__jurisdiction", "helping_department", "case", "requested_by"
        )
        .get(pk=request.pk)
    )
    check_version(request, expected_version)
    return request


def _step(request: AssistanceRequest, verb: str) -> str:
    """Refuse a step the request's state does not allow, naming the rule; return the state the
    step leads to."""
    sources, target = TRANSITIONS[verb]
    if request.state not in sources:
        allowed = "、".join(f"“{State(s).label}”" for s in State.values if s in sources)
        raise refuse(
            "state",
            _("该协查请求当前为“%(state)s”，不能%(step)s：%(step)s只能在%(allowed)s时进行。")
            % {"state": request.get_state_display(), "step": STEP_NAMES[verb], "allowed": allowed},
            "wrong_state",
        )
    return target or request.state


def _check_assignee(request: AssistanceRequest, assignee) -> None:
    if (
        assignee.department_id != request.helping_department_id
        or not assignee.is_active
        or assignee.role not in (Role.HEAD, Role.OFFICER)
    ):
        raise refuse("assignee", _("承办人须是协查单位的在职办案人员或负责人。"), "outside")


@action("assistance.request.create")
def create(
    *,
    case,
    department,
    kind: str,
    subject: str,
    details: str,
    acting_user,
    due_on: dt.date | None = None,
    shared_part: str = CasePart.SUMMARY,
) -> AssistanceRequest:
    """Ask ``department`` to help with ``case`` by ``due_on`` (None: the rule's 10 workdays);
    ``shared_part`` of the case goes with the request (the helping side sees only that)."""
    policy.require_of(acting_user, "assistance.request.create", case)
    requesting = acting_user.department
    errors = Errors()
    if case is None:
        errors.add("case", _("请选择案件。"), "required")
    elif case.department_id != requesting.pk:
        errors.add("case", _("只能就本单位的案件请求协查。"), "not_own")
    elif case.state in FINISHED_CASE:
        errors.add("case", _("案件已结案或归档，不能再请求协查。"), "finished")
    if department is None:
        errors.add("department", _("请选择协查单位。"), "required")
    elif department.pk == requesting.pk:
        errors.add("department", _("不能向本单位请求协查。"), "own")
    elif department.jurisdiction_id != requesting.jurisdiction_id or not department.is_member:
        errors.add("department", _("只能向本辖区的成员单位请求协查。"), "outside")
    if kind not in Kind.values:
        errors.add("kind", _("请选择协查事项。"), "invalid_choice")
    if not subject.strip():
        errors.add("subject", _("请填写标题。"), "required")
    if not details.strip():
        errors.add("details", _("请写明需要协查的内容和要求。"), "required")
    if due_on is not None and due_on <= today():
        errors.add("due_on", _("要求完成日期最早为明天。"), "too_soon")
    elif due_on is not None and due_on > today() + LATEST:
        errors.add("due_on", _("要求完成日期不能晚于一年以后。"), "too_late")
    if shared_part and shared_part not in CasePart.values:
        errors.add("shared_part", _("请选择随协查共享的案件范围。"), "invalid_choice")
    errors.raise_if_any()
    request = AssistanceRequest.objects.create(
        requesting_department=requesting,
        requested_by=acting_user,
        helping_department=department,
        case=case,
        shared_part=shared_part,
        kind=kind,
        subject=subject.strip()[:200],
        details=details.strip(),
        due_on=due_on or default_due_on(),
    )
    if shared_part:
        cases.share_case(
            case,
            department=department,
            part=shared_part,
            note=_("随协查请求“%(subject)s”共享") % {"subject": request.subject},
            source="assistance",
            acting_user=acting_user,
        )
    # Without a date the timer runs the rule's own period (recounted in workdays if the
    # calendar changes); ``default_due_on`` is the same period's last day.
    deadlines.start_deadline(
        request, rule=RULE, department=department, due_on=due_on, acting_user=acting_user
    )
    letter = documents.issue_document(
        paperwork.assistance_letter(request),
        department=requesting,
        kind="assistance_letter",
        case=case,
        subject=request,
        recipient=department,
        acting_user=acting_user,
    )
    audit.record(
        "assistance.request.create",
        actor=acting_user,
        obj=request,
        after={
            "case": case.pk,
            "department": department.pk,
            "kind": kind,
            "due_on": request.due_on.isoformat(),
            "shared_part": shared_part,
            "document": letter.number,
        },
    )
    notify(
        receivers(department),
        Note(
            kind="assistance.requested",
            title=_("%(dept)s请求协查：%(subject)s")
            % {"dept": requesting.short_name, "subject": request.subject},
            body=_("%(kind)s，要求%(due)s前完成。请受理或说明不予协助的理由。")
            % {"kind": request.get_kind_display(), "due": request.due_on.isoformat()},
            url=_url(request),
        ),
        dedupe_key=f"assistance.requested:{request.pk}",
    )
    return request


@action("assistance.request.accept")
def accept(
    request: AssistanceRequest,
    *,
    acting_user,
    assignee=None,
    expected_version: int | None = None,
) -> AssistanceRequest:
    """The helping department's liaison (or head) takes it on, optionally giving it to an
    officer; without one the liaison handles it."""
    request = _locked(request, expected_version)
    policy.require_of(acting_user, "assistance.request.route", request)
    target = _step(request, "accept")
    if assignee is not None:
        _check_assignee(request, assignee)
    save_changes(request, state=target, assignee=assignee, answered_at=timezone.now())
    audit.record(
        "assistance.request.accept",
        actor=acting_user,
        obj=request,
        before={"state": State.REQUESTED},
        after={"state": target, "assignee": assignee.pk if assignee else None},
    )
    notify(
        [request.requested_by],
        Note(
            kind="assistance.accepted",
            title=_("%(dept)s已受理协查：%(subject)s")
            % {"dept": request.helping_department.short_name, "subject": request.subject},
            url=_url(request),
        ),
        dedupe_key=f"assistance.accepted:{request.pk}",
    )
    if assignee is not None and assignee != acting_user:
        _tell_assignee(request)
    return request


def _tell_assignee(request: AssistanceRequest) -> None:
    notify(
        [request.assignee],
        Note(
            kind="assistance.assigned",
            title=_("请办理协查：%(subject)s") % {"subject": request.subject},
            body=_("要求%(due)s前完成。") % {"due": request.due_on.isoformat()},
            url=_url(request),
        ),
        dedupe_key=f"assistance.assigned:{request.pk}:{request.version}",
    )


@action("assistance.request.decline")
def decline(
    request: AssistanceRequest,
    *,
    reason: str,
    acting_user,
    expected_version: int | None = None,
) -> AssistanceRequest:
    """Decline, with the reason; that is the department's answer, so its clock is met."""
    request = _locked(request, expected_version)
    policy.require_of(acting_user, "assistance.request.route", request)
    target = _step(request, "decline")
    if not reason.strip():
        raise refuse("reason", _("不予协助须说明理由。"), "required")
    before = request.state
    deadlines.stop_timers(request, acting_user=acting_user, met=True, note=_("不予协助"))
    save_changes(request, state=target, decline_reason=reason.strip(), answered_at=timezone.now())
    audit.record(
        "assistance.request.decline",
        actor=acting_user,
        obj=request,
        before={"state": before},
        after={"state": target},
        message=reason.strip(),
    )
    notify(
        [request.requested_by],
        Note(
            kind="assistance.declined",
            title=_("%(dept)s不予协助：%(subject)s")
            % {"dept": request.helping_department.short_name, "subject": request.subject},
            body=reason.strip(),
            url=_url(request),
        ),
        dedupe_key=f"assistance.declined:{request.pk}",
    )
    return request


@action("assistance.request.assign")
def assign(
    request: AssistanceRequest, *, assignee, acting_user, expected_version: int | None = None
) -> AssistanceRequest:
    """Give an accepted request to an officer of the helping department (or another one)."""
    request = _locked(request, expected_version)
    policy.require_of(acting_user, "assistance.request.route", request)
    _step(request, "assign")
    if assignee is None:
        raise refuse("assignee", _("请选择承办人。"), "required")
    _check_assignee(request, assignee)
    before = request.assignee_id
    save_changes(request, assignee=assignee)
    audit.record(
        "assistance.request.assign",
        actor=acting_user,
        obj=request,
        before={"assignee": before},
        after={"assignee": assignee.pk},
    )
    if assignee != acting_user:
        _tell_assignee(request)
    return request


@action("assistance.request.attach")
def attach_result(
    request: AssistanceRequest,
    *,
    acting_user,
    upload_id=None,
    expected_version: int | None = None,
    **item,
) -> AssistanceResult:
    """A result of the help: filed as an evidence item of the request's case, provided by the
    helping department and collected by its people (``item``: the evidence fields but the
    method, which is 协查取得).

    The evidence rule (``evidence.item.add``: those who handle the case) would refuse the
    helping department's officer. Their right here is this action's own rule, checked first;
    the item is then filed as a system step on their behalf (``registered_by``), so the item's
    upload must be theirs and its custody names them."""
    request = _locked(request, expected_version)
    policy.require_of(acting_user, "assistance.request.work", request)
    target = _step(request, "attach")
    item_fields = {**item, "method": CollectionMethod.ASSISTANCE}
    filed = evidence.add_item(
        request.case,
        upload_id=upload_id,
        provided_by=request.helping_department,
        registered_by=acting_user,
        acting_user=None,
        **item_fields,
    )
    result = AssistanceResult.objects.create(request=request, item=filed, attached_by=acting_user)
    before = request.state
    save_changes(request, state=target)
    audit.record(
        "assistance.request.attach",
        actor=acting_user,
        obj=request,
        before={"state": before},
        after={"state": target, "evidence": filed.pk, "label": filed.label},
        message=filed.title,
    )
    notify(
        [request.requested_by],
        Note(
            kind="assistance.result",
            title=_("%(dept)s提交了协查结果：%(subject)s")
            % {"dept": request.helping_department.short_name, "subject": request.subject},
            body=_("已作为%(label)s“%(title)s”登记在案件证据中。")
            % {"label": filed.label, "title": filed.title},
            url=_url(request),
        ),
        dedupe_key=f"assistance.result:{result.pk}",
    )
    return result


@action("assistance.request.complete")
def complete(
    request: AssistanceRequest,
    *,
    summary: str,
    acting_user,
    expected_version: int | None = None,
) -> AssistanceRequest:
    """The helping department reports it done (its results attached), which meets its clock."""
    request = _locked(request, expected_version)
    policy.require_of(acting_user, "assistance.request.work", request)
    target = _step(request, "complete")
    if not summary.strip():
        raise refuse("summary", _("请填写协查情况说明。"), "required")
    deadlines.stop_timers(request, acting_user=acting_user, met=True, note=_("协查完成"))
    save_changes(request, state=target, summary=summary.strip(), completed_at=timezone.now())
    audit.record(
        "assistance.request.complete",
        actor=acting_user,
        obj=request,
        before={"state": State.IN_PROGRESS},
        after={"state": target, "results": request.results.count()},
        message=summary.strip(),
    )
    notify(
        [request.requested_by],
        Note(
            kind="assistance.completed",
            title=_("%(dept)s已完成协查：%(subject)s")
            % {"dept": request.helping_department.short_name, "subject": request.subject},
            body=_("请查看协查结果并确认办结。"),
            url=_url(request),
        ),
        dedupe_key=f"assistance.completed:{request.pk}",
    )
    return request


@action("assistance.request.close")
def close(
    request: AssistanceRequest, *, acting_user, note: str = "", expected_version: int | None = None
) -> AssistanceRequest:
    """The requester acknowledges the completed help and closes the request."""
    request = _locked(request, expected_version)
    policy.require_of(acting_user, "assistance.request.close", request)
    target = _step(request, "close")
    save_changes(request, state=target, closed_at=timezone.now())
    audit.record(
        "assistance.request.close",
        actor=acting_user,
        obj=request,
        before={"state": State.COMPLETED},
        after={"state": target},
        message=note.strip(),
    )
    notify(
        _helpers(request),
        Note(
            kind="assistance.closed",
            title=_("协查已办结：%(subject)s") % {"subject": request.subject},
            body=note.strip(),
            url=_url(request),
        ),
        dedupe_key=f"assistance.closed:{request.pk}",
    )
    return request


@action("assistance.request.withdraw")
def withdraw(
    request: AssistanceRequest, *, reason: str, acting_user, expected_version: int | None = None
) -> AssistanceRequest:
    """The requester no longer needs the help (with the reason); the helping side's clock is
    cancelled. Results already attached stay evidence of the case."""
    request = _locked(request, expected_version)
    policy.require_of(acting_user, "assistance.request.close", request)
    target = _step(request, "withdraw")
    if not reason.strip():
        raise refuse("reason", _("撤回协查请求须说明理由。"), "required")
    before = request.state
    deadlines.stop_timers(request, acting_user=acting_user, met=False, note=reason.strip())
    save_changes(
        request, state=target, withdraw_reason=reason.strip()[:500], closed_at=timezone.now()
    )
    audit.record(
        "assistance.request.withdraw",
        actor=acting_user,
        obj=request,
        before={"state": before},
        after={"state": target},
        message=reason.strip(),
    )
    notify(
        _helpers(request),
        Note(
            kind="assistance.withdrawn",
            title=_("协查请求已撤回：%(subject)s") % {"subject": request.subject},
            body=reason.strip(),
            url=_url(request),
        ),
        dedupe_key=f"assistance.withdrawn:{request.pk}",
    )
    return request


def waiting_for(user):
    """What waits for ``user``: to accept (liaison/head), to work on (the assignee, or the
    liaison of an accepted request nobody was given), to close (the requester)."""
    mine = AssistanceRequest.objects.visible_to(user)
    routing = Q(pk__in=[])
    if routes(user, user.department_id):
        routing = Q(helping_department_id=user.department_id) & (
            Q(state=State.REQUESTED)
            | Q(state__in=[State.ACCEPTED, State.IN_PROGRESS], assignee__isnull=True)
        )
    working = Q(assignee=user, state__in=[State.ACCEPTED, State.IN_PROGRESS])
    closing = Q(requested_by=user, state=State.COMPLETED)
    return mine.filter(routing | working | closing).select_related(
        "helping_department", "requesting_department"
    )
