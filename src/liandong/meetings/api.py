import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime, ConfigDict

from liandong.cases.models import Case, CasePart
from liandong.core import policy
from liandong.core.pagination import LimitOffsetPagination
from liandong.deadlines.models import Deadline
from liandong.meetings import actions
from liandong.meetings.models import (
    AgendaItem,
    Invitation,
    Meeting,
    Minutes,
    MinutesState,
    Resolution,
    Topic,
    TopicCategory,
)
from liandong.notifications import receipts
from liandong.organizations.models import Department, User

router = Router(tags=["联席会议"])


class Strict(Schema):
    model_config = ConfigDict(extra="forbid")


class TopicOut(Schema):
    id: int
    department_id: int
    category: str
    title: str
    description: str
    state: str
    decline_reason: str
    meeting_id: int | None
    case_ids: list[int]
    version: int


def _topic(t: Topic) -> dict:
    return {
        **{f: getattr(t, f) for f in TopicOut.model_fields if f != "case_ids"},
        "case_ids": list(t.cases.values_list("pk", flat=True)),
    }


class TopicIn(Strict):
    category: TopicCategory
    title: str = Field(..., max_length=200)
    description: str
    case_ids: list[int] = []
    shared_part: CasePart | None = None


class MeetingReasonIn(Strict):
    reason: str
    version: int | None = None


class InvitationOut(Schema):
    id: int
    department_id: int
    person_id: int | None
    attendee: str
    observer: bool
    reply: str
    deputy: str
    reply_note: str
    attendance: str


class AgendaOut(Schema):
    id: int
    order: int
    title: str
    topic_id: int | None
    discussion: str


class MeetingRow(Schema):
    id: int
    title: str
    starts_at: dt.datetime
    place: str
    state: str
    department_id: int
    version: int


class MeetingOut(MeetingRow):
    agenda: list[AgendaOut]
    invitations: list[InvitationOut]


def _meeting(m: Meeting) -> dict:
    m.refresh_from_db()
    return {
        **{f: getattr(m, f) for f in MeetingRow.model_fields},
        "agenda": [{f: getattr(a, f) for f in AgendaOut.model_fields} for a in m.agenda.all()],
        "invitations": [
            {f: getattr(i, f) for f in InvitationOut.model_fields}
            for i in m.invitations.select_related("person")
        ],
    }


class ObserverIn(Strict):
    department_id: int
    name: str = Field(..., max_length=100)


class ConveneIn(Strict):
    title: str = Field(..., max_length=200)
    starts_at: AwareDatetime
    place: str = Field(..., max_length=200)
    topic_ids: list[int] = []
    items: list[str] = []
    invitee_ids: list[int] = []
    observers: list[ObserverIn] = []


class MeetingReplyIn(Strict):
    answer: str = Field(..., description="attend | deputy | leave")
    deputy: str = ""
    note: str = ""


class AttendanceIn(Strict):
    attendance: dict[int, str] = Field(
        ..., description="邀请 id → present | leave | observer | absent"
    )
    version: int | None = None


class ResolutionOut(Schema):
    id: int
    text: str
    agenda_item_id: int | None
    owner_ids: list[int]
    due_on: dt.date | None
    state: str
    close_note: str
    version: int


def _resolution(r: Resolution) -> dict:
    return {
        **{f: getattr(r, f) for f in ResolutionOut.model_fields if f != "owner_ids"},
        "owner_ids": list(r.owners.values_list("pk", flat=True)),
    }


class MeetingReceiptOut(Schema):
    department: str
    person: str
    delivered_at: dt.datetime
    read_at: dt.datetime | None


class MinutesOut(Schema):
    id: int
    meeting_id: int
    state: str
    summary: str
    number: str | None
    document_id: int | None
    resolutions: list[ResolutionOut]
    receipts: list[MeetingReceiptOut] | None = Field(None, description="仅牵头单位可见")
    version: int


def _minutes(m: Minutes, user) -> dict:
    m.refresh_from_db()
    lead = user.department_id == m.meeting.department_id
    return {
        "id": m.pk,
        "meeting_id": m.meeting_id,
        "state": m.state,
        "summary": m.summary,
        "number": m.document.number if m.document_id else None,
        "document_id": m.document_id,
        "resolutions": [_resolution(r) for r in m.resolutions.all()],
        "receipts": [vars(line) for line in receipts.status(m)] if lead else None,
        "version": m.version,
    }


class MinutesIn(Strict):
    summary: str = ""
    discussions: dict[int, str] = {}
    version: int | None = None


class ResolutionIn(Strict):
    text: str
    owner_ids: list[int] = []
    due_on: dt.date | None = None
    agenda_item_id: int | None = None


class MeetingVersionIn(Strict):
    version: int | None = None


class MeetingTextIn(Strict):
    text: str


class ReportIn(Strict):
    text: str
    upload_id: uuid.UUID | None = Field(None, description="已完成（seal）的上传")


class MeetingCloseIn(Strict):
    note: str
    version: int | None = None


class MeetingReportOut(Schema):
    id: int
    department_id: int
    text: str
    filename: str
    created_at: dt.datetime


class ResolutionDetail(ResolutionOut):
    meeting_id: int
    reports: list[MeetingReportOut]
    timers: list[dict]


def _resolution_detail(r: Resolution) -> dict:
    r.refresh_from_db()
    return {
        **_resolution(r),
        "meeting_id": r.minutes.meeting_id,
        "reports": [
            {f: getattr(p, f) for f in MeetingReportOut.model_fields} for p in r.reports.all()
        ],
        "timers": [
            {
                "department_id": t.department_id,
                "due_at": t.due_at.isoformat(),
                "state": t.state,
                "met_at": t.met_at.isoformat() if t.met_at else None,
            }
            for t in Deadline.objects.for_object(r).order_by("pk")
        ],
    }


# ---------------------------------------------------------------------------------------------
# 议题


@router.get("/meetings/topics", response=list[TopicOut], summary="议题")
@paginate(LimitOffsetPagination)
def list_topics(request):
    policy.require(request.user, "meetings.meeting.view")
    return [_topic(t) for t in actions.topics_for(request.user)[:1000]]


@router.post("/meetings/topics", response={201: TopicOut}, summary="提出议题")
def propose(request, payload: TopicIn):
    linked = list(
        Case.objects.visible_to(request.user).filter(pk__in=payload.case_ids)
    ) if payload.case_ids else []  # fmt: skip
    made = actions.propose_topic(
        category=payload.category,
        title=payload.title,
        description=payload.description,
        cases_linked=linked,
        shared_part=payload.shared_part or "",
        acting_user=request.user,
    )
    return Status(201, _topic(made))


@router.post("/meetings/topics/{topic_id}/decline", response=TopicOut, summary="不采纳议题")
def decline(request, topic_id: int, payload: MeetingReasonIn):
    topic = get_object_or_404(Topic.objects.visible_to(request.user), pk=topic_id)
    made = actions.decline_topic(
        topic, reason=payload.reason, expected_version=payload.version, acting_user=request.user
    )
    return _topic(made)


# ---------------------------------------------------------------------------------------------
# 议定事项 (declared before /meetings/{id})


def _visible_resolution(request, resolution_id: int) -> Resolution:
    return get_object_or_404(
        Resolution.objects.visible_to(request.user).filter(minutes__state=MinutesState.ISSUED),
        pk=resolution_id,
    )


@router.get("/meetings/resolutions", response=list[ResolutionOut], summary="议定事项")
@paginate(LimitOffsetPagination)
def list_resolutions(request, owner_id: int | None = None, state: str | None = None):
    policy.require(request.user, "meetings.meeting.view")
    rows = Resolution.objects.visible_to(request.user).filter(minutes__state=MinutesState.ISSUED)
    if owner_id:
        rows = rows.filter(owners=owner_id)
    if state:
        rows = rows.filter(state=state)
    return [_resolution(r) for r in rows.distinct()[:1000]]


@router.get(
    "/meetings/resolutions/{resolution_id}", response=ResolutionDetail, summary="议定事项详情"
)
def get_resolution(request, resolution_id: int):
    return _resolution_detail(_visible_resolution(request, resolution_id))


@router.post(
    "/meetings/resolutions/{resolution_id}/reports",
    response={201: ResolutionDetail},
    summary="报告落实情况",
)
def report(request, resolution_id: int, payload: ReportIn):
    resolution = _visible_resolution(request, resolution_id)
    actions.report_progress(
        resolution, text=payload.text, upload_id=payload.upload_id, acting_user=request.user
    )
    return Status(201, _resolution_detail(resolution))


@router.post(
    "/meetings/resolutions/{resolution_id}/request_close",
    response=ResolutionDetail,
    summary="申请办结",
)
def request_close(request, resolution_id: int, payload: MeetingCloseIn):
    resolution = _visible_resolution(request, resolution_id)
    actions.request_close(
        resolution, note=payload.note, expected_version=payload.version, acting_user=request.user
    )
    return _resolution_detail(resolution)


@router.post(
    "/meetings/resolutions/{resolution_id}/confirm", response=ResolutionDetail, summary="确认办结"
)
def confirm(request, resolution_id: int, payload: MeetingVersionIn):
    resolution = _visible_resolution(request, resolution_id)
    actions.confirm_done(resolution, expected_version=payload.version, acting_user=request.user)
    return _resolution_detail(resolution)


@router.post(
    "/meetings/resolutions/{resolution_id}/reopen",
    response=ResolutionDetail,
    summary="退回继续落实",
)
def reopen(request, resolution_id: int, payload: MeetingReasonIn):
    resolution = _visible_resolution(request, resolution_id)
    actions.reopen(
        resolution,
        reason=payload.reason,
        expected_version=payload.version,
        acting_user=request.user,
    )
    return _resolution_detail(resolution)


# ---------------------------------------------------------------------------------------------
# 会议


@router.get("/meetings", response=list[MeetingRow], summary="联席会议")
@paginate(LimitOffsetPagination)
def list_meetings(request):
    policy.require(request.user, "meetings.meeting.view")
    return Meeting.objects.visible_to(request.user)


@router.post("/meetings", response={201: MeetingOut}, summary="召集联席会议（牵头单位）")
def convene(request, payload: ConveneIn):
    visible = Department.objects.visible_to(request.user)
    meeting = actions.convene(
        title=payload.title,
        starts_at=payload.starts_at,
        place=payload.place,
        topics=list(Topic.objects.visible_to(request.user).filter(pk__in=payload.topic_ids)),
        items=payload.items,
        invitees=list(User.objects.filter(pk__in=payload.invitee_ids)),
        observers=[(visible.filter(pk=o.department_id).first(), o.name) for o in payload.observers],
        acting_user=request.user,
    )
    return Status(201, _meeting(meeting))


def _visible(request, meeting_id: int) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user), pk=meeting_id)


@router.get("/meetings/{meeting_id}", response=MeetingOut, summary="会议详情")
def get_meeting(request, meeting_id: int):
    return _meeting(_visible(request, meeting_id))


@router.post("/meetings/{meeting_id}/reply", response=MeetingOut, summary="回复会议通知")
def reply(request, meeting_id: int, payload: MeetingReplyIn):
    meeting = _visible(request, meeting_id)
    invitation = Invitation.objects.filter(meeting=meeting, person=request.user).first()
    if invitation is None:
        raise PermissionDenied(_("只能回复发给本人的会议通知。"))
    actions.reply(
        invitation,
        answer=payload.answer,
        deputy=payload.deputy,
        note=payload.note,
        acting_user=request.user,
    )
    return _meeting(meeting)


@router.post("/meetings/{meeting_id}/attendance", response=MeetingOut, summary="记录出席情况")
def attendance(request, meeting_id: int, payload: AttendanceIn):
    meeting = _visible(request, meeting_id)
    actions.record_attendance(
        meeting,
        attendance=payload.attendance,
        expected_version=payload.version,
        acting_user=request.user,
    )
    return _meeting(meeting)


@router.post("/meetings/{meeting_id}/cancel", response=MeetingOut, summary="取消会议")
def cancel(request, meeting_id: int, payload: MeetingReasonIn):
    meeting = _visible(request, meeting_id)
    actions.cancel(
        meeting, reason=payload.reason, expected_version=payload.version, acting_user=request.user
    )
    return _meeting(meeting)


def _visible_minutes(request, meeting_id: int) -> Minutes:
    return get_object_or_404(Minutes, meeting=_visible(request, meeting_id))


@router.get(
    "/meetings/{meeting_id}/minutes", response=MinutesOut, summary="会议纪要（印发后阅读即回执）"
)
def get_minutes(request, meeting_id: int):
    minutes = _visible_minutes(request, meeting_id)
    if minutes.state == MinutesState.ISSUED:
        receipts.mark_read(minutes, acting_user=request.user)
    return _minutes(minutes, request.user)


@router.post("/meetings/{meeting_id}/minutes", response=MinutesOut, summary="起草纪要")
def edit_minutes(request, meeting_id: int, payload: MinutesIn):
    minutes = _visible_minutes(request, meeting_id)
    actions.edit_minutes(
        minutes,
        summary=payload.summary,
        discussions=payload.discussions,
        expected_version=payload.version,
        acting_user=request.user,
    )
    return _minutes(minutes, request.user)


@router.post(
    "/meetings/{meeting_id}/minutes/resolutions",
    response={201: MinutesOut},
    summary="添加议定事项",
)
def add_resolution(request, meeting_id: int, payload: ResolutionIn):
    minutes = _visible_minutes(request, meeting_id)
    actions.add_resolution(
        minutes,
        text=payload.text,
        owners=list(Department.objects.visible_to(request.user).filter(pk__in=payload.owner_ids)),
        due_on=payload.due_on,
        agenda_item=AgendaItem.objects.filter(
            pk=payload.agenda_item_id, meeting_id=meeting_id
        ).first()
        if payload.agenda_item_id
        else None,
        acting_user=request.user,
    )
    return Status(201, _minutes(minutes, request.user))


@router.post("/meetings/{meeting_id}/minutes/circulate", response=MinutesOut, summary="征求意见")
def circulate(request, meeting_id: int, payload: MeetingVersionIn):
    minutes = _visible_minutes(request, meeting_id)
    actions.circulate(minutes, expected_version=payload.version, acting_user=request.user)
    return _minutes(minutes, request.user)


@router.post(
    "/meetings/{meeting_id}/minutes/comments", response={201: MinutesOut}, summary="对纪要提出意见"
)
def comment(request, meeting_id: int, payload: MeetingTextIn):
    minutes = _visible_minutes(request, meeting_id)
    actions.comment(minutes, text=payload.text, acting_user=request.user)
    return Status(201, _minutes(minutes, request.user))


@router.post("/meetings/{meeting_id}/minutes/issue", response=MinutesOut, summary="签发印发纪要")
def issue(request, meeting_id: int, payload: MeetingVersionIn):
    minutes = _visible_minutes(request, meeting_id)
    actions.issue_minutes(minutes, expected_version=payload.version, acting_user=request.user)
    return _minutes(minutes, request.user)
