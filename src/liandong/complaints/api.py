"""The complaints API: the finance department's complaints and each step of their handling."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime, ConfigDict

from liandong.complaints import actions
from liandong.complaints.models import Complaint, Outcome, State
from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.deadlines.models import Deadline
from liandong.documents.models import IssuedDocument

router = Router(tags=["投诉处理"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class ComplaintRow(Schema):
    id: int
    complainant: str
    respondent: str
    project: str
    state: str
    received_at: dt.datetime
    late: bool = Field(..., description="收到时已超过质疑答复期满后15个工作日（94号令第十七条）")
    version: int


class ComplaintTimerOut(Schema):
    rule: str
    name: str
    started_at: dt.datetime
    due_at: dt.datetime | None
    state: str
    met_at: dt.datetime | None
    basis: str


class ComplaintDocumentOut(Schema):
    id: int
    kind: str
    number: str
    title: str


class ComplaintOut(ComplaintRow):
    complainant_contact: str
    matters: str
    grounds: str
    answer_due_on: dt.date
    amendment_needed: str
    amendment_due_on: dt.date | None
    refusal_reason: str
    redirected_to: str
    accepted_at: dt.datetime | None
    copies_to: str
    copies_sent_at: dt.datetime | None
    reply: str
    replied_at: dt.datetime | None
    suspended_at: dt.datetime | None
    resumed_at: dt.datetime | None
    outcome: str
    decision: str
    decided_at: dt.datetime | None
    withdraw_reason: str
    timers: list[ComplaintTimerOut]
    documents: list[ComplaintDocumentOut]


class ComplaintIn(Strict):
    complainant: str = Field(..., max_length=200)
    complainant_contact: str = Field(..., max_length=200)
    respondent: str = Field(..., max_length=200)
    project: str = Field(..., max_length=200)
    matters: str
    grounds: str
    answer_due_on: dt.date
    received_at: AwareDatetime | None = None


class ComplaintStepIn(Strict):
    """Every step takes the complaint's ``version``; each also the fields it names in
    ``FIELDS`` (others are refused)."""

    version: int | None = None
    needed: str | None = None
    due_on: dt.date | None = None
    reason: str | None = None
    to: str | None = None
    reply: str | None = None
    outcome: Outcome | None = None
    decision: str | None = None


RUN = {
    "request_amendment": (actions.request_amendment, ("needed", "due_on")),
    "record_amendment": (actions.record_amendment, ()),
    "refuse": (actions.refuse_complaint, ("reason",)),
    "redirect": (actions.redirect, ("to", "reason")),
    "accept": (actions.accept, ()),
    "send_copies": (actions.send_copies, ("to",)),
    "record_reply": (actions.record_reply, ("reply",)),
    "suspend": (actions.suspend, ()),
    "resume": (actions.resume, ()),
    "pause": (actions.pause, ("reason",)),
    "unpause": (actions.unpause, ()),
    "decide": (actions.decide, ("outcome", "decision")),
    "withdraw": (actions.withdraw, ("reason",)),
}


def _out(complaint: Complaint, user) -> dict:
    complaint.refresh_from_db()
    return {
        **{f: getattr(complaint, f) for f in ComplaintOut.model_fields if hasattr(complaint, f)},
        "timers": [
            {
                "rule": t.rule.code,
                "name": t.name,
                "started_at": t.started_at,
                "due_at": t.due_at,
                "state": t.state,
                "met_at": t.met_at,
                "basis": t.basis,
            }
            for t in Deadline.objects.for_object(complaint).select_related("rule").order_by("pk")
        ],
        "documents": list(
            IssuedDocument.objects.visible_to(user)
            .about(complaint)
            .values("id", "kind", "number", "title")
        ),
    }


@router.get("/complaints", response=list[ComplaintRow], summary="本单位的投诉")
@paginate(LimitOffsetPagination)
def list_complaints(request, state: State | None = None):
    policy.require(request.user, "complaints.complaint.list")
    rows = Complaint.objects.visible_to(request.user)
    return rows.filter(state=state) if state else rows


@router.post("/complaints", response={201: ComplaintOut}, summary="登记收到的投诉")
def receive(request, payload: ComplaintIn):
    made = actions.receive(request.user.department, acting_user=request.user, **payload.dict())
    return Status(201, _out(made, request.user))


def _visible(request, complaint_id: int) -> Complaint:
    return get_object_or_404(Complaint.objects.visible_to(request.user), pk=complaint_id)


@router.get("/complaints/{complaint_id}", response=ComplaintOut, summary="投诉详情")
def get_complaint(request, complaint_id: int):
    return _out(_visible(request, complaint_id), request.user)


@router.post(
    "/complaints/{complaint_id}/{step}",
    response=ComplaintOut,
    summary="办理一步：request_amendment、record_amendment、refuse、redirect、accept、"
    "send_copies、record_reply、suspend、resume、pause（reason：inspection、testing、appraisal、"
    "expert_review）、unpause、decide、withdraw",
)
def step(request, complaint_id: int, step: str, payload: ComplaintStepIn):
    if step not in RUN:
        raise ValidationError(
            {"step": ValidationError(_("未知的步骤：%(step)s") % {"step": step}, code="unknown")}
        )
    complaint = _visible(request, complaint_id)
    run, fields = RUN[step]
    given = payload.dict(exclude_unset=True)
    version = given.pop("version", None)
    extra = sorted(set(given) - set(fields))
    if extra:
        raise ValidationError(
            {
                extra[0]: ValidationError(
                    _("步骤 %(step)s 不接受字段：%(fields)s")
                    % {"step": step, "fields": "、".join(extra)},
                    code="extra_forbidden",
                )
            }
        )
    arguments = {f: given.get(f) if f == "due_on" else given.get(f) or "" for f in fields}
    run(complaint, expected_version=version, acting_user=request.user, **arguments)
    return _out(complaint, request.user)
