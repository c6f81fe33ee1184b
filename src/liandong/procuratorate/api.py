"""The procuratorate's API: the criminal transfers copied to it, its 立案监督 suggestions and
their answers, and its figures. A person of the procuratorate may call nothing else (the API's
authentication refuses it); a person of a member department finds nothing here."""

import datetime as dt

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.deadlines.models import Deadline
from liandong.documents.models import IssuedDocument
from liandong.procuratorate import figures
from liandong.transfers import supervision as supervising
from liandong.transfers.api import SupervisionOut, TimerOut, TransferDocumentOut
from liandong.transfers.models import State, Supervision, SupervisionStage, Transfer

router = Router(tags=["检察机关"])


class CopiedRow(Schema):
    id: int
    subject: str
    offence: str
    state: str
    from_department_id: int
    to_department_id: int
    sent_at: dt.datetime
    overdue: bool = Field(..., description="本移送有已过期限仍未办结的环节")


class CopiedOut(CopiedRow):
    facts: str
    case_number: str | None
    received_at: dt.datetime | None
    filing_decided_at: dt.datetime | None
    police_number: str
    non_filing_reason: str
    reconsideration_upheld: bool | None
    reconsideration_note: str
    supervision_note: str
    timers: list[TimerOut]
    documents: list[TransferDocumentOut]
    supervision: SupervisionOut | None


class SupervisionRow(SupervisionOut):
    transfer_id: int
    subject: str
    from_department_id: int
    to_department_id: int


class SupervisionAnswerIn(Schema):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(..., description="要求说明的事项、通知立案或不予监督的依据和理由")
    number: str = Field("", max_length=60, description="本院法律文书的文号")
    version: int | None = None


class ProcuratorateFiguresOut(Schema):
    year: int
    copied: int
    copied_filed: int
    requests: int
    late_requests: int
    pending: int
    reasons_requested: int
    notified_filing: int
    declined: int
    filed_under_supervision: int
    average_days: float | None = Field(
        ..., description="自收到建议至通知立案或答复不予监督的平均日数"
    )
    longest_days: float | None
    clocks_late: int
    clocks_overdue_now: int


def _mine(request):
    if not request.user.is_external:
        raise Http404
    return request.user


def _copied(request, transfer_id: int) -> Transfer:
    user = _mine(request)
    transfer = get_object_or_404(Transfer.objects.visible_to(user), pk=transfer_id)
    policy.require(user, "transfers.copy.view", transfer)
    return transfer


def _row(transfer: Transfer) -> dict:
    return {f: getattr(transfer, f) for f in CopiedRow.model_fields}


def _detail(transfer: Transfer, user) -> dict:
    transfer.refresh_from_db()
    transfer.overdue = Transfer.objects.filter(pk=transfer.pk).with_overdue()[0].overdue
    found = Supervision.objects.filter(transfer=transfer, procuratorate_id=user.department_id)
    return {
        **_row(transfer),
        **{
            f: getattr(transfer, f)
            for f in (
                "facts",
                "received_at",
                "filing_decided_at",
                "police_number",
                "non_filing_reason",
                "reconsideration_upheld",
                "reconsideration_note",
                "supervision_note",
            )
        },
        "case_number": transfer.case.number if transfer.case_id else None,
        "timers": [
            {
                "rule": t.rule.code,
                "name": t.name,
                "department_id": t.department_id,
                "started_at": t.started_at,
                "due_at": t.due_at,
                "state": t.state,
                "met_at": t.met_at,
                "basis": t.basis,
            }
            for t in Deadline.objects.for_object(transfer).select_related("rule").order_by("pk")
        ],
        "documents": list(
            IssuedDocument.objects.visible_to(user)
            .about(transfer)
            .values("id", "kind", "number", "title", "department_id", "recipient_id", "pdf_sm3")
        ),
        "supervision": supervising.as_dict(found.first()),
    }


@router.get("/procuratorate/transfers", response=list[CopiedRow], summary="抄送本院的涉嫌犯罪移送")
@paginate(LimitOffsetPagination)
def copied_transfers(request, state: State | None = None):
    rows = Transfer.objects.visible_to(_mine(request)).with_overdue()
    if state:
        rows = rows.filter(state=state)
    return [_row(t) for t in rows[:1000]]


@router.get(
    "/procuratorate/transfers/{transfer_id}",
    response=CopiedOut,
    summary="抄送的移送：移送书、公安机关的决定、各环节期限和立案监督",
)
def copied_transfer(request, transfer_id: int):
    return _detail(_copied(request, transfer_id), request.user)


def _supervision_row(s: Supervision) -> dict:
    return {
        **supervising.as_dict(s),
        "transfer_id": s.transfer_id,
        "subject": s.transfer.subject,
        "from_department_id": s.transfer.from_department_id,
        "to_department_id": s.transfer.to_department_id,
    }


@router.get(
    "/procuratorate/supervisions",
    response=list[SupervisionRow],
    summary="建议本院立案监督的事项（open=true：尚未办结的）",
)
@paginate(LimitOffsetPagination)
def supervisions(request, open: bool = False):
    user = _mine(request)
    rows = (
        Supervision.objects.visible_to(user)
        .filter(procuratorate_id=user.department_id)
        .select_related("transfer")
    )
    if open:
        rows = rows.exclude(stage__in=(SupervisionStage.DECLINED, SupervisionStage.FILED))
    return [_supervision_row(s) for s in rows[:1000]]


# path segment → (action, its text argument, whether it takes the 文书 number)
ANSWERS = {
    "require-reasons": (supervising.require_reasons, "note", True),
    "notify-filing": (supervising.notify_filing, "reasons", True),
    "reasons-stand": (supervising.find_reasons_stand, "reasons", False),
    "decline": (supervising.decline, "answer", True),
}


@router.post(
    "/procuratorate/supervisions/{supervision_id}/{answer}",
    response=SupervisionRow,
    summary="答复立案监督建议：require-reasons 要求说明不立案理由；notify-filing 通知立案；"
    "reasons-stand 认定不立案理由成立；decline 不予监督并答复移送单位",
)
def answer(request, supervision_id: int, answer: str, payload: SupervisionAnswerIn):
    user = _mine(request)
    if answer not in ANSWERS:
        raise Http404
    found = get_object_or_404(
        Supervision.objects.visible_to(user).filter(procuratorate_id=user.department_id),
        pk=supervision_id,
    )
    run, field, numbered = ANSWERS[answer]
    arguments = {field: payload.text}
    if numbered:
        arguments["number"] = payload.number
    run(found, acting_user=user, expected_version=payload.version, **arguments)
    found.refresh_from_db()
    return _supervision_row(found)


@router.get(
    "/procuratorate/figures", response=ProcuratorateFiguresOut, summary="本院的工作数据（按年）"
)
def year_figures(request, year: int | None = Query(None, ge=2000, le=2100)):
    user = _mine(request)
    return figures.for_year(user, year or timezone.localdate().year).__dict__
