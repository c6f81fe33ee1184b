import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from liandong.audit import log as audit
from liandong.cases import actions, advice, hearing, penalties
from liandong.cases.models import Case, CasePart, CaseSource, CaseState, ServiceMethod
from liandong.cases.queries import listed_cases, parts_for
from liandong.core.pagination import LimitOffsetPagination

router = Router(tags=["案件"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class CaseRow(Schema):
    id: int
    number: str
    title: str
    source: str
    state: str
    department_id: int
    created_at: dt.datetime


class PartyOut(Schema):
    role: str
    name: str
    uscc: str
    id_number: str


class FactsOut(Schema):
    act_date: dt.date | None
    direct_loss: Decimal | None
    illegal_gains: Decimal | None
    winning_amount: Decimal | None
    coercion_or_bribery: bool
    prior_collusion_penalties: list[dt.date]
    counterfeit_sales: Decimal | None
    counterfeit_unsold: Decimal | None
    fraud_amount: Decimal | None
    false_ad_gains: Decimal | None
    false_ad_food_drug: bool
    prior_false_ad_penalties: list[dt.date]
    private_bribe: Decimal | None
    private_bribe_by_unit: bool
    official_bribe: Decimal | None
    official_bribe_aggravating: bool


class CaseOut(CaseRow):
    version: int
    parts: list[str]
    confidential: bool
    # The 案件概况 part: null for a department that was not given it.
    summary: str | None
    violation_types: list[str] | None
    project_number: str | None
    project_name: str | None
    purchaser: str | None
    agency: str | None
    procurement_method: str | None
    budget: Decimal | None
    winning_amount: Decimal | None
    announced_on: dt.date | None
    awarded_on: dt.date | None
    facts: FactsOut | None
    limitation: str | None = Field(
        ...,
        description="行政处罚法第三十六条：违法行为二年内未被发现的提示（空：未超过或未填）",
    )
    decision_kind: str
    decision_number: str
    decision_date: dt.date | None
    hearing_notified_on: dt.date | None
    hearing_requested: bool | None
    hearing_on: dt.date | None
    served_on: dt.date | None
    service_method: str
    filed_at: dt.datetime | None
    officers: list[int]
    parties: list[PartyOut] | None


# Amounts and dates are checked by the actions, so the page and the API name a bad value alike.
class CaseIn(Strict):
    title: str = Field(..., max_length=200)
    source: CaseSource
    summary: str = ""
    project_number: str = Field("", max_length=60)
    project_name: str = Field("", max_length=200)
    purchaser: str = Field("", max_length=200)
    agency: str = Field("", max_length=200)
    procurement_method: str = Field("", description="ProcurementMethod 的取值，空为未填")
    budget: Decimal | None = None
    winning_amount: Decimal | None = None
    announced_on: dt.date | None = None
    awarded_on: dt.date | None = None


class CasePatch(Strict):
    """Only the fields sent change; null clears an amount or a date."""

    version: int = Field(..., description="读取案件时得到的 version；他人已修改时拒绝（stale）")
    title: str = Field(None, min_length=1, max_length=200)
    source: CaseSource = None
    summary: str = None
    confidential: bool = None
    violation_types: list[str] = Field(None, description="违法行为类型编号（ViolationType.code）")
    project_number: str = Field(None, max_length=60)
    project_name: str = Field(None, max_length=200)
    purchaser: str = Field(None, max_length=200)
    agency: str = Field(None, max_length=200)
    procurement_method: str = None
    budget: Decimal | None = None
    winning_amount: Decimal | None = None
    announced_on: dt.date | None = None
    awarded_on: dt.date | None = None


class FactsPatch(Strict):
    """The facts the transfer advisor reads; only the fields sent change."""

    version: int = Field(..., description="读取案件时得到的 version；他人已修改时拒绝（stale）")
    act_date: dt.date | None = Field(None, description="违法行为发生（终了）日期")
    direct_loss: Decimal | None = None
    illegal_gains: Decimal | None = None
    winning_amount: Decimal | None = None
    coercion_or_bribery: bool = None
    prior_collusion_penalties: list[dt.date] = None
    counterfeit_sales: Decimal | None = None
    counterfeit_unsold: Decimal | None = None
    fraud_amount: Decimal | None = None
    false_ad_gains: Decimal | None = None
    false_ad_food_drug: bool = None
    prior_false_ad_penalties: list[dt.date] = None
    private_bribe: Decimal | None = None
    private_bribe_by_unit: bool = None
    official_bribe: Decimal | None = None
    official_bribe_aggravating: bool = None


class PenaltyOut(Schema):
    rule: str
    basis: str
    violations: list[str]
    base: str
    amount_source: str = Field(..., description="winning_amount、budget，或空（尚无金额）")
    amount: Decimal | None
    fine_min: Decimal | None
    fine_max: Decimal | None
    individual_min: Decimal | None
    individual_max: Decimal | None
    ban: str
    ban_years: list[int] | None
    ban_when_serious: bool
    other: str = Field(..., description="其他处理：警告、列入不良行为记录名单、中标成交无效等")
    confiscate: Decimal | None


class PenaltiesOut(Schema):
    case_id: int
    version: int
    guidance: list[PenaltyOut]
    note: str


class ServiceIn(Strict):
    version: int | None = None
    served_on: dt.date
    method: ServiceMethod


class HearingIn(Strict):
    version: int | None = None
    step: str = Field(
        ..., description="notify（告知听证权利）、request（当事人答复）、schedule（听证时间地点）"
    )
    requested: bool | None = None
    held_on: dt.date | None = None
    place: str = ""


class MoveIn(Strict):
    verb: str
    version: int | None = None
    decision_kind: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    reason: str = ""


SUMMARY_FIELDS = (
    "summary",
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


def _facts(case: Case) -> dict:
    return {name: getattr(case, name) for name in actions.FACT_FIELDS}


def _out(case: Case, user) -> dict:
    parts = parts_for(user, case)
    summary = CasePart.SUMMARY in parts
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title,
        "source": case.source,
        "state": case.state,
        "department_id": case.department_id,
        "created_at": case.created_at,
        "version": case.version,
        "parts": sorted(parts),
        "confidential": case.confidential,
        **{name: getattr(case, name) if summary else None for name in SUMMARY_FIELDS},
        "violation_types": sorted(case.violation_types.values_list("code", flat=True))
        if summary
        else None,
        "facts": _facts(case) if summary else None,
        "limitation": advice.limitation(case) if summary else None,
        "decision_kind": case.decision_kind,
        "decision_number": case.decision_number,
        "decision_date": case.decision_date,
        "hearing_notified_on": case.hearing_notified_on,
        "hearing_requested": case.hearing_requested,
        "hearing_on": case.hearing_on,
        "served_on": case.served_on,
        "service_method": case.service_method,
        "filed_at": case.filed_at,
        "officers": [o.pk for o in case.officers.all()],
        "parties": [
            {
                "role": p.role,
                "name": p.name,
                "uscc": p.uscc,
                "id_number": actions.id_number_for(p, user),
            }
            for p in case.parties.all()
        ]
        if CasePart.PARTIES in parts
        else None,
    }


@router.get("/cases", response=list[CaseRow], summary="案件列表（本单位及共享给本单位的）")
@paginate(LimitOffsetPagination)
def list_cases(request, state: CaseState | None = None, q: str = ""):
    return listed_cases(request.user, q=q, state=state or "")


@router.get("/cases/{int:case_id}", response=CaseOut, summary="案件详情（按共享范围）")
def get_case(request, case_id: int):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    if case.department_id != request.user.department_id:
        with transaction.atomic():
            audit.record("cases.case.view", actor=request.user, obj=case)
    return _out(case, request.user)


@router.post("/cases", response={201: CaseOut}, summary="登记案件线索")
def create_case(request, payload: CaseIn):
    data = payload.dict()
    case = actions.register_case(
        request.user.department,
        title=data.pop("title"),
        source=data.pop("source"),
        summary=data.pop("summary"),
        acting_user=request.user,
        **data,
    )
    return Status(201, _out(case, request.user))


@router.post("/cases/{int:case_id}/transitions", response=CaseOut, summary="案件流转")
def move(request, case_id: int, payload: MoveIn):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    data = payload.dict()
    case = actions.move_case(
        case,
        data.pop("verb"),
        acting_user=request.user,
        expected_version=data.pop("version"),
        **data,
    )
    return _out(case, request.user)


@router.post(
    "/cases/{int:case_id}/service",
    response=CaseOut,
    summary="登记处罚决定书送达（行政处罚法第六十一条）",
)
def serve(request, case_id: int, payload: ServiceIn):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    case = actions.serve_decision(
        case,
        served_on=payload.served_on,
        method=payload.method,
        acting_user=request.user,
        expected_version=payload.version,
    )
    return _out(case, request.user)


@router.post(
    "/cases/{int:case_id}/hearing",
    response=CaseOut,
    summary="听证：告知、当事人答复、通知时间地点（行政处罚法第六十四条）",
)
def hearing_step(request, case_id: int, payload: HearingIn):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    kw = {"acting_user": request.user, "expected_version": payload.version}
    if payload.step == "notify":
        case = hearing.notify_right(case, **kw)
    elif payload.step == "request":
        case = hearing.record_request(case, requested=bool(payload.requested), **kw)
    elif payload.step == "schedule":
        case = hearing.schedule(case, held_on=payload.held_on, place=payload.place, **kw)
    else:
        raise ValidationError({"step": _("未知的听证步骤：%(step)s") % {"step": payload.step}})
    return _out(case, request.user)


@router.patch("/cases/{int:case_id}", response=CaseOut, summary="修改案件信息（带 version）")
def update_case(request, case_id: int, payload: CasePatch):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    case = actions.update_case(case, acting_user=request.user, expected_version=version, **changes)
    return _out(case, request.user)


@router.patch("/cases/{int:case_id}/facts", response=CaseOut, summary="填写案件事实（带 version）")
def update_facts(request, case_id: int, payload: FactsPatch):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    facts = payload.dict(exclude_unset=True)
    version = facts.pop("version")
    case = actions.update_facts(case, acting_user=request.user, expected_version=version, **facts)
    return _out(case, request.user)


@router.get(
    "/cases/{int:case_id}/penalty",
    response=PenaltiesOut,
    summary="处罚测算（依违法行为类型和金额，供参考）",
)
def penalty(request, case_id: int):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    if CasePart.SUMMARY not in parts_for(request.user, case):
        raise PermissionDenied(_("本单位未获共享案件概况。"))
    if case.department_id != request.user.department_id:
        with transaction.atomic():
            audit.record("cases.case.view", actor=request.user, obj=case, after={"view": "penalty"})
    found = penalties.guidance(
        case.violation_types.all(), case.winning_amount, case.budget, case.illegal_gains
    )
    return {
        "case_id": case.pk,
        "version": case.version,
        "guidance": [
            {
                "rule": g.rule.code,
                "basis": g.rule.basis,
                "violations": list(g.violations),
                "base": g.rule.base,
                "amount_source": g.amount_source,
                "amount": g.result.amount if g.result else None,
                "fine_min": g.result.fine_min if g.result else None,
                "fine_max": g.result.fine_max if g.result else None,
                "individual_min": g.result.individual_min if g.result else None,
                "individual_max": g.result.individual_max if g.result else None,
                "ban": g.rule.ban,
                "ban_years": list(g.rule.ban_years) if g.rule.ban_years else None,
                "ban_when_serious": g.rule.ban_when_serious,
                "other": g.rule.other,
                "confiscate": g.confiscate,
            }
            for g in found
        ],
        "note": _("测算结果仅是依据法定幅度的提示，不是结论；具体处罚由本单位依法裁量决定。"),
    }
