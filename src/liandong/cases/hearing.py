"""The hearing of 行政处罚法 第六十三条、第六十四条: the party is told of its right to a hearing
(a penalty of the kinds of 第六十三条), may ask for it within 5 workdays (第六十四条第（一）项,
第八十五条), and is told the time and place at least 7 workdays before (第（二）项). Until the
party's days have run, or a hearing asked for has been held, no decision is taken (第六十二条).
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.cases import workflow
from liandong.cases.models import Case, CaseState
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version, refuse
from liandong.deadlines import actions as deadlines
from liandong.deadlines import calendars
from liandong.deadlines.models import Deadline

REQUEST_RULE = "case.hearing_request"  # 5 workdays to ask (deadlines.rules)
NOTICE_WORKDAYS = 7  # 第六十四条第（二）项: 举行听证的七日前通知 (workdays, 第八十五条)
BASIS = "《中华人民共和国行政处罚法》第六十四条"


def _locked(case: Case, acting_user, expected_version) -> Case:
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=case.pk)
    )
    policy.require_of(acting_user, "cases.case.manage", case)
    check_version(case, expected_version)
    if case.state != CaseState.HEARING:
        raise refuse(
            "state",
            _("听证在案件审理阶段进行；案件当前为“%(state)s”。")
            % {"state": case.get_state_display()},
            "wrong_state",
        )
    return case


def _save(case: Case, verb: str, acting_user, before: dict) -> Case:
    case.version += 1
    case.save()
    before, after = audit.changed(before, audit.snapshot(case, Case.AUDITED_FIELDS))
    audit.record(f"cases.hearing.{verb}", actor=acting_user, obj=case, before=before, after=after)
    return case


@action("cases.hearing.notify")
def notify_right(case: Case, *, acting_user, expected_version: int | None = None) -> Case:
    """The party has been told of its right to a hearing (today); its 5 workdays start."""
    case = _locked(case, acting_user, expected_version)
    if case.hearing_notified_on is not None:
        raise refuse(
            "state",
            _("已于%(day)s告知听证权利。") % {"day": case.hearing_notified_on},
            "duplicate",
        )
    before = audit.snapshot(case, Case.AUDITED_FIELDS)
    case.hearing_notified_on = timezone.localdate()
    deadlines.start_deadline(
        case, rule=REQUEST_RULE, department=case.department, acting_user=acting_user
    )
    return _save(case, "notify", acting_user, before)


@action("cases.hearing.request")
def record_request(
    case: Case, *, requested: bool, acting_user, expected_version: int | None = None
) -> Case:
    """What the party answered: it asks for a hearing, or gives the right up. Its clock is met
    now (a request after the 5 workdays is recorded as late)."""
    case = _locked(case, acting_user, expected_version)
    if case.hearing_notified_on is None:
        raise refuse("state", _("请先告知当事人有要求听证的权利。"), "not_notified")
    if case.hearing_requested is not None:
        raise refuse("requested", _("已登记当事人的答复。"), "duplicate")
    before = audit.snapshot(case, Case.AUDITED_FIELDS)
    case.hearing_requested = bool(requested)
    note = _("当事人要求听证") if requested else _("当事人放弃听证")
    for timer in Deadline.objects.for_object(case).open().filter(rule__code=REQUEST_RULE):
        deadlines.meet_deadline(timer, acting_user=None, note=note)
    return _save(case, "request", acting_user, before)


def earliest_hearing(notice_day: dt.date) -> dt.date:
    """The first day a hearing may be held when the party is told on ``notice_day``: the
    seventh workday after it (第六十四条第（二）项; the notice day is not counted)."""
    return calendars.current().add_workdays(notice_day, NOTICE_WORKDAYS)


@action("cases.hearing.schedule")
def schedule(
    case: Case,
    *,
    held_on: dt.date | None,
    place: str,
    acting_user,
    expected_version: int | None = None,
) -> Case:
    """Fix the hearing's day and place, telling the party today: at least 7 workdays ahead."""
    case = _locked(case, acting_user, expected_version)
    if not case.hearing_requested:
        raise refuse("state", _("当事人未要求听证。"), "not_requested")
    errors = Errors()
    earliest = earliest_hearing(timezone.localdate())
    if held_on is None:
        errors.add("held_on", _("请填写听证日期。"), "required")
    elif held_on < earliest:
        errors.add(
            "held_on",
            _(
                "应当在举行听证的七日（工作日）前通知当事人：今天通知的，听证最早于%(day)s举行（%(basis)s第（二）项）。"
            )
            % {"day": earliest.isoformat(), "basis": BASIS},
            "too_soon",
        )
    if not (place or "").strip():
        errors.add("place", _("请填写听证地点。"), "required")
    errors.raise_if_any()
    before = audit.snapshot(case, Case.AUDITED_FIELDS)
    case.hearing_on, case.hearing_place = held_on, place.strip()[:200]
    return _save(case, "schedule", acting_user, before)


def _not_before_the_hearing(case: Case, verb: str, decision_kind: str) -> str:
    """No decision while the party may still ask for a hearing, or before one asked for is held
    (第六十二条、第六十四条)."""
    if verb != "decide":
        return ""
    if case.hearing_notified_on is not None and case.hearing_requested is None:
        timer = Deadline.objects.for_object(case).open().filter(rule__code=REQUEST_RULE).first()
        if timer is not None and timer.due_at > timezone.now():
            return _(
                "当事人要求听证的期限（告知后5个工作日，%(basis)s）尚未届满，不能作出决定。"
            ) % {"basis": BASIS}
    if case.hearing_requested and (
        case.hearing_on is None or case.hearing_on > timezone.localdate()
    ):
        return _("当事人要求听证，听证举行后才能作出决定（%(basis)s）。") % {"basis": BASIS}
    return ""


workflow.register_guard(_not_before_the_hearing)
