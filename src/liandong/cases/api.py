import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import ConfigDict

from liandong.audit import log as audit
from liandong.cases import actions
from liandong.cases.models import Case, CasePart, CaseSource, CaseState
from liandong.cases.queries import parts_for, search

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


class CaseOut(CaseRow):
    parts: list[str]
    summary: str | None
    project_name: str | None
    winning_amount: Decimal | None
    decision_kind: str
    decision_number: str
    filed_at: dt.datetime | None
    officers: list[int]
    parties: list[PartyOut] | None


class CaseIn(Strict):
    title: str = Field(..., max_length=200)
    source: CaseSource
    summary: str = ""
    project_number: str = Field("", max_length=60)
    project_name: str = Field("", max_length=200)
    purchaser: str = Field("", max_length=200)
    agency: str = Field("", max_length=200)
    budget: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    winning_amount: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)


class MoveIn(Strict):
    verb: str
    version: int | None = None
    decision_kind: str = ""
    decision_number: str = ""
    decision_date: dt.date | None = None
    reason: str = ""


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
        "parts": sorted(parts),
        "summary": case.summary if summary else None,
        "project_name": case.project_name if summary else None,
        "winning_amount": case.winning_amount if summary else None,
        "decision_kind": case.decision_kind,
        "decision_number": case.decision_number,
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
    cases = search(Case.objects.visible_to(request.user), q)
    if state:
        cases = cases.filter(state=state)
    return cases.order_by("-created_at", "-pk")


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
