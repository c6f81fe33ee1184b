import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict

from liandong.cases.models import Case
from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.deadlines.models import Deadline
from liandong.documents.models import IssuedDocument
from liandong.evidence.models import EvidenceItem
from liandong.organizations.models import Department
from liandong.transfers import actions, decisions, supervision
from liandong.transfers.models import ExtensionKind, FeedbackKind, Kind, Slot, State, Transfer

router = Router(tags=["案件移送"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class TransferRow(Schema):
    id: int
    kind: str
    subject: str
    state: str
    case_id: int | None
    from_department_id: int
    to_department_id: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    received_at: dt.datetime | None
    version: int


class TimerOut(Schema):
    rule: str
    name: str
    department_id: int
    started_at: dt.datetime
    due_at: dt.datetime
    state: str
    met_at: dt.datetime | None
    basis: str


class TransferDocumentOut(Schema):
    id: int
    kind: str
    number: str
    title: str
    department_id: int
    recipient_id: int | None
    pdf_sm3: str


class TransferAttachmentOut(Schema):
    id: int
    slot: str
    evidence_id: int
    label: str
    title: str


class FeedbackOut(Schema):
    kind: str
    text: str
    given_by: str
    given_at: dt.datetime


class ExtensionOut(Schema):
    kind: str
    reason: str
    approver: str
    basis: str
    due_at: dt.datetime | None
    decided_by: str
    decided_at: dt.datetime


class SupervisionOut(Schema):
    id: int
    stage: str = Field(..., description="立案监督进展（刑诉规则第557—563条）")
    procuratorate_id: int
    received_at: dt.datetime
    late: bool
    reasons_requested_at: dt.datetime | None
    reasons_request_number: str
    reasons_request_note: str
    explained_at: dt.datetime | None
    explanation: str
    explanation_number: str
    decision: str = Field(
        ...,
        description="notify_filing 通知立案；reasons_stand 不立案理由成立；declined 径行不予监督",
    )
    decided_at: dt.datetime | None
    decision_number: str
    decision_reasons: str
    answered_at: dt.datetime | None
    answer: str
    answer_number: str
    filed_at: dt.datetime | None
    version: int


class TransferOut(TransferRow):
    facts: str
    offence: str
    report: str
    team: list[int]
    refusal_reason: str
    copied_to_id: int | None
    forwarded_to: str
    forward_reason: str
    police_number: str
    non_filing_reason: str
    reconsideration_reason: str
    reconsideration_upheld: bool | None
    reconsideration_note: str
    supervision_note: str
    supervision_late: bool = Field(
        ..., description="立案监督建议超过310号令第九条的3日（检察院仍应受理，刑诉规则第557条）"
    )
    handover_note: str
    return_note: str
    decline_reason: str
    withdraw_reason: str
    created_case_id: int | None
    missing_attachments: list[str]
    attachments: list[TransferAttachmentOut]
    timers: list[TimerOut]
    documents: list[TransferDocumentOut]
    feedback: list[FeedbackOut]
    extensions: list[ExtensionOut]
    supervision: SupervisionOut | None


DETAIL_FIELDS = (
    "facts",
    "offence",
    "report",
    "refusal_reason",
    "copied_to_id",
    "forwarded_to",
    "forward_reason",
    "police_number",
    "non_filing_reason",
    "reconsideration_reason",
    "reconsideration_upheld",
    "reconsideration_note",
    "supervision_note",
    "supervision_late",
    "handover_note",
    "return_note",
    "decline_reason",
    "withdraw_reason",
    "created_case_id",
)


def _out(transfer: Transfer, user) -> dict:
    transfer.refresh_from_db()
    return {
        **{f: getattr(transfer, f) for f in TransferRow.model_fields},
        **{f: getattr(transfer, f) for f in DETAIL_FIELDS},
        "team": list(transfer.team.values_list("pk", flat=True)),
        "missing_attachments": actions.missing_slots(transfer) if transfer.is_criminal else [],
        "attachments": [
            {
                "id": a.pk,
                "slot": a.slot,
                "evidence_id": a.item_id,
                "label": str(a.item.label),
                "title": a.item.title,
            }
            for a in transfer.attachments.select_related("item")
        ],
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
        "feedback": [
            {
                "kind": f.kind,
                "text": f.text,
                "given_by": f.given_by.full_name,
                "given_at": f.given_at,
            }
            for f in transfer.feedback.select_related("given_by")
        ],
        "extensions": [
            {
                "kind": e.kind,
                "reason": e.reason,
                "approver": e.approver,
                "basis": e.basis,
                "due_at": e.due_at,
                "decided_by": e.decided_by.full_name,
                "decided_at": e.decided_at,
            }
            for e in transfer.extensions.select_related("decided_by")
        ],
        "supervision": supervision.as_dict(
            supervision.Supervision.objects.filter(transfer=transfer).first()
        ),
    }


class TransferCreateIn(Strict):
    kind: Kind
    department_id: int
    case_id: int | None = Field(None, description="审计移送、线索移交可不关联案件")
    subject: str = Field(..., max_length=200)
    facts: str
    offence: str = Field("", max_length=200)
    report: str = ""


class TransferAttachIn(Strict):
    slot: Slot
    evidence_id: int
    version: int | None = None


class TransferStepIn(Strict):
    """Every step takes the transfer's ``version``; each also takes the fields it names in
    ``STEP_FIELDS`` (others are refused)."""

    version: int | None = None
    report: str | None = None
    reason: str | None = None
    forwarded_to: str | None = None
    needed: str | None = None
    note: str | None = None
    number: str | None = None
    upheld: bool | None = None
    items: str | None = None
    kind: FeedbackKind | None = None
    extension: ExtensionKind | None = None
    approver: str | None = None
    text: str | None = None
    explanation: str | None = None


STEP_FIELDS = {
    "submit": ("report",),
    "approve": (),
    "refuse": ("reason",),
    "send": (),
    "withdraw": ("reason",),
    "accept": (),
    "decline": ("reason",),
    "forward": ("forwarded_to", "reason"),
    "request_material": ("needed",),
    "complete_material": ("note",),
    "file": ("number",),
    "extend_review": ("extension", "reason", "approver"),
    "not_file": ("reason", "number"),
    "request_reconsideration": ("reason",),
    "decide_reconsideration": ("upheld", "note", "number"),
    "suggest_supervision": ("note",),
    "return_to_administration": ("note",),
    "hand_over": ("items",),
    "feedback": ("kind", "text"),
    "open_case": (),
    "explain_supervision": ("explanation", "number"),
}
RUN = {
    "submit": actions.submit,
    "approve": actions.approve,
    "refuse": actions.refuse_transfer,
    "send": actions.send,
    "withdraw": actions.withdraw,
    "accept": actions.accept,
    "decline": actions.decline,
    "forward": actions.forward,
    "request_material": actions.request_material,
    "complete_material": actions.complete_material,
    "extend_review": decisions.extend_review,
    "file": decisions.file,
    "not_file": decisions.not_file,
    "request_reconsideration": decisions.request_reconsideration,
    "decide_reconsideration": decisions.decide_reconsideration,
    "suggest_supervision": decisions.suggest_supervision,
    "return_to_administration": decisions.return_to_administration,
    "hand_over": decisions.hand_over,
    "feedback": actions.give_feedback,
    "open_case": actions.open_case,
    "explain_supervision": supervision.explain_for,  # 说明不立案理由 (程序规定 第一百八十二条)
}
DEFAULTS = {"number": "", "upheld": None, "approver": ""}


@router.get("/transfers", response=list[TransferRow], summary="本单位移出的和移送本单位的")
@paginate(LimitOffsetPagination)
def list_transfers(request, state: State | None = None, kind: Kind | None = None):
    rows = Transfer.objects.visible_to(request.user)
    if state:
        rows = rows.filter(state=state)
    if kind:
        rows = rows.filter(kind=kind)
    return rows


class OverviewRow(Schema):
    id: int
    kind: str
    state: str
    from_department_id: int
    to_department_id: int
    sent_at: dt.datetime | None
    subject: str | None = Field(None, description="仅对本单位可见的移送给出")
    open_timers: list[TimerOut]


@router.get(
    "/transfers/overview",
    response=list[OverviewRow],
    summary="牵头单位：全辖区移送的状态和环节期限（不含未共享的案情）",
)
@paginate(LimitOffsetPagination)
def overview(request):
    policy.require(request.user, "transfers.overview.view")
    visible = set(Transfer.objects.visible_to(request.user).values_list("pk", flat=True))
    rows = Transfer.objects.in_jurisdiction(request.user.department.jurisdiction_id)
    return [
        {
            "id": t.pk,
            "kind": t.kind,
            "state": t.state,
            "from_department_id": t.from_department_id,
            "to_department_id": t.to_department_id,
            "sent_at": t.sent_at,
            "subject": t.subject if t.pk in visible else None,
            "open_timers": [
                {
                    "rule": d.rule.code,
                    "name": d.name,
                    "department_id": d.department_id,
                    "started_at": d.started_at,
                    "due_at": d.due_at,
                    "state": d.state,
                    "met_at": d.met_at,
                    "basis": d.basis,
                }
                for d in Deadline.objects.for_object(t).open().select_related("rule")
            ],
        }
        for t in rows[:1000]
    ]


@router.post("/transfers", response={201: TransferOut}, summary="起草移送")
def create(request, payload: TransferCreateIn):
    policy.require(request.user, "transfers.transfer.create")
    department = get_object_or_404(
        Department.objects.visible_to(request.user), pk=payload.department_id
    )
    case = None
    if payload.case_id is not None:
        case = get_object_or_404(Case.objects.visible_to(request.user), pk=payload.case_id)
    made = actions.create(
        kind=payload.kind,
        department=department,
        case=case,
        subject=payload.subject,
        facts=payload.facts,
        offence=payload.offence,
        report=payload.report,
        acting_user=request.user,
    )
    return Status(201, _out(made, request.user))


def _visible(request, transfer_id: int) -> Transfer:
    return get_object_or_404(Transfer.objects.visible_to(request.user), pk=transfer_id)


@router.get("/transfers/{transfer_id}", response=TransferOut, summary="移送详情")
def get_transfer(request, transfer_id: int):
    return _out(_visible(request, transfer_id), request.user)


@router.post(
    "/transfers/{transfer_id}/attachments", response={201: TransferOut}, summary="附移送材料"
)
def attach(request, transfer_id: int, payload: TransferAttachIn):
    transfer = _visible(request, transfer_id)
    item = EvidenceItem.objects.filter(pk=payload.evidence_id, case_id=transfer.case_id).first()
    actions.attach(
        transfer,
        slot=payload.slot,
        item=item,
        expected_version=payload.version,
        acting_user=request.user,
    )
    return Status(201, _out(transfer, request.user))


@router.post(
    "/transfers/{transfer_id}/{step}",
    response=TransferOut,
    summary="办理一步：submit、approve、refuse、send、withdraw、accept、decline、forward、"
    "request_material、complete_material、file、not_file、request_reconsideration、"
    "decide_reconsideration、suggest_supervision、return_to_administration、hand_over、"
    "feedback、open_case、explain_supervision",
)
def step(request, transfer_id: int, step: str, payload: TransferStepIn):
    if step not in RUN:
        raise ValidationError(
            {"step": ValidationError(_("未知的步骤：%(step)s") % {"step": step}, code="unknown")}
        )
    transfer = _visible(request, transfer_id)
    given = payload.dict(exclude_unset=True)
    version = given.pop("version", None)
    extra = sorted(set(given) - set(STEP_FIELDS[step]))
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
    arguments = {f: given.get(f, DEFAULTS.get(f, "")) for f in STEP_FIELDS[step]}
    if step == "decide_reconsideration" and arguments["upheld"] is None:
        raise ValidationError(
            {"upheld": ValidationError(_("请选择复议决定：维持或撤销。"), code="required")}
        )
    RUN[step](transfer, expected_version=version, acting_user=request.user, **arguments)
    return _out(transfer, request.user)
