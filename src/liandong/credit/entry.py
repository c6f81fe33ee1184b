"""What a person enters for a credit record: the fields, what is prefilled from the case's
penalty decision, and the checks that turn the entry into the record's data — amounts, dates,
the ban (1–3 years), the publication period of the rules in force on the decision date
(``period_table``), the 失信程度 when not chosen and the 严重违法失信 listing (``listing``)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liandong.cases.models import Case, CaseState, DecisionKind, PartyRole
from liandong.core import policy
from liandong.core.validation import Errors, refuse
from liandong.credit import listing, period_table, periods, shuanggongshi
from liandong.credit.models import (
    RecordKind,
    SeverityChoice,
    SubjectCategory,
)
from liandong.organizations.models import Department
from liandong.organizations.validators import validate_id_number, validate_name, validate_uscc

BAN_MIN_MONTHS, BAN_MAX_MONTHS = 12, 36  # 政府采购法 第七十七条：一至三年

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
NAMES = ("subject_name", "legal_representative")  # a name is a name, never a formula
REQUIRED_TEXT = {
    "subject_name": gettext_lazy("请填写行政相对人名称。"),
    "decision_number": gettext_lazy("请填写行政处罚决定书文号。"),
    "violation_type": gettext_lazy("请填写违法行为类型。"),
    "facts": gettext_lazy("请填写违法事实。"),
    "basis": gettext_lazy("请填写处罚依据。"),
    "penalty_category": gettext_lazy("请填写处罚类别。"),
    "penalty_content": gettext_lazy("请填写处罚内容。"),
}


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


def _implausible(amount: Decimal) -> str:
    shown = f"{amount:,.2f}" if amount < Decimal(10) ** 15 else f"{amount:.3E}"
    return _(
        "金额%(amount)s元超出合理范围（不超过%(max)s万元）：请核对是否把万元当作元，或多填了位数。"
    ) % {"amount": shown, "max": shuanggongshi.PLAUSIBLE_MAX_WAN}


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
    if amount > shuanggongshi.PLAUSIBLE_MAX_WAN * 10_000:
        errors.add(field, _implausible(amount), "implausible")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        errors.add(field, _("金额最多保留两位小数（精确到分）。"), "precision")
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


def clean(values: dict, *, case: Case | None) -> tuple[dict, str]:
    """Check what a person entered; return the model's values and the ID number (plain)."""
    errors = Errors()
    data = {}
    for field, limit in TEXT_LIMITS.items():
        text = str(values.get(field) or "").strip()
        if field in REQUIRED_TEXT and not text:
            errors.add(field, str(REQUIRED_TEXT[field]), "required")
        elif len(text) > limit:
            errors.add(field, _("不超过%(n)s个字。") % {"n": limit}, "too_long")
        elif field in NAMES and text:
            errors.check(field, validate_name, text)
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
    if "罚款" in data["penalty_category"] and data["fine"] == 0:
        errors.add("fine", _("处罚类别为罚款的，罚款金额应大于0元。"), "zero_fine")
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
            decided,
            data["severity"],
            ban_end=data["ban_end"],
            versions=period_table.rules(),
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


def case_for(case_id, user) -> Case | None:
    if not case_id:
        return None
    case = Case.objects.select_related("department").filter(pk=case_id).first()
    if case is None or (user is not None and not policy.can(user, "cases.case.view", case)):
        raise refuse("case", _("找不到该案件。"), "not_found")
    return case


def check_case(case: Case, department: Department) -> None:
    if case.department_id != department.pk:
        raise refuse("case", _("只能为本单位办理的案件录入信用记录。"), "other_department")
    if case.decision_kind != DecisionKind.PENALTY or case.state not in (
        CaseState.DECIDED,
        CaseState.EXECUTION,
        CaseState.CLOSED,
        CaseState.ARCHIVED,
    ):
        raise refuse("case", _("该案件尚未作出行政处罚决定，不能录入信用记录。"), "no_penalty")
