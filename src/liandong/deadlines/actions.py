"""State changes of the calendar, the rules and the timers."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version
from liandong.deadlines import calendars, imports, periods
from liandong.deadlines.calendar import package_years
from liandong.deadlines.models import (
    TRANSITIONS,
    CalendarDay,
    CalendarYear,
    Deadline,
    DeadlineRule,
    DeadlineState,
    PauseReason,
)
from liandong.deadlines.periods import Unit

# ---------------------------------------------------------------- calendar


def _store_days(calendar_year: CalendarYear, days: list[imports.Day]) -> None:
    CalendarDay.objects.bulk_create(
        CalendarDay(year=calendar_year, date=d.date, kind=d.kind, name=d.name[:50]) for d in days
    )


def _summary(days: list[imports.Day]) -> dict:
    return {d.date.isoformat(): d.kind for d in sorted(days, key=lambda d: d.date)}


@action("deadlines.calendar.enter_year")
def enter_calendar_year(
    year: int, *, days: list[imports.Day], source: str = "", acting_user
) -> CalendarYear:
    """Enter a year the package does not cover; open deadlines that reach into it are recounted."""
    policy.require_of(acting_user, "deadlines.calendar.manage")
    if year in package_years() or CalendarYear.objects.filter(year=year).exists():
        raise ValidationError(
            {"year": _("%(year)d 年的节假日安排已经录入，如需更正请修改该年份。") % {"year": year}}
        )
    try:
        imports.check(days, year)
    except imports.ArrangementError as exc:
        raise ValidationError({"file": exc.problems}) from None
    calendar_year = CalendarYear.objects.create(year=year, source=source.strip()[:200])
    _store_days(calendar_year, days)
    audit.record(
        "deadlines.calendar.enter_year",
        actor=acting_user,
        obj=calendar_year,
        object_repr=str(year),
        after={"source": calendar_year.source, "days": _summary(days)},
    )
    _recount_open_deadlines(year, acting_user)
    return calendar_year


@action("deadlines.calendar.replace_year")
def replace_calendar_year(
    calendar_year: CalendarYear,
    *,
    days: list[imports.Day],
    source: str = "",
    expected_version: int | None = None,
    acting_user,
) -> CalendarYear:
    """Correct an entered year; open deadlines that depend on it are recounted."""
    policy.require_of(acting_user, "deadlines.calendar.manage")
    calendar_year = CalendarYear.objects.select_for_update().get(pk=calendar_year.pk)
    check_version(calendar_year, expected_version)
    try:
        imports.check(days, calendar_year.year)
    except imports.ArrangementError as exc:
        raise ValidationError({"file": exc.problems}) from None
    before = {
        "source": calendar_year.source,
        "days": {d.date.isoformat(): d.kind for d in calendar_year.days.all()},
    }
    calendar_year.days.all().delete()
    _store_days(calendar_year, days)
    calendar_year.source = source.strip()[:200] or calendar_year.source
    calendar_year.version += 1
    calendar_year.save()
    audit.record(
        "deadlines.calendar.replace_year",
        actor=acting_user,
        obj=calendar_year,
        object_repr=str(calendar_year.year),
        before=before,
        after={"source": calendar_year.source, "days": _summary(days)},
    )
    _recount_open_deadlines(calendar_year.year, acting_user)
    return calendar_year


def _recount_open_deadlines(year: int, acting_user) -> int:
    """Recount the running day-based deadlines whose period reaches into ``year``."""
    calendar = calendars.current()
    start = dt.date(year, 1, 1)
    affected = Deadline.objects.select_for_update().filter(
        Q(state=DeadlineState.RUNNING) | Q(state=DeadlineState.MISSED),
        unit__in=[Unit.WORKDAYS, Unit.CALENDAR_DAYS],
        counted_from__year__lte=year,
        last_day__gte=start,
    )
    changed = 0
    for deadline in affected.select_related("department__jurisdiction", "rule"):
        result = periods.due(
            deadline.counted_from, deadline.counted_amount, Unit(deadline.unit), calendar
        )
        if result.at == deadline.due_at and sorted(result.assumed_years) == deadline.assumed_years:
            continue
        before = {"due_at": deadline.due_at, "assumed_years": deadline.assumed_years}
        _apply(deadline, result)
        if deadline.state == DeadlineState.MISSED and deadline.due_at > timezone.now():
            deadline.state = DeadlineState.RUNNING
        deadline.version += 1
        deadline.save()
        audit.record(
            "deadlines.deadline.recount",
            actor=acting_user,
            obj=deadline,
            before=before,
            after={"due_at": deadline.due_at, "assumed_years": deadline.assumed_years},
            message=_("%(year)d 年节假日安排变更后重新计算") % {"year": year},
        )
        changed += 1
    return changed


# ---------------------------------------------------------------- rules


@action("deadlines.rule.update")
def update_rule(
    rule: DeadlineRule,
    *,
    amount: int,
    unit: str,
    reminder_hours: list[int] | None = None,
    expected_version: int | None = None,
    acting_user,
) -> DeadlineRule:
    """Change a configurable rule's figures; timers already running keep theirs."""
    policy.require_of(acting_user, "deadlines.rule.manage", rule)
    rule = DeadlineRule.objects.select_for_update().get(pk=rule.pk)
    check_version(rule, expected_version)
    errors = Errors()
    if not rule.configurable:
        errors.add("amount", _("该期限由法律规定，不可调整。"), "fixed")
    elif rule.statutory and amount != rule.amount:
        errors.add(
            "amount",
            _("该期限由法律规定（%(basis)s），只能调整按日或按工作日计算，不能改为%(amount)s。")
            % {"basis": rule.basis.split("：")[0], "amount": amount},
            "fixed",
        )
    if not isinstance(amount, int) or amount < 1:
        errors.add("amount", _("期限必须是正整数。"), "not_positive")
    if unit not in {u.value for u in Unit}:
        errors.add("unit", _("期限单位无效，应为小时、日或工作日。"), "unknown_unit")
    elif rule.statutory and unit != rule.unit and Unit.HOURS in (unit, rule.unit):
        errors.add("unit", _("法定期限只能在“日”和“工作日”之间调整。"), "fixed")
    hours = rule.reminder_hours if reminder_hours is None else reminder_hours
    if any(not isinstance(h, int) or h < 1 for h in hours):
        errors.add("reminder_hours", _("提前提醒的小时数必须是正整数。"), "not_positive")
    errors.raise_if_any()
    before = audit.snapshot(rule, DeadlineRule.AUDITED_FIELDS)
    rule.amount, rule.unit, rule.reminder_hours = amount, unit, sorted(set(hours), reverse=True)
    after = audit.snapshot(rule, DeadlineRule.AUDITED_FIELDS)
    if after == before:
        return rule
    rule.version += 1
    rule.save()
    before, after = audit.changed(before, after)
    audit.record("deadlines.rule.update", actor=acting_user, obj=rule, before=before, after=after)
    return rule


# ---------------------------------------------------------------- timers


def _apply(deadline: Deadline, result: periods.Due) -> None:
    deadline.due_at = result.at
    deadline.last_day = result.last_day
    deadline.assumed_years = sorted(result.assumed_years)
    deadline.plan_reminder(timezone.now())


def _snapshot(deadline: Deadline) -> dict:
    return audit.snapshot(deadline, Deadline.AUDITED_FIELDS)


def case_of(subject) -> int | None:
    """The case a timer of ``subject`` names: the subject itself, or the case it is about."""
    if subject._meta.label_lower == "cases.case":
        return subject.pk
    return getattr(subject, "case_id", None)


@action("deadlines.deadline.start")
def start_deadline(
    subject,
    *,
    rule: str | DeadlineRule,
    department,
    start: dt.datetime | None = None,
    due_on: dt.date | None = None,
    acting_user,
) -> Deadline:
    """Start the clock of ``rule`` for ``subject`` (any model instance), owed by ``department``.

    ``due_on``: a date the parties set instead of the rule's period (an assistance request's
    date), after the day of ``start``. It is counted as that many days, so it ends at 24:00 of
    that date, or of the next workday when it is a rest day, and recounts and pauses treat it
    like any day period."""
    if not isinstance(rule, DeadlineRule):
        rule = DeadlineRule.objects.get(code=rule)
    start = start or timezone.now()
    amount, unit = rule.amount, Unit(rule.unit)
    if due_on is not None:
        amount = (due_on - start.astimezone(periods.CHINA).date()).days
        unit = Unit.CALENDAR_DAYS
    result = periods.due(start, amount, unit, calendars.current())
    deadline = Deadline(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=str(subject.pk),
        case_id=case_of(subject),
        object_repr=str(subject)[:200],
        department=department,
        rule=rule,
        name=rule.name,
        basis=rule.basis,
        amount=amount,
        unit=unit.value,
        started_at=start,
        counted_from=start,
        counted_amount=amount,
    )
    _apply(deadline, result)
    deadline.save()
    audit.record(
        "deadlines.deadline.start",
        actor=acting_user,
        obj=deadline,
        after={"rule": rule.code, **_snapshot(deadline)},
    )
    return deadline


def _locked(deadline: Deadline) -> Deadline:
    return (
        Deadline.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction", "rule")
        .get(pk=deadline.pk)
    )


def _refuse_unless(deadline: Deadline, *states: str) -> None:
    if deadline.state not in states:
        raise ValidationError(
            {
                "state": _("该期限当前为“%(state)s”，不能执行此操作。")
                % {"state": deadline.get_state_display()}
            },
            code="wrong_state",
        )


def _units_left(deadline: Deadline, at: dt.datetime) -> int:
    """The (work)days a day period still had when it stopped at ``at``: its units less those
    used since it was last counted from (the day it started is not counted, 民法典 第二百零一条;
    the day it stopped on is used). Counted on the units, never on the last day, which a rest
    day may have moved (第二百零三条). At least one: a period stopped on its last day, or in the
    rest days that moved it, still has that day."""
    first = deadline.counted_from.astimezone(periods.CHINA).date()
    stopped = at.astimezone(periods.CHINA).date()
    if deadline.unit == Unit.CALENDAR_DAYS:
        used = (stopped - first).days
    else:
        calendar = calendars.current()
        used = sum(
            calendar.is_workday(first + dt.timedelta(days=n))
            for n in range(1, (stopped - first).days + 1)
        )
    return max(deadline.counted_amount - used, 1)


def _transition(verb: str, deadline: Deadline, acting_user, change, check=None) -> Deadline:
    """Lock, check who and the state (TRANSITIONS), ``check`` anything else, apply ``change``,
    save, audit with before and after."""
    deadline = _locked(deadline)
    policy.require_of(acting_user, "deadlines.deadline.manage", deadline)
    _refuse_unless(deadline, *TRANSITIONS[verb])
    if check is not None:
        check(deadline)
    before = _snapshot(deadline)
    change(deadline)
    deadline.version += 1
    deadline.save()
    audit.record(
        f"deadlines.deadline.{verb}",
        actor=acting_user,
        obj=deadline,
        before=before,
        after=_snapshot(deadline),
    )
    return deadline


@action("deadlines.deadline.pause")
def pause_deadline(deadline: Deadline, *, reason: str, acting_user, at=None) -> Deadline:
    """Stop the clock for 检验, 检测, 鉴定, 专家评审 or 补正 (the time does not count)."""

    def check(deadline):
        if not deadline.rule.pausable:
            raise ValidationError({"state": _("该期限不允许中止计时。")}, code="not_pausable")
        if reason not in PauseReason.values:
            raise ValidationError({"reason": _("请选择中止计时的原因。")}, code="invalid_choice")

    def change(deadline):
        deadline.state = DeadlineState.PAUSED
        deadline.paused_at = at or timezone.now()
        deadline.pause_reason = reason

    return _transition("pause", deadline, acting_user, change, check)


@action("deadlines.deadline.resume")
def resume_deadline(deadline: Deadline, *, acting_user, at=None) -> Deadline:
    """Restart the clock with the time it had left when it stopped."""
    now = at or timezone.now()

    def change(deadline):
        if deadline.unit == Unit.HOURS:
            deadline.due_at += now - deadline.paused_at
            deadline.plan_reminder(now)
        else:
            deadline.counted_amount = _units_left(deadline, deadline.paused_at)
            deadline.counted_from = now
            unit = Unit(deadline.unit)
            _apply(deadline, periods.due(now, deadline.counted_amount, unit, calendars.current()))
        deadline.paused_total += now - deadline.paused_at
        deadline.state = DeadlineState.RUNNING
        deadline.paused_at = None
        deadline.pause_reason = ""

    return _transition("resume", deadline, acting_user, change)


@action("deadlines.deadline.extend")
def extend_deadline(deadline: Deadline, *, rule: str | DeadlineRule, acting_user) -> Deadline:
    """A decision the law provides for gives the clock a longer period (``rule``): it keeps its
    start, its pauses and what it has used, and is counted to the longer period. Refused once
    the current period has run out: a decision to extend is taken within it."""
    if not isinstance(rule, DeadlineRule):
        rule = DeadlineRule.objects.get(code=rule)

    def check(deadline):
        if Unit(rule.unit) != Unit(deadline.unit) or rule.amount <= deadline.amount:
            raise ValidationError(
                {
                    "rule": ValidationError(
                        _("只能延长为同一计算方式下更长的期限。"), code="not_longer"
                    )
                }
            )
        if deadline.state == DeadlineState.RUNNING and deadline.due_at <= timezone.now():
            message = _("“%(name)s”已于%(due)s届满，不能再延长。") % {
                "name": deadline.name,
                "due": periods.due_text(deadline.due_at),
            }
            raise ValidationError({"state": ValidationError(message, code="period_over")})

    def change(deadline):
        deadline.counted_amount += rule.amount - deadline.amount
        deadline.rule, deadline.name, deadline.basis = rule, rule.name, rule.basis
        deadline.amount = rule.amount
        if deadline.state == DeadlineState.RUNNING:
            result = periods.due(
                deadline.counted_from,
                deadline.counted_amount,
                Unit(deadline.unit),
                calendars.current(),
            )
            _apply(deadline, result)

    return _transition("extend", deadline, acting_user, change, check)


@action("deadlines.deadline.meet")
def meet_deadline(deadline: Deadline, *, acting_user, at=None, note: str = "") -> Deadline:
    def change(deadline):
        deadline.state = DeadlineState.MET
        deadline.met_at = at or timezone.now()
        deadline.closed_note = note[:200]
        deadline.next_reminder_at = None

    return _transition("meet", deadline, acting_user, change)


@action("deadlines.deadline.cancel")
def cancel_deadline(deadline: Deadline, *, note: str, acting_user) -> Deadline:
    def check(_deadline):
        if not note.strip():
            raise ValidationError({"note": _("撤销期限须说明理由。")}, code="required")

    def change(deadline):
        deadline.state = DeadlineState.CANCELLED
        deadline.closed_note = note.strip()[:200]
        deadline.next_reminder_at = None

    return _transition("cancel", deadline, acting_user, change, check)


def stop_timers(subject, *, met: bool, note: str, acting_user) -> None:
    """Close every open timer of ``subject``: met (the owing side did it, ``acting_user``), or
    cancelled as a system step of the other side's action (a request withdrawn or closed)."""
    for timer in Deadline.objects.for_object(subject).open():
        if met:
            meet_deadline(timer, acting_user=acting_user, note=note)
        else:
            cancel_deadline(timer, note=note, acting_user=None)
