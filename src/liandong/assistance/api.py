import datetime as dt
import uuid

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime, ConfigDict

from liandong.assistance import actions
from liandong.assistance.models import AssistanceRequest, Kind, State
from liandong.cases.models import Case, CasePart
from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.deadlines.models import Deadline
from liandong.evidence.models import EvidenceKind
from liandong.organizations.models import Department, User

router = Router(tags=["调查取证协作"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ResultOut(Schema):
    evidence_id: int
    label: str
    title: str
    kind: str
    collectors: str
    provided_by: str
    filename: str
    sm3: str | None
    attached_by: str
    attached_at: dt.datetime


class RequestRow(Schema):
    id: int
    subject: str
    kind: str
    state: str
    case_id: int
    requesting_department_id: int
    helping_department_id: int
    assignee_id: int | None
    due_on: dt.date
    version: int
    created_at: dt.datetime
    answered_at: dt.datetime | None
    completed_at: dt.datetime | None
    closed_at: dt.datetime | None


class RequestOut(RequestRow):
    details: str
    shared_part: str
    decline_reason: str
    summary: str
    withdraw_reason: str
    due_at: dt.datetime | None
    results: list[ResultOut]


def _out(a: AssistanceRequest) -> dict:
    timer = Deadline.objects.for_object(a).order_by("-started_at").first()
    results = a.results.select_related("item__blob", "item__provided_by", "attached_by")
    return {
        **{f: getattr(a, f) for f in RequestRow.model_fields},
        **{
            f: getattr(a, f)
            for f in ("details", "shared_part", "decline_reason", "summary", "withdraw_reason")
        },
        "due_at": timer.due_at if timer else None,
        "results": [
            {
                "evidence_id": r.item_id,
                "label": str(r.item.label),
                "title": r.item.title,
                "kind": r.item.kind,
                "collectors": r.item.collectors,
                "provided_by": r.item.provided_by.name,
                "filename": r.item.filename,
                "sm3": r.item.blob.sm3 if r.item.blob else None,
                "attached_by": r.attached_by.full_name,
                "attached_at": r.attached_at,
            }
            for r in results
        ],
    }


class AssistanceCreateIn(Strict):
    case_id: int
    department_id: int
    kind: Kind
    subject: str = Field(..., max_length=200)
    details: str
    due_on: dt.date | None = Field(None, description="要求完成日期，最早为明天；不填按规则默认期限")
    shared_part: CasePart | None = CasePart.SUMMARY


class AcceptIn(Strict):
    assignee_id: int | None = None
    version: int


class AssistanceAssignIn(Strict):
    assignee_id: int
    version: int


class AssistanceReasonIn(Strict):
    reason: str
    version: int


class ResultIn(Strict):
    upload_id: uuid.UUID | None = Field(None, description="已完成（seal）的上传；物证可不附文件")
    title: str = Field(..., max_length=200)
    kind: EvidenceKind
    collectors: str = Field(..., max_length=200)
    collected_at: AwareDatetime
    place: str = Field(..., max_length=200)
    source: str = Field(..., max_length=200)
    description: str = ""
    version: int | None = None


class CompleteIn(Strict):
    summary: str
    version: int


class AssistanceCloseIn(Strict):
    note: str = ""
    version: int


@router.get("/assistance", response=list[RequestRow], summary="本单位请求的和请本单位协查的")
@paginate(LimitOffsetPagination)
def list_requests(request, state: State | None = None):
    rows = AssistanceRequest.objects.visible_to(request.user)
    return rows.filter(state=state) if state else rows


@router.post("/assistance", response={201: RequestOut}, summary="请求协查")
def create(request, payload: AssistanceCreateIn):
    policy.require(request.user, "assistance.request.create")  # before looking anything up
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=payload.case_id)
    department = get_object_or_404(
        Department.objects.visible_to(request.user), pk=payload.department_id
    )
    made = actions.create(
        case=case,
        department=department,
        kind=payload.kind,
        subject=payload.subject,
        details=payload.details,
        due_on=payload.due_on,
        shared_part=payload.shared_part or "",
        acting_user=request.user,
    )
    return Status(201, _out(made))


def _visible(request, request_id: int) -> AssistanceRequest:
    return get_object_or_404(AssistanceRequest.objects.visible_to(request.user), pk=request_id)


def _person(pk: int | None):
    return User.objects.filter(pk=pk).first() if pk is not None else None


@router.get("/assistance/{request_id}", response=RequestOut, summary="协查请求详情")
def get_request(request, request_id: int):
    return _out(_visible(request, request_id))


@router.post("/assistance/{request_id}/accept", response=RequestOut, summary="受理")
def accept(request, request_id: int, payload: AcceptIn):
    return _out(
        actions.accept(
            _visible(request, request_id),
            assignee=_person(payload.assignee_id),
            expected_version=payload.version,
            acting_user=request.user,
        )
    )


@router.post("/assistance/{request_id}/decline", response=RequestOut, summary="不予协助")
def decline(request, request_id: int, payload: AssistanceReasonIn):
    return _out(
        actions.decline(
            _visible(request, request_id),
            reason=payload.reason,
            expected_version=payload.version,
            acting_user=request.user,
        )
    )


@router.post("/assistance/{request_id}/assign", response=RequestOut, summary="分派承办人")
def assign(request, request_id: int, payload: AssistanceAssignIn):
    return _out(
        actions.assign(
            _visible(request, request_id),
            assignee=_person(payload.assignee_id),
            expected_version=payload.version,
            acting_user=request.user,
        )
    )


@router.post(
    "/assistance/{request_id}/results",
    response={201: RequestOut},
    summary="提交协查结果（登记为案件证据；文件先经 /evidence/uploads 上传）",
)
def attach_result(request, request_id: int, payload: ResultIn):
    assistance = _visible(request, request_id)
    data = payload.dict()
    result = actions.attach_result(
        assistance,
        upload_id=data.pop("upload_id"),
        expected_version=data.pop("version"),
        acting_user=request.user,
        **data,
    )
    return Status(201, _out(result.request))


@router.post("/assistance/{request_id}/complete", response=RequestOut, summary="完成协查")
def complete(request, request_id: int, payload: CompleteIn):
    return _out(
        actions.complete(
            _visible(request, request_id),
            summary=payload.summary,
            expected_version=payload.version,
            acting_user=request.user,
        )
    )


@router.post("/assistance/{request_id}/close", response=RequestOut, summary="确认办结")
def close(request, request_id: int, payload: AssistanceCloseIn):
    return _out(
        actions.close(
            _visible(request, request_id),
            note=payload.note,
            expected_version=payload.version,
            acting_user=request.user,
        )
    )


@router.post("/assistance/{request_id}/withdraw", response=RequestOut, summary="撤回协查请求")
def withdraw(request, request_id: int, payload: AssistanceReasonIn):
    return _out(
        actions.withdraw(
            _visible(request, request_id),
            reason=payload.reason,
            expected_version=payload.version,
            acting_user=request.user,
        )
    )
