import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from liandong.cases.models import Case, CasePart
from liandong.consultations import actions
from liandong.consultations.models import Consultation, State, Topic
from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.deadlines.models import Deadline
from liandong.organizations.models import Department, User

router = Router(tags=["案件咨询"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class MessageOut(Schema):
    kind: str
    department: str
    author: str
    text: str
    created_at: dt.datetime


class ConsultationRow(Schema):
    id: int
    subject: str
    topic: str
    urgent: bool
    state: str
    asking_department_id: int
    department_id: int
    case_id: int | None
    assignee_id: int | None
    version: int
    created_at: dt.datetime
    answered_at: dt.datetime | None
    closed_at: dt.datetime | None


class ConsultationOut(ConsultationRow):
    shared_part: str
    due_at: dt.datetime | None
    messages: list[MessageOut]


def _out(c: Consultation) -> dict:
    timer = Deadline.objects.for_object(c).open().order_by("-started_at").first()
    return {
        **{f: getattr(c, f) for f in ConsultationRow.model_fields},
        "shared_part": c.shared_part,
        "due_at": timer.due_at if timer else None,
        "messages": [
            {
                "kind": m.kind,
                "department": m.department.name,
                "author": m.author.full_name,
                "text": m.text,
                "created_at": m.created_at,
            }
            for m in c.messages.select_related("department", "author")
        ],
    }


class AskIn(Strict):
    department_id: int
    topic: Topic
    subject: str = Field(..., max_length=200)
    question: str
    urgent: bool = False
    case_id: int | None = None
    shared_part: CasePart | None = None


class AssignIn(Strict):
    assignee_id: int
    version: int


class ConsultationTextIn(Strict):
    text: str
    version: int


class ConsultationCloseIn(Strict):
    note: str = ""
    version: int


@router.get("/consultations", response=list[ConsultationRow], summary="本单位提出和收到的咨询")
@paginate(LimitOffsetPagination)
def list_consultations(request, state: State | None = None):
    rows = Consultation.objects.visible_to(request.user)
    return rows.filter(state=state) if state else rows


@router.post("/consultations", response={201: ConsultationOut}, summary="提出咨询")
def ask(request, payload: AskIn):
    policy.require(request.user, "consultations.consultation.ask")  # before looking anything up
    department = get_object_or_404(
        Department.objects.visible_to(request.user), pk=payload.department_id
    )
    case = (
        get_object_or_404(Case.objects.visible_to(request.user), pk=payload.case_id)
        if payload.case_id
        else None
    )
    consultation = actions.ask(
        department=department,
        topic=payload.topic,
        subject=payload.subject,
        question=payload.question,
        urgent=payload.urgent,
        case=case,
        shared_part=payload.shared_part or "",
        acting_user=request.user,
    )
    return Status(201, _out(consultation))


def _visible(request, consultation_id: int) -> Consultation:
    return get_object_or_404(Consultation.objects.visible_to(request.user), pk=consultation_id)


@router.get("/consultations/{consultation_id}", response=ConsultationOut, summary="咨询详情")
def get_consultation(request, consultation_id: int):
    return _out(_visible(request, consultation_id))


@router.post("/consultations/{consultation_id}/assign", response=ConsultationOut, summary="分派")
def assign(request, consultation_id: int, payload: AssignIn):
    consultation = _visible(request, consultation_id)
    assignee = User.objects.filter(pk=payload.assignee_id).first()
    return _out(
        actions.assign(
            consultation,
            assignee=assignee,
            expected_version=payload.version,
            acting_user=request.user,
        )
    )


@router.post("/consultations/{consultation_id}/answer", response=ConsultationOut, summary="答复")
def answer(request, consultation_id: int, payload: ConsultationTextIn):
    consultation = _visible(request, consultation_id)
    return _out(
        actions.answer(
            consultation,
            text=payload.text,
            expected_version=payload.version,
            acting_user=request.user,
        )
    )


@router.post("/consultations/{consultation_id}/follow-up", response=ConsultationOut, summary="追问")
def follow_up(request, consultation_id: int, payload: ConsultationTextIn):
    consultation = _visible(request, consultation_id)
    return _out(
        actions.follow_up(
            consultation,
            text=payload.text,
            expected_version=payload.version,
            acting_user=request.user,
        )
    )


@router.post("/consultations/{consultation_id}/close", response=ConsultationOut, summary="办结")
def close(request, consultation_id: int, payload: ConsultationCloseIn):
    consultation = _visible(request, consultation_id)
    return _out(
        actions.close(
            consultation,
            note=payload.note,
            expected_version=payload.version,
            acting_user=request.user,
        )
    )
