"""State changes of cases."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.cases import workflow
from liandong.cases.models import (
    ORGANISATION_ROLES,
    Case,
    CaseGrant,
    CasePart,
    CaseSource,
    CaseState,
    DecisionKind,
    JournalEntry,
    Party,
    PartyRole,
    ProcurementMethod,
    ServiceMethod,
    Threshold,
    ViolationType,
)
from liandong.cases.workflow import MIN_OFFICERS_TO_FILE, TRANSITIONS
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.crypto import sm4_decrypt_shown, sm4_encrypt
from liandong.core.validation import Errors, check_version, refuse
from liandong.deadlines import actions as deadlines
from liandong.deadlines.models import Deadline, DeadlineState
from liandong.documents import numbering
from liandong.organizations.models import Role
from liandong.organizations.validators import validate_id_number, validate_name, validate_uscc

CASE_NUMBER = numbering.Kind("case", "案")
DECISION_TIMER = "case.penalty_decision"  # 行政处罚法 第六十条: 90 days from 立案
SERVICE_TIMER = "case.decision_service"  # 行政处罚法 第六十一条: 7 workdays from the decision


@action("cases.case.register")
def register_case(
    department, *, title: str, source: str, summary: str = "", acting_user, **project
) -> Case:
    """Register a clue (线索登记): the case gets its number in the department's sequence."""
    policy.require_of(acting_user, "cases.case.create", department)
    unknown = set(project) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    case = Case(
        department=department,
        title=title,
        source=source,
        summary=summary,
        created_by=acting_user,
        **project,
    )
    errors = Errors()
    _validate_case(case, errors)
    errors.raise_if_any()
    case.created_at = timezone.now()
    case.year = timezone.localtime(case.created_at).year
    case.sequence, case.number = numbering.allocate(department, CASE_NUMBER, case.year)
    case.save()
    if acting_user is not None and acting_user.role == Role.OFFICER:
        case.officers.add(acting_user)  # whoever registers a clue handles it first
    audit.record(
        "cases.case.register",
        actor=acting_user,
        obj=case,
        after={
            "number": case.number,
            "title": case.title,
            "source": source,
            "officers": list(case.officers.values_list("pk", flat=True)),
        },
    )
    return case


# What a case is about and the procurement it concerns: edited by ``update_case``.
CASE_FIELDS = (
    "title",
    "source",
    "summary",
    "confidential",
    "project_number",
    "project_name",
    "purchaser",
    "agency",
    "procurement_method",
    "budget",
    "winning_amount",
    "announced_on",
    "awarded_on",
)
TEXT_FIELDS = ("title", "project_number", "project_name", "purchaser", "agency")
MAX_AMOUNT = 10**12  # 1万亿元: anything larger is a typing error
EARLIEST_DATE = dt.date(2000, 1, 1)  # 招标投标法 took effect on this day; earlier is a typo
CENT = Decimal("0.01")


def _amount(errors: Errors, field: str, value) -> Decimal | None:
    """An amount in yuan, to the cent, between 0 and MAX_AMOUNT; else an error on ``field``."""
    if value is None:
        return None
    try:
        value = Decimal(str(value))
    except InvalidOperation:
        errors.add(field, _("请填写金额（元）。"), "invalid")
        return None
    if not value.is_finite():
        errors.add(field, _("请填写金额（元）。"), "invalid")
    elif value < 0:
        errors.add(field, _("金额不能为负数。"), "negative")
    elif value > MAX_AMOUNT:
        errors.add(field, _("金额不能超过1万亿元，请检查是否多输了位数。"), "out_of_range")
    elif value != value.quantize(CENT):
        errors.add(field, _("金额最多保留两位小数（到分）。"), "precision")
    else:
        return value.quantize(CENT)
    return value


def _date(errors: Errors, field: str, value: dt.date | None) -> None:
    if value is None:
        return
    if value > timezone.localdate():
        errors.add(field, _("日期不能晚于今天。"), "future")
    elif value < EARLIEST_DATE:
        errors.add(field, _("日期早于2000年，请检查。"), "too_early")


def _validate_case(case: Case, errors: Errors) -> None:
    """Check (and tidy) the editable fields of ``case``, each error under its field."""
    for name in TEXT_FIELDS:
        setattr(case, name, (getattr(case, name) or "").strip())
        limit = Case._meta.get_field(name).max_length
        if len(getattr(case, name)) > limit:
            errors.add(name, _("长度不能超过 %(n)s 个字符。") % {"n": limit}, "too_long")
    case.summary = (case.summary or "").strip()
    if not case.title:
        errors.add("title", _("请填写案由。"), "required")
    if case.source not in CaseSource.values:
        errors.add("source", _("请选择案件来源。"), "invalid_choice")
    if case.procurement_method and case.procurement_method not in ProcurementMethod.values:
        errors.add("procurement_method", _("请选择有效的采购方式。"), "invalid_choice")
    for name in ("budget", "winning_amount"):
        setattr(case, name, _amount(errors, name, getattr(case, name)))
    for name in ("announced_on", "awarded_on"):
        _date(errors, name, getattr(case, name))
    if (
        case.announced_on
        and case.awarded_on
        and case.awarded_on < case.announced_on
        and "awarded_on" not in errors.by_field
    ):
        errors.add("awarded_on", _("中标（成交）日期不能早于公告日期。"), "before_announcement")


def _violation_types(errors: Errors, chosen) -> list[ViolationType]:
    """The vocabulary entries ``chosen`` names (entries or their codes)."""
    codes = list(dict.fromkeys(v.code if isinstance(v, ViolationType) else str(v) for v in chosen))
    found = {v.code: v for v in ViolationType.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        errors.add(
            "violation_types",
            _("未知的违法行为类型：%(codes)s") % {"codes": "、".join(unknown)},
            "invalid_choice",
        )
    return [found[code] for code in codes if code in found]


def _refuse_if_archived(case: Case) -> None:
    if case.state == CaseState.ARCHIVED:
        raise refuse("state", _("案件已归档，不能修改。"), "archived")


def _case_snapshot(case: Case) -> dict:
    return {
        **audit.snapshot(case, CASE_FIELDS),
        "violation_types": sorted(case.violation_types.values_list("code", flat=True)),
    }


@action("cases.case.update")
def update_case(case: Case, *, acting_user, expected_version: int | None = None, **changes) -> Case:
    """Edit what a case is about (案由, 来源, 摘要, 涉密, 违法行为类型) and the procurement it
    concerns. The state, officers and decision change only through their own actions."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=case.pk)
    )
    policy.require_of(acting_user, "cases.case.manage", case)
    check_version(case, expected_version)
    _refuse_if_archived(case)
    unknown = set(changes) - {*CASE_FIELDS, "violation_types"}
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    before = _case_snapshot(case)
    errors = Errors()
    types = None
    if "violation_types" in changes:
        types = _violation_types(errors, changes.pop("violation_types") or [])
    for name, value in changes.items():
        setattr(case, name, value)
    _validate_case(case, errors)
    errors.raise_if_any()
    after = {
        **audit.snapshot(case, CASE_FIELDS),
        "violation_types": before["violation_types"]
        if types is None
        else sorted(t.code for t in types),
    }
    if after == before:
        return case
    case.version += 1
    case.save()
    if types is not None:
        case.violation_types.set(types)
    before, after = audit.changed(before, after)
    audit.record("cases.case.update", actor=acting_user, obj=case, before=before, after=after)
    return case


@action("cases.case.assign")
def assign_officers(case: Case, *, officers: list, acting_user) -> Case:
    policy.require_of(acting_user, "cases.case.manage", case)
    wrong = [p for p in officers if p.department_id != case.department_id or not p.is_active]
    if wrong:
        raise refuse(
            "officers",
            _("办案人员须是本单位在职人员：%(names)s")
            % {"names": "、".join(p.full_name for p in wrong)},
            "outside_department",
        )
    not_officers = [p for p in officers if p.role not in (Role.OFFICER, Role.HEAD)]
    if not_officers:
        raise refuse(
            "officers",
            _("只有办案人员或负责人可以承办案件：%(names)s")
            % {"names": "、".join(p.full_name for p in not_officers)},
            "wrong_role",
        )
    before = sorted(case.officers.values_list("pk", flat=True))
    case.officers.set(officers)
    audit.record(
        "cases.case.assign",
        actor=acting_user,
        obj=case,
        before={"officers": before},
        after={"officers": sorted(p.pk for p in officers)},
    )
    return case


def _check_decision(case: Case, kind: str, number: str, date: dt.date | None) -> None:
    errors = Errors()
    if kind not in DecisionKind.values:
        errors.add("decision_kind", _("请选择决定类别。"), "required")
    if not number.strip():
        errors.add("decision_number", _("请填写决定书文号。"), "required")
    elif not numbering.PATTERN.match(number.strip()):
        errors.add("decision_number", _("决定书文号格式应为“代字〔年份〕序号号”。"), "format")
    if date is None:
        errors.add("decision_date", _("请填写决定日期。"), "required")
    elif case.filed_at and date < timezone.localtime(case.filed_at).date():
        errors.add("decision_date", _("决定日期不能早于立案日期。"), "before_filing")
    elif date > timezone.localdate():
        errors.add("decision_date", _("决定日期不能晚于今天。"), "future")
    errors.raise_if_any()


@action("cases.case.transition")
def move_case(
    case: Case,
    verb: str,
    *,
    acting_user,
    expected_version: int | None = None,
    decision_kind: str = "",
    decision_number: str = "",
    decision_date: dt.date | None = None,
    reason: str = "",
) -> Case:
    """Move a case along its workflow (cases.workflow.TRANSITIONS)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=case.pk)
    )
    policy.require_of(acting_user, "cases.case.manage", case)
    check_version(case, expected_version)
    if verb not in TRANSITIONS:
        raise refuse("state", _("未知的操作。"), "unknown_verb")
    sources, target = TRANSITIONS[verb]
    if case.state not in sources:
        raise refuse(
            "state",
            _("案件当前为“%(state)s”，不能执行此操作。") % {"state": case.get_state_display()},
            "wrong_state",
        )
    held = workflow.held_back(case, verb, decision_kind)
    if held:
        raise refuse("state", held, "held_back")
    before = audit.snapshot(case, Case.AUDITED_FIELDS)
    now = timezone.now()
    if verb == "file":
        if case.officers.count() < MIN_OFFICERS_TO_FILE:
            raise refuse("officers", _("立案须指定至少两名办案人员。"), "too_few_officers")
        case.filed_at = now
    elif verb == "decide":
        _check_decision(case, decision_kind, decision_number, decision_date)
        case.decision_kind = decision_kind
        case.decision_number = decision_number.strip()
        case.decision_date = decision_date
    elif verb == "execute" and case.decision_kind != DecisionKind.PENALTY:
        raise refuse("state", _("只有处罚决定需要执行。"), "nothing_to_execute")
    elif verb == "close" and not (case.decision_kind and case.decision_number):
        raise refuse("decision_number", _("结案须有决定书。"), "no_decision")
    elif verb == "dismiss":
        if not reason.strip():
            raise refuse("reason", _("请说明不予立案的理由。"), "required")
        case.decision_kind = DecisionKind.WITHDRAWN
    if target == CaseState.CLOSED:
        case.closed_at = now
    case.state = target
    case.version += 1
    case.save()
    if verb == "file":
        deadlines.start_deadline(
            case,
            rule=DECISION_TIMER,
            department=case.department,
            start=now,
            acting_user=acting_user,
        )
    elif verb in ("decide", "dismiss"):
        for timer in Deadline.objects.for_object(case).filter(
            rule__code=DECISION_TIMER,
            state__in=[DeadlineState.RUNNING, DeadlineState.MISSED, DeadlineState.PAUSED],
        ):
            deadlines.meet_deadline(timer, acting_user=acting_user, note=case.get_state_display())
        if case.decision_kind == DecisionKind.PENALTY:
            deadlines.start_deadline(
                case,
                rule=SERVICE_TIMER,
                department=case.department,
                start=_start_of(case.decision_date),
                acting_user=acting_user,
            )
    workflow.follow_up(case, verb, acting_user)
    before, after = audit.changed(before, audit.snapshot(case, Case.AUDITED_FIELDS))
    audit.record(
        f"cases.case.{verb}",
        actor=acting_user,
        obj=case,
        before=before,
        after=after,
        message=reason.strip(),
    )
    return case


@action("cases.case.share")
def share_case(
    case: Case, *, department, part: str, note: str = "", acting_user, source: str = "manual"
) -> CaseGrant:
    """Give another department one part of a case (or all of it)."""
    policy.require_of(acting_user, "cases.case.manage", case)
    if part not in CasePart.values:
        raise refuse("part", _("请选择共享范围。"), "invalid_choice")
    if department.pk == case.department_id:
        raise refuse("department", _("不能共享给本单位。"), "own")
    if department.jurisdiction_id != case.department.jurisdiction_id or not department.is_member:
        raise refuse("department", _("只能共享给本辖区的成员单位。"), "outside")
    grant, created = CaseGrant.objects.get_or_create(
        case=case,
        department=department,
        part=part,
        defaults={"note": note[:200], "granted_by": acting_user, "source": source},
    )
    if created:
        audit.record(
            "cases.case.share",
            actor=acting_user,
            obj=case,
            after={"department": department.pk, "part": part, "source": source},
            message=note,
        )
    return grant


@action("cases.party.add")
def add_party(
    case: Case, *, role: str, name: str, uscc: str = "", id_number: str = "", acting_user
) -> Party:
    """Add a 当事人: organisations by 统一社会信用代码, persons by ID number (both check-digit
    verified); the ID number is stored SM4-encrypted."""
    policy.require_of(acting_user, "cases.case.manage", case)
    errors = Errors()
    name = name.strip()
    if not name:
        errors.add("name", _("请填写当事人名称或姓名。"), "required")
    else:
        errors.check("name", validate_name, name)
    if role not in PartyRole.values:
        errors.add("role", _("请选择当事人角色。"), "invalid_choice")
    uscc = uscc.strip().upper()
    if uscc:
        uscc = errors.check("uscc", validate_uscc, uscc)
    elif role in ORGANISATION_ROLES:
        errors.add("uscc", _("单位当事人须填写统一社会信用代码。"), "required")
    id_number = id_number.strip().upper()
    if id_number:
        id_number = errors.check("id_number", validate_id_number, id_number)
    errors.raise_if_any()
    party = Party.objects.create(
        case=case,
        role=role,
        name=name[:200],
        uscc=uscc,
        id_number_sealed=sm4_encrypt(id_number) if id_number else "",
        id_number_tail=id_number[-4:] if id_number else "",
    )
    audit.record(
        "cases.party.add",
        actor=acting_user,
        obj=case,
        after={
            "party": party.pk,
            "role": role,
            "name": party.name,
            "uscc": uscc,
            "id_number": party.masked_id_number,
        },
    )
    return party


def id_number_for(party: Party, user) -> str:
    """The ID number as ``user`` may see it: in full for the case's own officers, else masked."""
    if not party.id_number_sealed:
        return ""
    if party.case.officers.filter(pk=user.pk).exists():
        return sm4_decrypt_shown(party.id_number_sealed)
    return party.masked_id_number


@action("cases.journal.add")
def add_note(case: Case, *, text: str, acting_user) -> JournalEntry:
    policy.require_of(acting_user, "cases.case.manage", case)
    if not text.strip():
        raise refuse("text", _("请填写工作记录内容。"), "required")
    entry = JournalEntry.objects.create(case=case, author=acting_user, text=text.strip())
    audit.record("cases.journal.add", actor=acting_user, obj=case, after={"note": entry.pk})
    return entry


@action("cases.case.update_facts")
def update_facts(case: Case, *, acting_user, expected_version: int | None = None, **facts) -> Case:
    """Record the facts the transfer advisor reads (amounts in yuan)."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=case.pk)
    )
    policy.require_of(acting_user, "cases.case.manage", case)
    check_version(case, expected_version)
    _refuse_if_archived(case)
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"unknown facts: {sorted(unknown)}")
    errors = Errors()
    for field in AMOUNT_FACTS:
        if field in facts:
            facts[field] = _amount(errors, field, facts[field])
    today = timezone.localdate()
    act_date = facts.get("act_date")
    if act_date is not None:
        if act_date > today:
            errors.add("act_date", _("违法行为发生日期不能晚于今天。"), "future")
        elif act_date < EARLIEST_DATE:
            errors.add("act_date", _("日期早于2000年，请检查。"), "too_early")
    for field in PENALTY_DATE_FACTS:
        dates = facts.get(field)
        if dates is None:
            continue
        if any(d > today for d in dates):
            errors.add(field, _("处罚日期不能晚于今天。"), "future")
        elif any(d < EARLIEST_DATE for d in dates):
            errors.add(field, _("日期早于2000年，请检查。"), "too_early")
        facts[field] = sorted(d.isoformat() for d in dates)
    errors.raise_if_any()
    before = audit.snapshot(case, FACT_FIELDS)
    for field, value in facts.items():
        setattr(case, field, value)
    after = audit.snapshot(case, FACT_FIELDS)
    if before == after:
        return case
    case.version += 1
    case.save()
    before, after = audit.changed(before, after)
    audit.record("cases.case.update_facts", actor=acting_user, obj=case, before=before, after=after)
    return case


# The facts the transfer advisor reads (advisor.Facts), by kind.
AMOUNT_FACTS = (
    "direct_loss",
    "illegal_gains",
    "winning_amount",
    "counterfeit_sales",
    "counterfeit_unsold",
    "fraud_amount",
    "false_ad_gains",
    "private_bribe",
    "official_bribe",
)
FLAG_FACTS = (
    "coercion_or_bribery",
    "false_ad_food_drug",
    "private_bribe_by_unit",
    "official_bribe_aggravating",
)
PENALTY_DATE_FACTS = ("prior_collusion_penalties", "prior_false_ad_penalties")
FACT_FIELDS = ("act_date", *AMOUNT_FACTS, *FLAG_FACTS, *PENALTY_DATE_FACTS)


@action("cases.threshold.add_version")
def add_threshold_version(
    code: str, *, amount, basis: str, effective_from: dt.date, acting_user
) -> Threshold:
    """A revised figure for a threshold, applying from a date (the earlier stays for before)."""
    if acting_user is not None:
        policy.require(acting_user, "cases.threshold.manage")
    current = Threshold.objects.filter(code=code).order_by("-effective_from").first()
    if current is None:
        raise refuse("code", _("未知的移送标准。"), "unknown")
    errors = Errors()
    if amount is None or amount <= 0:
        errors.add("amount", _("标准必须大于零。"), "not_positive")
    if not basis.strip():
        errors.add("basis", _("请写明依据（文件名称、文号和条款）。"), "required")
    if Threshold.objects.filter(code=code, effective_from=effective_from).exists():
        errors.add("effective_from", _("该日期已有一个版本。"), "duplicate")
    errors.raise_if_any()
    version = Threshold.objects.create(
        code=code,
        offence=current.offence,
        track=current.track,
        measure=current.measure,
        amount=amount,
        window_years=current.window_years,
        basis=basis.strip(),
        effective_from=effective_from,
    )
    audit.record(
        "cases.threshold.add_version",
        actor=acting_user,
        obj=version,
        object_repr=str(version),
        after={"code": code, "amount": amount, "effective_from": effective_from},
        jurisdiction="",
    )
    return version


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=timezone.get_current_timezone())


@action("cases.case.serve")
def serve_decision(
    case: Case,
    *,
    served_on: dt.date | None,
    method: str,
    acting_user,
    expected_version: int | None = None,
) -> Case:
    """Record that the penalty decision reached the party, and how (行政处罚法 第六十一条: handed
    over when announced, or served within 7 workdays under the 民事诉讼法's rules of service).
    Its clock is met on the day of service, late or not."""
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=case.pk)
    )
    policy.require_of(acting_user, "cases.case.manage", case)
    check_version(case, expected_version)
    if case.decision_kind != DecisionKind.PENALTY or case.decision_date is None:
        raise refuse("state", _("只有行政处罚决定需要送达。"), "no_penalty")
    if case.served_on is not None:
        raise refuse(
            "served_on", _("处罚决定书已于%(day)s送达。") % {"day": case.served_on}, "served"
        )
    errors = Errors()
    if method not in ServiceMethod.values:
        errors.add("method", _("请选择送达方式。"), "invalid_choice")
    if served_on is None:
        errors.add("served_on", _("请填写送达日期。"), "required")
    elif served_on < case.decision_date:
        errors.add("served_on", _("送达日期不能早于决定日期。"), "before_decision")
    elif served_on > timezone.localdate():
        errors.add("served_on", _("送达日期不能晚于今天。"), "future")
    errors.raise_if_any()
    before = audit.snapshot(case, Case.AUDITED_FIELDS)
    case.served_on, case.service_method = served_on, method
    case.version += 1
    case.save()
    # met on the day of service: now when that is today, else midday of that day (a service on
    # the last day is in time, one on the day after is late)
    served_at = (
        timezone.now()
        if served_on == timezone.localdate()
        else _start_of(served_on) + dt.timedelta(hours=12)
    )
    for timer in Deadline.objects.for_object(case).open().filter(rule__code=SERVICE_TIMER):
        deadlines.meet_deadline(
            timer, acting_user=None, at=served_at, note=case.get_service_method_display()
        )
    before, after = audit.changed(before, audit.snapshot(case, Case.AUDITED_FIELDS))
    audit.record("cases.case.serve", actor=acting_user, obj=case, before=before, after=after)
    return case
