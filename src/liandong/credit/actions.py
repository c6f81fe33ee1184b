"""State changes of credit records (信用记录), the publication-period table, external lists and
the purchasers' check tokens.

A record is entered by the deciding department, prefilled from its case's penalty decision or
typed in; the publication period follows the rules in force on the decision date (``periods``,
the table ``PeriodVersion``), and the 严重违法失信 listing rule (``listing``) decides and explains
whether it is a 政府采购严重违法失信行为记录. Submitting checks the record as the 双公示 layout
would (``shuanggongshi.validate``): a record that could not be exported cannot reach DRC. DRC's
review queues its push (``push``); the push's success publishes it. A case's penalty decision
starts the 7-workday clock (``credit.online``), met when a record of the case is published.
"""

import datetime as dt
import secrets
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.audit import log as audit
from liandong.cases.models import Case, CaseState, DecisionKind, PartyRole
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.crypto import sm3_hex, sm4_decrypt, sm4_encrypt
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.credit import clients, listing, periods, shuanggongshi
from liandong.credit.models import (
    TRANSITIONS,
    CheckClient,
    CreditRecord,
    PeriodVersion,
    Push,
    PushOperation,
    PushState,
    RecordKind,
    RecordState,
    SeverityChoice,
    SubjectCategory,
    name_key,
)
from liandong.deadlines import actions as deadlines
from liandong.deadlines.models import Deadline
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Department, DepartmentKind
from liandong.organizations.routing import receivers
from liandong.organizations.validators import validate_id_number, validate_uscc

ONLINE_RULE = "credit.online"  # 7 workdays from the decision (deadlines.rules)
REASON_MAX = 1000
BAN_MIN_MONTHS, BAN_MAX_MONTHS = 12, 36  # 政府采购法 第七十七条：一至三年

STEP_NAMES = {
    "edit": gettext_lazy("修改"),
    "submit": gettext_lazy("报送审核"),
    "return": gettext_lazy("退回修改"),
    "review": gettext_lazy("审核通过"),
    "publish": gettext_lazy("确认已公示"),
    "expire": gettext_lazy("公示期满"),
    "repair": gettext_lazy("信用修复"),
    "withdraw": gettext_lazy("撤销"),
}

# The fields a person enters; the rest the platform works out.
FIELDS = (
    "kind",
    "subject_name",
    "subject_category",
    "subject_code",
    "legal_representative",
    "id_number",
    "decision_number",
    "violation_type",
    "facts",
    "basis",
    "penalty_category",
    "penalty_content",
    "fine",
    "confiscated",
    "licence",
    "decision_date",
    "ban_start",
    "ban_end",
    "severity",
    "publication_end",
    "valid_until",
    "remarks",
)
TEXT_LIMITS = {
    "subject_name": 200,
    "legal_representative": 60,
    "decision_number": 60,
    "violation_type": 200,
    "penalty_category": 100,
    "licence": 200,
    "facts": 5000,
    "basis": 2000,
    "penalty_content": 2000,
    "remarks": 2000,
}
REQUIRED_TEXT = {
    "subject_name": gettext_lazy("请填写行政相对人名称。"),
    "decision_number": gettext_lazy("请填写行政处罚决定书文号。"),
    "violation_type": gettext_lazy("请填写违法行为类型。"),
    "facts": gettext_lazy("请填写违法事实。"),
    "basis": gettext_lazy("请填写处罚依据。"),
    "penalty_category": gettext_lazy("请填写处罚类别。"),
    "penalty_content": gettext_lazy("请填写处罚内容。"),
}


def _url(record: CreditRecord) -> str:
    return f"/credit/{record.pk}/"


def period_versions() -> tuple[periods.PeriodRule, ...]:
    """The publication periods as the administrators keep them (``PeriodVersion``)."""
    stored = list(PeriodVersion.objects.order_by("since"))
    if not stored:
        return periods.VERSIONS
    return tuple(
        periods.PeriodRule(
            since=v.since,
            title=v.title,
            basis=v.basis,
            terms=tuple(
                (periods.Severity(key), periods.Term(int(t[0]), int(t[1]), bool(t[2])))
                for key, t in v.terms.items()
            ),
        )
        for v in stored
    )


def ensure_periods_seeded(**kwargs) -> None:
    """Store ``periods.VERSIONS`` when the table is empty (post_migrate); never overwrites."""
    if PeriodVersion.objects.exists():
        return
    for rule in periods.VERSIONS:
        PeriodVersion.objects.create(
            since=rule.since,
            title=rule.title,
            basis=rule.basis,
            terms={str(s): [t.min_months, t.max_months, t.published] for s, t in rule.terms},
        )


# ---------------------------------------------------------------- prefill and validation


def prefill(case: Case) -> dict:
    """What a case's penalty decision gives a new record: the supplier (or the first party),
    the decision and the violation types with their legal basis."""
    parties = list(case.parties.all())
    subject = next((p for p in parties if p.role == PartyRole.SUPPLIER), None) or (
        parties[0] if parties else None
    )
    types = list(case.violation_types.all())
    values = {
        "kind": RecordKind.PENALTY,
        "decision_number": case.decision_number,
        "decision_date": case.decision_date,
        "violation_type": "；".join(t.name for t in types),
        "facts": case.summary,
        "basis": "；".join(t.basis for t in types if t.basis),
        "penalty_category": _("罚款"),
    }
    if subject is not None:
        person = subject.role == PartyRole.PERSON
        values.update(
            subject_name=subject.name,
            subject_code=subject.uscc,
            subject_category=(
                SubjectCategory.NATURAL_PERSON if person else SubjectCategory.ORGANIZATION
            ),
        )
    return {k: v for k, v in values.items() if v not in (None, "")}


def _amount(errors: Errors, field: str, value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors.add(field, _("请填写以元为单位的数字。"), "invalid")
        return None
    if not amount.is_finite() or amount < 0:
        errors.add(field, _("金额不能为负数。"), "negative")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        errors.add(field, _("金额最多保留两位小数（精确到分）。"), "precision")
        return None
    if shuanggongshi.to_wan(amount) > shuanggongshi.PLAUSIBLE_MAX_WAN:
        errors.add(
            field,
            _(
                "金额%(amount)s元超出合理范围（不超过%(max)s万元）：请核对是否把万元当作元，"
                "或多填了位数。"
            )
            % {"amount": f"{amount:,.2f}", "max": shuanggongshi.PLAUSIBLE_MAX_WAN},
            "implausible",
        )
        return None
    return amount


def _date(errors: Errors, field: str, value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors.add(field, _("请填写YYYY-MM-DD格式的日期。"), "invalid")
        return None


def _clean(values: dict, *, case: Case | None) -> tuple[dict, str]:
    """Check what a person entered; return the model's values and the ID number (plain)."""
    errors = Errors()
    data = {}
    for field, limit in TEXT_LIMITS.items():
        text = str(values.get(field) or "").strip()
        if field in REQUIRED_TEXT and not text:
            errors.add(field, str(REQUIRED_TEXT[field]), "required")
        elif len(text) > limit:
            errors.add(field, _("不超过%(n)s个字。") % {"n": limit}, "too_long")
        data[field] = text
    kind = values.get("kind") or RecordKind.PENALTY
    if kind not in RecordKind.values:
        errors.add("kind", _("请选择记录类别。"), "invalid_choice")
    data["kind"] = kind
    category = values.get("subject_category") or ""
    if category not in SubjectCategory.values:
        errors.add("subject_category", _("请选择行政相对人类别。"), "invalid_choice")
    data["subject_category"] = category
    severity = values.get("severity") or ""
    if severity and severity not in SeverityChoice.values:
        errors.add("severity", _("请选择失信程度。"), "invalid_choice")
    data["severity"] = severity
    code = str(values.get("subject_code") or "").strip().upper()
    if code:
        code = errors.check("subject_code", validate_uscc, code)
    elif category in (SubjectCategory.ORGANIZATION, SubjectCategory.SOLE_TRADER):
        errors.add(
            "subject_code", _("法人、非法人组织和个体工商户须填写统一社会信用代码。"), "required"
        )
    data["subject_code"] = code
    if category == SubjectCategory.ORGANIZATION and not data["legal_representative"]:
        errors.add(
            "legal_representative",
            _("行政相对人为法人及非法人组织的，须填写法定代表人（负责人）。"),
            "required",
        )
    id_number = str(values.get("id_number") or "").strip().upper()
    if id_number:
        id_number = errors.check("id_number", validate_id_number, id_number)
    elif category == SubjectCategory.NATURAL_PERSON and not values.get("keep_id_number"):
        errors.add("id_number", _("自然人须填写身份证号码。"), "required")
    number = data["decision_number"]
    if number and not shuanggongshi.DOCUMENT_NUMBER.match(number):
        errors.add("decision_number", _("决定书文号格式应为“代字〔年份〕序号号”。"), "format")
    for field in ("fine", "confiscated"):
        data[field] = _amount(errors, field, values.get(field))
    for field in ("decision_date", "ban_start", "ban_end", "publication_end", "valid_until"):
        data[field] = _date(errors, field, values.get(field))
    decided = data["decision_date"]
    if decided is None and "decision_date" not in errors.by_field:
        errors.add("decision_date", _("请填写处罚决定日期。"), "required")
    elif decided and decided > timezone.localdate():
        errors.add("decision_date", _("处罚决定日期不能晚于今天。"), "future")
    elif (
        decided
        and case is not None
        and case.filed_at
        and decided < timezone.localtime(case.filed_at).date()
    ):
        errors.add("decision_date", _("处罚决定日期不能早于立案日期。"), "before_filing")
    _check_ban(errors, data)
    if not data["severity"]:
        data["severity"] = _default_severity(data)
    if decided and not {"decision_date", "ban_start", "ban_end"} & set(errors.by_field):
        _check_period(errors, data)
    errors.raise_if_any()
    return data, id_number


def _default_severity(data: dict) -> str:
    """Not chosen: a penalty that puts the supplier on the 政府采购严重违法失信行为记录名单 (a fine
    of 3万元 or more, or a ban: 财办库〔2014〕526号) is 严重; any other is 一般."""
    if data["decision_date"] is None:
        return SeverityChoice.GENERAL
    penalty = listing.Penalty(
        decided_on=data["decision_date"],
        fine=data["fine"] or 0,
        ban_start=data["ban_start"],
        ban_end=data["ban_end"],
    )
    listed = listing.listing([penalty], data["decision_date"]).listed
    return SeverityChoice.SERIOUS if listed else SeverityChoice.GENERAL


def _check_ban(errors: Errors, data: dict) -> None:
    start, end = data["ban_start"], data["ban_end"]
    if data["kind"] == RecordKind.BAN and not (start and end):
        field = "ban_end" if start else "ban_start"
        errors.add(field, _("禁止参加政府采购活动须填写起止日期。"), "required")
        return
    if bool(start) != bool(end):
        errors.add("ban_end", _("禁止参加政府采购活动须同时填写起始和截止日期。"), "required")
        return
    if not start:
        return
    if end < start:
        errors.add("ban_end", _("禁止参加政府采购活动的截止日期早于起始日期。"), "before_start")
        return
    shortest = periods.add_months(start, BAN_MIN_MONTHS) - dt.timedelta(days=1)
    longest = periods.add_months(start, BAN_MAX_MONTHS) - dt.timedelta(days=1)
    if not shortest <= end <= longest:
        errors.add(
            "ban_end",
            _(
                "禁止参加政府采购活动的期限为一至三年（%(basis)s）：自%(start)s起，截止日期应在%(a)s至%(b)s之间。"
            )
            % {
                "basis": listing.BAN_BASIS,
                "start": start.isoformat(),
                "a": shortest.isoformat(),
                "b": longest.isoformat(),
            },
            "ban_length",
        )
    if data["decision_date"] and start < data["decision_date"]:
        errors.add("ban_start", _("禁止参加政府采购活动不能早于处罚决定日期。"), "before_decision")


def _check_period(errors: Errors, data: dict) -> None:
    """The publication end: the rule's longest period unless a shorter one (not below the
    shortest) is chosen; never before the decision."""
    decided = data["decision_date"]
    try:
        shown = periods.publication(
            decided, data["severity"], ban_end=data["ban_end"], versions=period_versions()
        )
    except LookupError as error:
        errors.add("decision_date", str(error), "no_rule")
        return
    end = data["publication_end"]
    if end is None:
        end = shown.end
    elif end < decided:
        errors.add("publication_end", _("公示截止期不能早于处罚决定日期。"), "before_decision")
        return
    else:
        term = shown.rule.term(data["severity"])
        shortest = periods.add_months(decided, term.min_months)
        if not shortest <= end <= shown.end:
            errors.add(
                "publication_end",
                _("公示截止期应在%(a)s至%(b)s之间：%(why)s")
                % {"a": shortest.isoformat(), "b": shown.end.isoformat(), "why": shown.explanation},
                "outside_period",
            )
            return
    data["publication_end"] = end
    data["earliest_repair"] = shown.earliest_repair
    data["period_explanation"] = shown.explanation
    if data["valid_until"] is None:
        data["valid_until"] = data["ban_end"] or end
    elif data["valid_until"] < decided:
        errors.add("valid_until", _("处罚有效期不能早于处罚决定日期。"), "before_decision")
    _apply_listing(errors, data)


def _apply_listing(errors: Errors, data: dict) -> None:
    """The 严重违法失信 listing rule of 财办库〔2014〕526号, applied and explained: a fine of 3万元
    or more, or a ban, makes the record a 政府采购严重违法失信行为记录."""
    penalty = listing.Penalty(
        decided_on=data["decision_date"],
        fine=data["fine"] or 0,
        ban_start=data["ban_start"],
        ban_end=data["ban_end"],
    )
    found = listing.listing([penalty], data["decision_date"])
    data["listing_explanation"] = found.explanation
    if data["ban_start"] and data["kind"] != RecordKind.BAN:
        data["kind"] = RecordKind.BAN  # a ban is recorded as what it is, and lists too
    elif found.listed and data["kind"] == RecordKind.PENALTY:
        data["kind"] = RecordKind.SERIOUS
    elif not found.listed and data["kind"] == RecordKind.SERIOUS:
        errors.add(
            "kind",
            _("不符合列入政府采购严重违法失信行为记录名单的条件：%(why)s")
            % {"why": found.explanation},
            "not_listed",
        )


def _case_for(case_id, user) -> Case | None:
    if not case_id:
        return None
    case = Case.objects.select_related("department").filter(pk=case_id).first()
    if case is None or (user is not None and not policy.can(user, "cases.case.view", case)):
        raise refuse("case", _("找不到该案件。"), "not_found")
    return case


def _check_case(case: Case, department: Department) -> None:
    if case.department_id != department.pk:
        raise refuse("case", _("只能为本单位办理的案件录入信用记录。"), "other_department")
    if case.decision_kind != DecisionKind.PENALTY or case.state not in (
        CaseState.DECIDED,
        CaseState.EXECUTION,
        CaseState.CLOSED,
        CaseState.ARCHIVED,
    ):
        raise refuse("case", _("该案件尚未作出行政处罚决定，不能录入信用记录。"), "no_penalty")


# ---------------------------------------------------------------- the record's steps


@action("credit.record.create")
def create_record(*, acting_user, case=None, department=None, **values) -> CreditRecord:
    """Enter a record for the acting user's department (or ``department`` for the system)."""
    policy.require_of(acting_user, "credit.record.create")
    department = acting_user.department if acting_user is not None else department
    if isinstance(case, int | str):
        case = _case_for(case, acting_user)
    if case is not None:
        _check_case(case, department)
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise refuse(sorted(unknown)[0], _("未知的字段。"), "unknown_field")
    data, id_number = _clean(values, case=case)
    record = CreditRecord(
        department=department,
        case=case,
        created_by=acting_user,
        subject_key=name_key(data["subject_name"]),
        id_number_sealed=sm4_encrypt(id_number) if id_number else "",
        id_number_tail=id_number[-4:] if id_number else "",
        **data,
    )
    record.save()
    _settle_online_clock(record)
    audit.record(
        "credit.record.create",
        actor=acting_user,
        obj=record,
        after={
            **audit.snapshot(record, CreditRecord.AUDITED_FIELDS),
            "id_number": record.masked_id_number,
        },
    )
    return record


def _locked(record: CreditRecord, expected_version: int | None = None) -> CreditRecord:
    record = (
        CreditRecord.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction", "case")
        .get(pk=record.pk)
    )
    check_version(record, expected_version)
    return record


def _step(record: CreditRecord, verb: str) -> str | None:
    sources, target = TRANSITIONS[verb]
    if record.state not in sources:
        raise refuse(
            "state",
            _("信用记录当前为“%(state)s”，不能%(step)s。")
            % {"state": record.get_state_display(), "step": STEP_NAMES[verb]},
            "wrong_state",
        )
    return target


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise refuse(field, _("请说明理由。"), "required")
    if len(reason) > REASON_MAX:
        raise refuse(field, _("不超过%(n)s个字。") % {"n": REASON_MAX}, "too_long")
    return reason


@action("credit.record.update")
def update_record(
    record: CreditRecord, *, acting_user, expected_version: int | None = None, **values
) -> CreditRecord:
    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.edit", record)
    _step(record, "edit")
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise refuse(sorted(unknown)[0], _("未知的字段。"), "unknown_field")
    current = {f: getattr(record, f) for f in FIELDS if f != "id_number"}
    merged = {**current, **values, "keep_id_number": bool(record.id_number_sealed)}
    if "publication_end" not in values and ({"decision_date", "severity", "ban_end"} & set(values)):
        merged["publication_end"] = None  # worked out again from the new facts
        merged["valid_until"] = values.get("valid_until")
    before = audit.snapshot(record, CreditRecord.AUDITED_FIELDS)
    data, id_number = _clean(merged, case=record.case)
    if id_number:
        data["id_number_sealed"] = sm4_encrypt(id_number)
        data["id_number_tail"] = id_number[-4:]
    data["subject_key"] = name_key(data["subject_name"])
    save_changes(record, **data)
    _settle_online_clock(record)
    before, after = audit.changed(before, audit.snapshot(record, CreditRecord.AUDITED_FIELDS))
    audit.record("credit.record.update", actor=acting_user, obj=record, before=before, after=after)
    return record


def export_row(record: CreditRecord, *, full_id: bool = True) -> dict:
    """The record in the 双公示 layout (RULES.md §7), amounts in 万元."""
    department = record.department
    person = record.subject_category == SubjectCategory.NATURAL_PERSON
    id_number = ""
    if record.id_number_sealed:
        id_number = sm4_decrypt(record.id_number_sealed) if full_id else record.masked_id_number
    return shuanggongshi.make_row(
        name=record.subject_name,
        category=record.subject_category,
        uscc=record.subject_code or None,
        legal_representative=record.legal_representative or None,
        id_type=shuanggongshi.RESIDENT_ID if person and id_number else None,
        id_number=id_number or None,
        document_number=record.decision_number,
        violation_type=record.violation_type,
        facts=record.facts,
        basis=record.basis,
        penalty_category=record.penalty_category,
        content=record.penalty_content,
        fine=shuanggongshi.to_wan(record.fine) if record.fine is not None else None,
        confiscated=(
            shuanggongshi.to_wan(record.confiscated) if record.confiscated is not None else None
        ),
        licence=record.licence or None,
        decided_on=record.decision_date,
        valid_until=record.valid_until,
        published_until=record.publication_end,
        authority=department.name,
        authority_uscc=department.uscc,
        source=department.name,
        source_uscc=department.uscc,
        note=record.remarks or None,
    )


def exportable(user, states, since=None, until=None) -> list[CreditRecord]:
    """The records a 双公示 export of ``user`` holds: DRC's for the jurisdiction, any other
    department's its own, in ``states``, decided between ``since`` and ``until``."""
    from liandong.credit.policy import is_drc

    rows = CreditRecord.objects.visible_to(user).filter(state__in=states)
    if not is_drc(user):
        rows = rows.filter(department_id=user.department_id)
    if since:
        rows = rows.filter(decision_date__gte=since)
    if until:
        rows = rows.filter(decision_date__lte=until)
    return list(rows.select_related("department").order_by("decision_date", "pk"))


def layout_problems(record: CreditRecord) -> list[str]:
    """What the 双公示 layout refuses in the record, in Chinese, naming the column."""
    return [p.message for p in shuanggongshi.validate(export_row(record), timezone.localdate())]


def _drc_people(record: CreditRecord):
    drc = Department.objects.filter(
        jurisdiction_id=record.department.jurisdiction_id,
        kind=DepartmentKind.DRC,
        is_member=True,
        is_active=True,
    ).first()
    return receivers(drc) if drc else []


@action("credit.record.submit")
def submit_record(
    record: CreditRecord, *, acting_user, expected_version: int | None = None
) -> CreditRecord:
    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.edit", record)
    target = _step(record, "submit")
    problems = layout_problems(record)
    if problems:
        raise refuse(
            "record",
            _("记录不符合双公示数据规范，不能报送：%(problems)s")
            % {"problems": "；".join(problems)},
            "layout",
        )
    save_changes(record, state=target, submitted_at=timezone.now())
    audit.record("credit.record.submit", actor=acting_user, obj=record, after={"state": target})
    notify(
        _drc_people(record),
        Note(
            kind="credit.record.submitted",
            title=_("信用记录待审核：%(subject)s（%(dept)s）")
            % {"subject": record.subject_name, "dept": record.department.short_name},
            url=_url(record),
        ),
        dedupe_key=f"credit.submit.{record.pk}.{record.version}",
    )
    return record


@action("credit.record.return")
def return_record(
    record: CreditRecord, *, reason: str, acting_user, expected_version: int | None = None
) -> CreditRecord:
    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.review", record)
    target = _step(record, "return")
    reason = _reason(reason)
    save_changes(record, state=target, review_note=reason)
    audit.record(
        "credit.record.return",
        actor=acting_user,
        obj=record,
        after={"state": target},
        message=reason,
    )
    people = [record.created_by] if record.created_by else receivers(record.department)
    notify(
        people,
        Note(
            kind="credit.record.returned",
            title=_("信用记录被退回修改：%(subject)s") % {"subject": record.subject_name},
            body=reason,
            url=_url(record),
        ),
        dedupe_key=f"credit.return.{record.pk}.{record.version}",
    )
    return record


@action("credit.record.review")
def review_record(
    record: CreditRecord, *, acting_user, note: str = "", expected_version: int | None = None
) -> CreditRecord:
    """DRC has checked the record: it is queued for the credit platform."""
    from liandong.credit import push

    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.review", record)
    target = _step(record, "review")
    problems = layout_problems(record)
    if problems:
        raise refuse("record", "；".join(problems), "layout")
    save_changes(
        record,
        state=target,
        reviewed_by=acting_user,
        reviewed_at=timezone.now(),
        review_note=(note or "").strip()[:REASON_MAX],
    )
    audit.record("credit.record.review", actor=acting_user, obj=record, after={"state": target})
    push.queue(record, PushOperation.PUBLISH)
    return record


def _settle_online_clock(record: CreditRecord) -> None:
    """A penalty that will not be published (轻微失信行为 under the rules from 2026-04-01: normally
    not published) owes nothing online: its 7-workday clock is withdrawn, with the rule."""
    if record.case_id is None:
        return
    shown = periods.publication(
        record.decision_date, record.severity, ban_end=record.ban_end, versions=period_versions()
    )
    if shown.published:
        return
    note = _("轻微失信行为原则上不予公示（%(rule)s），无需上网公示") % {"rule": shown.rule.title}
    for timer in Deadline.objects.for_object(record.case).open().filter(rule__code=ONLINE_RULE):
        deadlines.cancel_deadline(timer, note=note[:200], acting_user=None)


def _meet_online_clock(record: CreditRecord) -> None:
    if record.case_id is None:
        return
    for timer in Deadline.objects.for_object(record.case).open().filter(rule__code=ONLINE_RULE):
        # a system step: the clock is the deciding department's, met by the publication
        deadlines.meet_deadline(timer, acting_user=None, note=_("信用记录已公示"))


@action("credit.record.publish")
def publish_record(
    record: CreditRecord, *, acting_user, note: str = "", expected_version: int | None = None
) -> CreditRecord:
    """The credit platform has the record: by the push's success (the system, ``acting_user``
    None), or confirmed by DRC when it was entered on the platform by hand (the waiting push is
    then closed, never sent)."""
    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.review", record)
    target = _step(record, "publish")
    if acting_user is not None:
        note = _reason(note, "note")
        Push.objects.filter(
            record=record,
            operation=PushOperation.PUBLISH,
            state__in=[PushState.WAITING, PushState.RETRYING, PushState.FAILED],
        ).update(state=PushState.MANUAL, next_attempt_at=None, last_error=note)
    save_changes(record, state=target, published_at=timezone.now())
    audit.record(
        "credit.record.publish",
        actor=acting_user,
        obj=record,
        after={"state": target},
        message=note,
    )
    _meet_online_clock(record)
    notify(
        receivers(record.department),
        Note(
            kind="credit.record.published",
            title=_("信用记录已公示：%(subject)s") % {"subject": record.subject_name},
            url=_url(record),
        ),
        dedupe_key=f"credit.publish.{record.pk}",
    )
    return record


@action("credit.record.withdraw")
def withdraw_record(
    record: CreditRecord, *, reason: str, acting_user, expected_version: int | None = None
) -> CreditRecord:
    """撤销: the decision was revoked or the record was wrong. A record the platform has is
    taken down there too (a withdrawal push)."""
    from liandong.credit import push

    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.withdraw", record)
    was = record.state
    target = _step(record, "withdraw")
    reason = _reason(reason)
    save_changes(record, state=target, ended_at=timezone.now(), end_reason=reason)
    audit.record(
        "credit.record.withdraw",
        actor=acting_user,
        obj=record,
        after={"state": target},
        message=reason,
    )
    sent = Push.objects.filter(record=record, operation=PushOperation.PUBLISH, state=PushState.SENT)
    Push.objects.filter(
        record=record,
        operation=PushOperation.PUBLISH,
        state__in=[PushState.WAITING, PushState.RETRYING, PushState.FAILED],
    ).update(state=PushState.CANCELLED, next_attempt_at=None, last_error=reason)
    if was == RecordState.PUBLISHED or sent.exists():
        push.queue(record, PushOperation.WITHDRAW)
    return record


@action("credit.record.repair")
def repair_record(
    record: CreditRecord, *, reason: str, acting_user, expected_version: int | None = None
) -> CreditRecord:
    """信用修复: publication ends early, once the shortest period has run and any ban is over."""
    from liandong.credit import push

    record = _locked(record, expected_version)
    policy.require_of(acting_user, "credit.record.review", record)
    target = _step(record, "repair")
    today = timezone.localdate()
    if record.earliest_repair is None or today < record.earliest_repair:
        when = (
            record.earliest_repair.isoformat()
            if record.earliest_repair
            else record.publication_end.isoformat()
        )
        raise refuse(
            "state",
            _("%(when)s前不能信用修复：%(why)s") % {"when": when, "why": record.period_explanation},
            "too_early",
        )
    reason = _reason(reason)
    save_changes(record, state=target, ended_at=timezone.now(), end_reason=reason)
    audit.record(
        "credit.record.repair",
        actor=acting_user,
        obj=record,
        after={"state": target},
        message=reason,
    )
    push.queue(record, PushOperation.WITHDRAW)
    return record


def expire_records(today: dt.date | None = None) -> int:
    """Publication stops automatically when its period has run (a periodic job; safe twice)."""
    today = today or timezone.localdate()
    count = 0
    for record in CreditRecord.objects.filter(
        state=RecordState.PUBLISHED, publication_end__lt=today
    ).only("pk"):
        _expire(record, acting_user=None)
        count += 1
    return count


@action("credit.record.expire")
def _expire(record: CreditRecord, *, acting_user=None) -> None:
    record = _locked(record)
    if record.state != RecordState.PUBLISHED:
        return
    save_changes(
        record,
        state=RecordState.EXPIRED,
        ended_at=timezone.now(),
        end_reason=_("公示期满，自动停止公示"),
    )
    audit.record(
        "credit.record.expire", actor=None, obj=record, after={"state": RecordState.EXPIRED}
    )


@action("credit.record.export")
def record_export(records, *, fmt: str, acting_user) -> None:
    """Audit a 双公示 export: the file carries natural persons' full ID numbers."""
    policy.require_of(acting_user, "credit.record.export")
    audit.record(
        "credit.record.export",
        actor=acting_user,
        obj=None,
        after={"format": fmt, "records": [r.pk for r in records]},
        jurisdiction=acting_user.department.jurisdiction.code,
    )


# ---------------------------------------------------------------- the case's clock


def start_online_clock(case: Case, verb: str, acting_user) -> None:
    """A case follow-up: a penalty decision owes its credit record online within 7 workdays."""
    if verb != "decide" or case.decision_kind != DecisionKind.PENALTY or case.decision_date is None:
        return
    start = dt.datetime.combine(
        case.decision_date, dt.time(0), tzinfo=timezone.get_current_timezone()
    )
    deadlines.start_deadline(
        case, rule=ONLINE_RULE, department=case.department, start=start, acting_user=acting_user
    )


# ---------------------------------------------------------------- the period table


@action("credit.periods.add")
def add_period_version(
    *, since: dt.date, title: str, basis: str, terms: dict, acting_user
) -> PeriodVersion:
    """A new version of the publication periods, in force from ``since``. Versions in force
    are never edited: records keep the periods they were given."""
    policy.require_of(acting_user, "credit.periods.manage")
    errors = Errors()
    if since is None:
        errors.add("since", _("请填写施行日期。"), "required")
    elif PeriodVersion.objects.filter(since=since).exists():
        errors.add("since", _("该施行日期已有公示期规则。"), "duplicate")
    title, basis = (title or "").strip(), (basis or "").strip()
    if not title:
        errors.add("title", _("请填写规定名称。"), "required")
    if not basis:
        errors.add("basis", _("请填写依据。"), "required")
    stored = {}
    for severity in periods.Severity:
        got = terms.get(severity.value)
        if got is None:
            errors.add(
                severity.value, _("请填写%(s)s的公示期。") % {"s": severity.label}, "required"
            )
            continue
        low, high, shown = got
        try:
            periods.Term(int(low), int(high), bool(shown))
        except (TypeError, ValueError):
            errors.add(
                severity.value,
                _("%(s)s的最短公示期应为不长于最长公示期的月数。") % {"s": severity.label},
                "invalid",
            )
            continue
        if int(high) > 120:
            errors.add(severity.value, _("公示期不超过120个月。"), "too_long")
        stored[severity.value] = [int(low), int(high), bool(shown)]
    errors.raise_if_any()
    version = PeriodVersion.objects.create(
        since=since, title=title, basis=basis, terms=stored, created_by=acting_user
    )
    audit.record(
        "credit.periods.add",
        actor=acting_user,
        obj=version,
        after={"since": since.isoformat(), "title": title, "terms": stored},
    )
    return version


def terms_shown(version: PeriodVersion) -> list[tuple[str, str]]:
    """A stored version's periods as people read them."""
    shown = []
    for severity in periods.Severity:
        low, high, published = version.terms.get(severity.value, [0, 0, False])
        text = _("%(a)s至%(b)s个月") % {"a": low, "b": high}
        if not published:
            text = _("原则上不公示（确需公示的最长%(b)s个月）") % {"b": high}
        shown.append((severity.label, text))
    return shown


# ---------------------------------------------------------------- purchasers' tokens


@action("credit.clients.create")
def create_client(
    *, kind: str, name: str, uscc: str, per_minute: int = 120, acting_user
) -> tuple[CheckClient, str]:
    """Register a purchaser or agency; the token is shown once and stored only as its digest."""
    policy.require_of(acting_user, "credit.clients.manage")
    errors = Errors()
    if kind not in CheckClient.Kind.values:
        errors.add("kind", _("请选择单位类别。"), "invalid_choice")
    name = (name or "").strip()
    if not name:
        errors.add("name", _("请填写单位名称。"), "required")
    uscc = errors.check("uscc", validate_uscc, (uscc or "").strip().upper())
    jurisdiction = acting_user.department.jurisdiction
    if uscc and CheckClient.objects.filter(jurisdiction=jurisdiction, uscc=uscc).exists():
        errors.add("uscc", _("该单位已登记为查询单位。"), "duplicate")
    if not 1 <= int(per_minute or 0) <= 6000:
        errors.add("per_minute", _("每分钟查询上限应在1至6000之间。"), "invalid")
    errors.raise_if_any()
    token = clients.PREFIX + secrets.token_urlsafe(30)
    client = CheckClient.objects.create(
        jurisdiction=jurisdiction,
        kind=kind,
        name=name[:200],
        uscc=uscc,
        per_minute=int(per_minute),
        token_prefix=token[:10],
        token_digest=sm3_hex(token.encode()),
        created_by=acting_user,
    )
    audit.record(
        "credit.clients.create",
        actor=acting_user,
        obj=client,
        after={"name": client.name, "uscc": uscc, "per_minute": client.per_minute},
    )
    return client, token


@action("credit.clients.revoke")
def revoke_client(client: CheckClient, *, acting_user) -> CheckClient:
    policy.require_of(acting_user, "credit.clients.manage")
    if client.jurisdiction_id != acting_user.department.jurisdiction_id:
        raise refuse("client", _("找不到该查询单位。"), "not_found")
    if not client.is_active:
        raise refuse("client", _("该查询单位的令牌已停用。"), "wrong_state")
    CheckClient.objects.filter(pk=client.pk).update(is_active=False)
    client.is_active = False
    audit.record("credit.clients.revoke", actor=acting_user, obj=client, after={"is_active": False})
    return client
