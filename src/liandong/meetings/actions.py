"""State changes of joint meetings (联席会议): topics, convening, replies, attendance, minutes,
议定事项 and their progress. Each is an action: one transaction, the policy checked first, bad
input refused naming the field with nothing written, an audit entry."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from liandong.audit import log as audit
from liandong.cases import actions as cases
from liandong.cases.models import CasePart
from liandong.core import policy
from liandong.core.actions import action
from liandong.core.validation import Errors, check_version, refuse, save_changes
from liandong.deadlines import actions as deadlines
from liandong.deadlines.models import Deadline
from liandong.documents import actions as documents
from liandong.evidence import actions as evidence
from liandong.meetings import paperwork
from liandong.meetings.models import (
    AgendaItem,
    Attendance,
    Invitation,
    Meeting,
    MeetingState,
    Minutes,
    MinutesComment,
    MinutesState,
    ProgressReport,
    Reply,
    Resolution,
    ResolutionState,
    Topic,
    TopicCategory,
    TopicState,
)
from liandong.notifications import receipts
from liandong.notifications.service import Message as Note
from liandong.notifications.service import notify
from liandong.organizations.models import Department, Role
from liandong.organizations.routing import readers, receivers

RULE = "meeting.resolution"
RECORD_AFTER = dt.timedelta(days=90)


def _require(acting_user, rule: str, obj, message: str) -> None:
    """The policy, with the reason the person reads when it refuses."""
    if acting_user is not None and not policy.can(acting_user, rule, obj):
        raise PermissionDenied(message)


def _lead_only(acting_user, rule: str, obj=None) -> None:
    _require(
        acting_user,
        rule,
        obj,
        _("联席会议由牵头单位召集主持（联动执法协作机制二（一）），此操作只能由牵头单位办理。"),
    )


def _members(jurisdiction_id):
    return Department.objects.filter(
        jurisdiction_id=jurisdiction_id, is_member=True, is_active=True
    )


def _meeting_url(meeting) -> str:
    return f"/meetings/{meeting.pk}/"


# ---------------------------------------------------------------------------------------------
# 议题


@action("meetings.topic.propose")
def propose_topic(
    *,
    category: str,
    title: str,
    description: str,
    acting_user,
    cases_linked=(),
    shared_part: str = "",
) -> Topic:
    """A member department's liaison (or head) proposes a topic, optionally about cases it owns;
    ``shared_part`` of them is shared with the members if the topic is put on an agenda."""
    _require(
        acting_user,
        "meetings.topic.propose",
        None,
        _("议题由成员单位的联络员或负责人提出。"),
    )
    department = acting_user.department
    errors = Errors()
    if category not in TopicCategory.values:
        errors.add("category", _("请选择议题类别。"), "invalid_choice")
    if not title.strip():
        errors.add("title", _("请填写议题。"), "required")
    if not description.strip():
        errors.add("description", _("请说明议题的内容和需要会议研究的问题。"), "required")
    linked = list(cases_linked)
    if any(case.department_id != department.pk for case in linked):
        errors.add("cases", _("只能关联本单位的案件。"), "not_own")
    if shared_part and shared_part not in CasePart.values:
        errors.add("shared_part", _("请选择随议题共享的案件范围。"), "invalid_choice")
    errors.raise_if_any()
    topic = Topic.objects.create(
        department=department,
        proposed_by=acting_user,
        category=category,
        title=title.strip()[:200],
        description=description.strip(),
        shared_part=shared_part if linked else "",
    )
    topic.cases.set(linked)
    audit.record(
        "meetings.topic.propose",
        actor=acting_user,
        obj=topic,
        after={"category": category, "cases": [c.pk for c in linked], "shared_part": shared_part},
    )
    lead = _members(department.jurisdiction_id).filter(is_lead=True).first()
    if lead is not None and lead.pk != department.pk:
        notify(
            receivers(lead),
            Note(
                kind="meetings.topic",
                title=_("%(dept)s提出联席会议议题：%(title)s")
                % {"dept": department.short_name, "title": topic.title},
                url="/meetings/topics/",
            ),
            dedupe_key=f"meetings.topic:{topic.pk}",
        )
    return topic


def _locked_topic(topic, expected_version):
    topic = (
        Topic.objects.select_for_update(of=("self",)).select_related("department").get(pk=topic.pk)
    )
    check_version(topic, expected_version)
    return topic


@action("meetings.topic.decline")
def decline_topic(
    topic: Topic, *, reason: str, acting_user, expected_version: int | None = None
) -> Topic:
    """The lead unit does not take the topic, with the reason."""
    topic = _locked_topic(topic, expected_version)
    _lead_only(acting_user, "meetings.meeting.convene", topic)
    if topic.state != TopicState.PROPOSED:
        raise refuse("state", _("该议题已处理。"), "wrong_state")
    if not reason.strip():
        raise refuse("reason", _("不采纳议题须说明理由。"), "required")
    save_changes(topic, state=TopicState.DECLINED, decline_reason=reason.strip())
    audit.record("meetings.topic.decline", actor=acting_user, obj=topic, message=reason.strip())
    notify(
        [topic.proposed_by],
        Note(
            kind="meetings.topic_declined",
            title=_("议题未被采纳：%(title)s") % {"title": topic.title},
            body=reason.strip(),
            url="/meetings/topics/",
        ),
        dedupe_key=f"meetings.topic_declined:{topic.pk}",
    )
    return topic


# ---------------------------------------------------------------------------------------------
# 召集


@action("meetings.meeting.convene")
def convene(
    *,
    title: str,
    starts_at: dt.datetime | None,
    place: str,
    acting_user,
    topics=(),
    items=(),
    invitees=(),
    observers=(),
) -> Meeting:
    """The lead unit convenes a meeting: its agenda is the accepted ``topics`` and further
    ``items`` (titles); the liaisons of every member department are invited, and ``invitees``
    (people of member departments) too; ``observers`` are (external department, name) pairs who
    attend as 列席. A topic's cases are shared, as far as its proposer chose, with the members."""
    _lead_only(acting_user, "meetings.meeting.convene")
    lead = acting_user.department
    errors = Errors()
    if not title.strip():
        errors.add("title", _("请填写会议名称。"), "required")
    if starts_at is None:
        errors.add("starts_at", _("请填写会议时间。"), "required")
    elif starts_at < timezone.now() - RECORD_AFTER:
        # a meeting already held may be entered afterwards (补录), not one of long ago
        errors.add("starts_at", _("会议时间不能早于90天前。"), "past")
    if not place.strip():
        errors.add("place", _("请填写会议地点。"), "required")
    topics = list(topics)
    if any(t.state != TopicState.PROPOSED for t in topics):
        errors.add("topics", _("只能列入待审核的议题。"), "wrong_state")
    if any(t.department.jurisdiction_id != lead.jurisdiction_id for t in topics):
        errors.add("topics", _("议题不在本辖区。"), "outside")
    items = [i.strip() for i in items if i and i.strip()]
    if not topics and not items:
        errors.add("topics", _("请至少列入一项议程。"), "required")
    invitees = list(invitees)
    if any(
        p.department.jurisdiction_id != lead.jurisdiction_id or not p.department.is_member
        for p in invitees
    ):
        errors.add("invitees", _("参会人员须是本辖区成员单位的人员。"), "outside")
    observers = [(d, n.strip()) for d, n in observers if d is not None and n and n.strip()]
    if any(d.jurisdiction_id != lead.jurisdiction_id for d, _n in observers):
        errors.add("observers", _("列席单位须在本辖区。"), "outside")
    errors.raise_if_any()
    meeting = Meeting.objects.create(
        department=lead,
        convened_by=acting_user,
        title=title.strip()[:200],
        starts_at=starts_at,
        place=place.strip()[:200],
    )
    order = 0
    members = list(_members(lead.jurisdiction_id))
    for topic in topics:
        order += 1
        AgendaItem.objects.create(meeting=meeting, order=order, title=topic.title, topic=topic)
        save_changes(topic, state=TopicState.ACCEPTED, meeting=meeting)
        for case in topic.cases.all() if topic.shared_part else ():
            for department in members:
                if department.pk != case.department_id:
                    cases.share_case(
                        case,
                        department=department,
                        part=topic.shared_part,
                        note=_("随联席会议议题“%(title)s”共享") % {"title": topic.title},
                        source="meeting",
                        acting_user=None,  # the proposer chose this when proposing
                    )
    for title_text in items:
        order += 1
        AgendaItem.objects.create(meeting=meeting, order=order, title=title_text[:200])
    people = {p.pk: p for d in members for p in receivers(d)}
    people.update({p.pk: p for p in invitees})
    for person in people.values():
        Invitation.objects.create(meeting=meeting, department=person.department, person=person)
    for department, name in observers:
        Invitation.objects.create(
            meeting=meeting, department=department, name=name[:100], observer=True
        )
    audit.record(
        "meetings.meeting.convene",
        actor=acting_user,
        obj=meeting,
        after={
            "starts_at": timezone.localtime(starts_at).isoformat(),
            "topics": [t.pk for t in topics],
            "invited": sorted(people),
            "observers": [name for _d, name in observers],
        },
    )
    when = timezone.localtime(starts_at)
    notify(
        people.values(),
        Note(
            kind="meetings.invitation",
            title=_("联席会议通知：%(title)s") % {"title": meeting.title},
            body=_("%(when)s，%(place)s。请回复是否参加。")
            % {"when": when.strftime("%Y-%m-%d %H:%M"), "place": meeting.place},
            url=_meeting_url(meeting),
        ),
        dedupe_key=f"meetings.invitation:{meeting.pk}",
    )
    for topic in topics:
        notify(
            [topic.proposed_by],
            Note(
                kind="meetings.topic_accepted",
                title=_("议题已列入%(meeting)s议程：%(title)s")
                % {"meeting": meeting.title, "title": topic.title},
                url=_meeting_url(meeting),
            ),
            dedupe_key=f"meetings.topic_accepted:{topic.pk}",
        )
    return meeting


def _locked_meeting(meeting, expected_version=None) -> Meeting:
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("department__jurisdiction")
        .get(pk=meeting.pk)
    )
    check_version(meeting, expected_version)
    return meeting


@action("meetings.invitation.reply")
def reply(
    invitation: Invitation,
    *,
    answer: str,
    acting_user,
    deputy: str = "",
    note: str = "",
) -> Invitation:
    """The invitee answers: attend, send a deputy (named), or ask for leave (with a reason)."""
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
    _require(
        acting_user,
        "meetings.invitation.reply",
        invitation,
        _("只能回复发给本人的会议通知。"),
    )
    meeting = invitation.meeting
    if meeting.state != MeetingState.CONVENED:
        raise refuse("answer", _("会议已召开或已取消，不能再回复。"), "wrong_state")
    errors = Errors()
    if answer not in (Reply.ATTEND, Reply.DEPUTY, Reply.LEAVE):
        errors.add("answer", _("请选择参加、委派他人参加或请假。"), "invalid_choice")
    if answer == Reply.DEPUTY and not deputy.strip():
        errors.add("deputy", _("请填写委派参会人员的姓名。"), "required")
    if answer == Reply.LEAVE and not note.strip():
        errors.add("note", _("请假须说明理由。"), "required")
    errors.raise_if_any()
    before = invitation.reply
    invitation.reply = answer
    invitation.deputy = deputy.strip()[:100] if answer == Reply.DEPUTY else ""
    invitation.reply_note = note.strip()[:300]
    invitation.replied_at = timezone.now()
    invitation.save()
    audit.record(
        "meetings.invitation.reply",
        actor=acting_user,
        obj=meeting,
        before={"reply": before},
        after={"reply": answer, "deputy": invitation.deputy},
        message=invitation.reply_note,
    )
    return invitation


@action("meetings.meeting.record_attendance")
def record_attendance(
    meeting: Meeting, *, attendance: dict, acting_user, expected_version: int | None = None
) -> Meeting:
    """After it began, the lead unit records who attended (出席, 请假, 列席, 缺席) — every
    invitation gets one — and the meeting is held; its minutes are opened for drafting."""
    meeting = _locked_meeting(meeting, expected_version)
    _lead_only(acting_user, "meetings.meeting.manage", meeting)
    if meeting.state not in (MeetingState.CONVENED, MeetingState.HELD):
        raise refuse("state", _("纪要已印发或会议已取消，不能再修改出席情况。"), "wrong_state")
    if meeting.starts_at > timezone.now():
        raise refuse("attendance", _("会议尚未开始，不能记录出席情况。"), "not_yet")
    invitations = {i.pk: i for i in meeting.invitations.all()}
    errors = Errors()
    chosen = {}
    for pk, value in attendance.items():
        invitation = invitations.get(int(pk))
        if invitation is None:
            errors.add("attendance", _("参会人员不属于本次会议。"), "unknown")
        elif value not in (
            Attendance.PRESENT,
            Attendance.LEAVE,
            Attendance.OBSERVER,
            Attendance.ABSENT,
        ):
            errors.add("attendance", _("请为每位参会人员选择出席情况。"), "invalid_choice")
        else:
            chosen[invitation.pk] = value
    missing = [i for pk, i in invitations.items() if pk not in chosen]
    if missing:
        errors.add(
            "attendance",
            _("尚未记录出席情况：%(names)s。") % {"names": "、".join(i.attendee for i in missing)},
            "incomplete",
        )
    errors.raise_if_any()
    for pk, value in chosen.items():
        Invitation.objects.filter(pk=pk).update(attendance=value)
    save_changes(meeting, state=MeetingState.HELD)
    Minutes.objects.get_or_create(meeting=meeting, defaults={"drafted_by": acting_user})
    audit.record(
        "meetings.meeting.record_attendance",
        actor=acting_user,
        obj=meeting,
        after={str(pk): value for pk, value in sorted(chosen.items())},
    )
    return meeting


@action("meetings.meeting.cancel")
def cancel(meeting: Meeting, *, reason: str, acting_user, expected_version=None) -> Meeting:
    meeting = _locked_meeting(meeting, expected_version)
    _lead_only(acting_user, "meetings.meeting.manage", meeting)
    if meeting.state != MeetingState.CONVENED:
        raise refuse("state", _("只能取消尚未召开的会议。"), "wrong_state")
    if not reason.strip():
        raise refuse("reason", _("取消会议须说明理由。"), "required")
    save_changes(meeting, state=MeetingState.CANCELLED, cancel_reason=reason.strip()[:500])
    Topic.objects.filter(meeting=meeting).update(state=TopicState.PROPOSED, meeting=None)
    audit.record("meetings.meeting.cancel", actor=acting_user, obj=meeting, message=reason)
    notify(
        [i.person for i in meeting.invitations.exclude(person=None).select_related("person")],
        Note(
            kind="meetings.cancelled",
            title=_("联席会议已取消：%(title)s") % {"title": meeting.title},
            body=reason.strip(),
            url=_meeting_url(meeting),
        ),
        dedupe_key=f"meetings.cancelled:{meeting.pk}",
    )
    return meeting


# ---------------------------------------------------------------------------------------------
# 纪要


def _locked_minutes(minutes, expected_version=None) -> Minutes:
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting__department__jurisdiction")
        .get(pk=minutes.pk)
    )
    check_version(minutes, expected_version)
    return minutes


def _editable(minutes: Minutes) -> None:
    if minutes.state == MinutesState.ISSUED:
        raise refuse(
            "state",
            _("纪要已印发，不能再修改；如需更正，应另行印发。"),
            "issued",
        )


@action("meetings.minutes.edit")
def edit_minutes(
    minutes: Minutes,
    *,
    summary: str,
    discussions: dict,
    acting_user,
    expected_version: int | None = None,
) -> Minutes:
    """The lead unit drafts the minutes: the meeting's summary and each agenda item's
    discussion (``discussions``: agenda item id → text)."""
    minutes = _locked_minutes(minutes, expected_version)
    _lead_only(acting_user, "meetings.meeting.manage", minutes.meeting)
    _editable(minutes)
    items = {i.pk: i for i in minutes.meeting.agenda.all()}
    for pk, text in discussions.items():
        item = items.get(int(pk))
        if item is None:
            raise refuse("discussions", _("议程不属于本次会议。"), "unknown")
        if item.discussion != text.strip():
            item.discussion = text.strip()
            item.save(update_fields=["discussion"])
    save_changes(minutes, summary=summary.strip())
    audit.record("meetings.minutes.edit", actor=acting_user, obj=minutes)
    return minutes


def _check_resolution(errors: Errors, minutes: Minutes, text, owners, due_on, agenda_item):
    if not (text or "").strip():
        errors.add("text", _("请填写议定事项。"), "required")
    if agenda_item is not None and agenda_item.meeting_id != minutes.meeting_id:
        errors.add("agenda_item", _("议程不属于本次会议。"), "unknown")
    jurisdiction = minutes.meeting.department.jurisdiction_id
    if any(d.jurisdiction_id != jurisdiction or not d.is_member for d in owners):
        errors.add("owners", _("责任单位须是本辖区的成员单位。"), "outside")
    meeting_day = timezone.localtime(minutes.meeting.starts_at).date()
    if due_on is not None and due_on <= meeting_day:
        errors.add(
            "due_on",
            _("完成时限须晚于会议日期（%(day)s）。") % {"day": meeting_day.isoformat()},
            "before_meeting",
        )


@action("meetings.resolution.add")
def add_resolution(
    minutes: Minutes,
    *,
    text: str,
    owners=(),
    due_on: dt.date | None = None,
    agenda_item: AgendaItem | None = None,
    acting_user,
) -> Resolution:
    """A 议定事项 in the draft; its owners and due date may follow before the minutes are issued."""
    minutes = _locked_minutes(minutes)
    _lead_only(acting_user, "meetings.meeting.manage", minutes.meeting)
    _editable(minutes)
    owners = list(owners)
    errors = Errors()
    _check_resolution(errors, minutes, text, owners, due_on, agenda_item)
    errors.raise_if_any()
    resolution = Resolution.objects.create(
        minutes=minutes, agenda_item=agenda_item, text=text.strip(), due_on=due_on
    )
    resolution.owners.set(owners)
    save_changes(minutes)
    audit.record(
        "meetings.resolution.add",
        actor=acting_user,
        obj=resolution,
        after={
            "owners": [d.pk for d in owners],
            "due_on": due_on.isoformat() if due_on else None,
        },
        message=resolution.text,
    )
    return resolution


@action("meetings.resolution.remove")
def remove_resolution(resolution: Resolution, *, acting_user) -> None:
    minutes = _locked_minutes(resolution.minutes)
    _lead_only(acting_user, "meetings.meeting.manage", minutes.meeting)
    _editable(minutes)
    text = resolution.text
    resolution.owners.clear()
    Resolution.objects.filter(pk=resolution.pk).delete()
    save_changes(minutes)
    audit.record("meetings.resolution.remove", actor=acting_user, obj=minutes, message=text)


@action("meetings.minutes.circulate")
def circulate(minutes: Minutes, *, acting_user, expected_version: int | None = None) -> Minutes:
    """Send the draft to the members for their opinions (征求意见)."""
    minutes = _locked_minutes(minutes, expected_version)
    _lead_only(acting_user, "meetings.meeting.manage", minutes.meeting)
    if minutes.state != MinutesState.DRAFT:
        raise refuse("state", _("纪要已在征求意见或已印发。"), "wrong_state")
    save_changes(minutes, state=MinutesState.REVIEW)
    audit.record("meetings.minutes.circulate", actor=acting_user, obj=minutes)
    meeting = minutes.meeting
    notify(
        [p for d in _members(meeting.department.jurisdiction_id) for p in receivers(d)],
        Note(
            kind="meetings.review",
            title=_("请对纪要提出意见：%(title)s") % {"title": meeting.title},
            url=f"/meetings/{meeting.pk}/minutes/",
        ),
        dedupe_key=f"meetings.review:{minutes.pk}",
    )
    return minutes


@action("meetings.minutes.comment")
def comment(minutes: Minutes, *, text: str, acting_user) -> MinutesComment:
    """A member's opinion on the draft."""
    minutes = _locked_minutes(minutes)
    _require(
        acting_user,
        "meetings.minutes.comment",
        minutes.meeting,
        _("只有成员单位的负责人和办案人员可以对纪要提出意见。"),
    )
    if minutes.state != MinutesState.REVIEW:
        raise refuse("state", _("纪要不在征求意见阶段。"), "wrong_state")
    if not text.strip():
        raise refuse("text", _("请填写意见。"), "required")
    made = MinutesComment.objects.create(
        minutes=minutes, department=acting_user.department, author=acting_user, text=text.strip()
    )
    audit.record("meetings.minutes.comment", actor=acting_user, obj=minutes, message=made.text)
    return made


@action("meetings.minutes.issue")
def issue_minutes(minutes: Minutes, *, acting_user, expected_version: int | None = None) -> Minutes:
    """The lead unit's head issues the minutes as a numbered 纪要: every 议定事项 must have its
    owners and a due date; the document goes to every member department (read receipts), and
    each item's clock starts for each owner."""
    minutes = _locked_minutes(minutes, expected_version)
    _require(
        acting_user,
        "meetings.minutes.issue",
        minutes.meeting,
        _("纪要由牵头单位负责人签发。"),
    )
    _editable(minutes)
    meeting = minutes.meeting
    if meeting.state != MeetingState.HELD:
        raise refuse("state", _("会议召开并记录出席情况后才能印发纪要。"), "not_held")
    resolutions = list(minutes.resolutions.prefetch_related("owners"))
    errors = Errors()
    for n, resolution in enumerate(resolutions, 1):
        if not resolution.owners.exists():
            errors.add(
                "resolutions",
                _("第%(n)d项议定事项没有责任单位。") % {"n": n},
                "no_owner",
            )
        if resolution.due_on is None:
            errors.add(
                "resolutions",
                _("第%(n)d项议定事项没有完成时限。") % {"n": n},
                "no_due_date",
            )
        _check_resolution(
            errors, minutes, resolution.text, list(resolution.owners.all()), resolution.due_on,
            resolution.agenda_item,
        )  # fmt: skip
    errors.raise_if_any()
    document = documents.issue_document(
        paperwork.minutes(minutes),
        department=meeting.department,
        kind="meeting_minutes",
        subject=minutes,
        acting_user=acting_user,
    )
    now = timezone.now()
    save_changes(
        minutes, state=MinutesState.ISSUED, document=document, issued_by=acting_user, issued_at=now
    )
    save_changes(meeting, state=MeetingState.ISSUED)
    members = list(_members(meeting.department.jurisdiction_id))
    receipts.deliver(minutes, readers(members))
    for resolution in resolutions:
        for owner in resolution.owners.all():
            # decided at the meeting: counted from then to the end of its date
            deadlines.start_deadline(
                resolution,
                rule=RULE,
                department=owner,
                start=meeting.starts_at,
                due_on=resolution.due_on,
                acting_user=None,
            )
    audit.record(
        "meetings.minutes.issue",
        actor=acting_user,
        obj=minutes,
        after={"document": document.number, "resolutions": [r.pk for r in resolutions]},
    )
    notify(
        [p for d in members for p in receivers(d)],
        Note(
            kind="meetings.minutes",
            title=_("联席会议纪要已印发：%(number)s") % {"number": document.number},
            body=_("请阅读并落实本单位负责的议定事项。"),
            url=f"/meetings/{meeting.pk}/minutes/",
        ),
        dedupe_key=f"meetings.minutes:{minutes.pk}",
    )
    return minutes


# ---------------------------------------------------------------------------------------------
# 议定事项


def _locked_resolution(resolution, expected_version=None) -> Resolution:
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("minutes__meeting__department__jurisdiction")
        .get(pk=resolution.pk)
    )
    check_version(resolution, expected_version)
    return resolution


def _issued(resolution: Resolution) -> None:
    if resolution.minutes.state != MinutesState.ISSUED:
        raise refuse("state", _("纪要尚未印发。"), "not_issued")


def _owner_only(acting_user, resolution, rule="meetings.resolution.report") -> None:
    _require(
        acting_user,
        rule,
        resolution,
        _("只有该议定事项的责任单位可以报告落实情况或申请办结。"),
    )


@action("meetings.resolution.report")
def report_progress(
    resolution: Resolution, *, text: str, acting_user, upload_id=None
) -> ProgressReport:
    """An owner department reports how the item stands, optionally with a file (sealed upload)."""
    resolution = _locked_resolution(resolution)
    _owner_only(acting_user, resolution)
    _issued(resolution)
    if resolution.state == ResolutionState.DONE:
        raise refuse("state", _("该议定事项已办结。"), "done")
    if not text.strip():
        raise refuse("text", _("请填写落实情况。"), "required")
    blob, filename = None, ""
    if upload_id:
        upload, blob = evidence.take_upload(upload_id, acting_user=acting_user)
        filename = upload.filename
    report = ProgressReport.objects.create(
        resolution=resolution,
        department=acting_user.department,
        author=acting_user,
        text=text.strip(),
        blob=blob,
        filename=filename,
    )
    save_changes(resolution)
    audit.record(
        "meetings.resolution.report",
        actor=acting_user,
        obj=resolution,
        after={"file": filename, "sm3": blob.sm3 if blob else None},
        message=report.text,
    )
    return report


@action("meetings.resolution.request_close")
def request_close(
    resolution: Resolution, *, note: str, acting_user, expected_version: int | None = None
) -> Resolution:
    """An owner says the item is done and asks the lead unit to confirm; the owners' clocks
    stop at this moment (whether in time is decided here)."""
    resolution = _locked_resolution(resolution, expected_version)
    _owner_only(acting_user, resolution)
    _issued(resolution)
    if resolution.state != ResolutionState.OPEN:
        raise refuse("state", _("该议定事项已申请办结或已办结。"), "wrong_state")
    if not note.strip():
        raise refuse("note", _("请说明落实结果。"), "required")
    deadlines.stop_timers(resolution, met=True, note=_("申请办结"), acting_user=None)
    save_changes(resolution, state=ResolutionState.CLOSE_REQUESTED, close_note=note.strip())
    audit.record(
        "meetings.resolution.request_close", actor=acting_user, obj=resolution, message=note
    )
    lead = resolution.minutes.meeting.department
    notify(
        receivers(lead),
        Note(
            kind="meetings.close_requested",
            title=_("%(dept)s申请办结议定事项：%(text)s")
            % {"dept": acting_user.department.short_name, "text": str(resolution)},
            url=f"/meetings/resolutions/{resolution.pk}/",
        ),
        dedupe_key=f"meetings.close_requested:{resolution.pk}:{resolution.version}",
    )
    return resolution


@action("meetings.resolution.confirm")
def confirm_done(
    resolution: Resolution, *, acting_user, expected_version: int | None = None
) -> Resolution:
    """The lead unit confirms the item done."""
    resolution = _locked_resolution(resolution, expected_version)
    _lead_only(acting_user, "meetings.meeting.manage", resolution.minutes.meeting)
    if resolution.state != ResolutionState.CLOSE_REQUESTED:
        raise refuse("state", _("责任单位申请办结后才能确认。"), "wrong_state")
    save_changes(
        resolution,
        state=ResolutionState.DONE,
        done_at=timezone.now(),
        confirmed_by=acting_user,
    )
    audit.record("meetings.resolution.confirm", actor=acting_user, obj=resolution)
    notify(
        [p for d in resolution.owners.all() for p in receivers(d)],
        Note(
            kind="meetings.resolution_done",
            title=_("议定事项已确认办结：%(text)s") % {"text": str(resolution)},
            url=f"/meetings/resolutions/{resolution.pk}/",
        ),
        dedupe_key=f"meetings.resolution_done:{resolution.pk}",
    )
    return resolution


@action("meetings.resolution.reopen")
def reopen(
    resolution: Resolution, *, reason: str, acting_user, expected_version: int | None = None
) -> Resolution:
    """The lead unit does not accept the request to close: the item is open again, its clocks
    running to the same date (already past: overdue at once)."""
    resolution = _locked_resolution(resolution, expected_version)
    _lead_only(acting_user, "meetings.meeting.manage", resolution.minutes.meeting)
    if resolution.state != ResolutionState.CLOSE_REQUESTED:
        raise refuse("state", _("只能退回已申请办结的议定事项。"), "wrong_state")
    if not reason.strip():
        raise refuse("reason", _("退回须说明理由。"), "required")
    save_changes(resolution, state=ResolutionState.OPEN, return_reason=reason.strip())
    start = resolution.minutes.meeting.starts_at
    for owner in resolution.owners.all():
        deadlines.start_deadline(
            resolution, rule=RULE, department=owner, start=start, due_on=resolution.due_on,
            acting_user=None,
        )  # fmt: skip
    audit.record("meetings.resolution.reopen", actor=acting_user, obj=resolution, message=reason)
    return resolution


def on_time_rates(resolutions) -> list[dict]:
    """By owner department: how many items, open, done, overdue, and the share closed in time
    (clocks met by their due time) among those whose clocks have stopped."""
    from django.contrib.contenttypes.models import ContentType

    ids = [str(r.pk) for r in resolutions]
    timers = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Resolution), object_id__in=ids
    ).select_related("department")
    rows: dict[int, dict] = {}
    for timer in timers:
        row = rows.setdefault(
            timer.department_id,
            {"department": timer.department, "total": 0, "open": 0, "overdue": 0, "met": 0,
             "in_time": 0},
        )  # fmt: skip
        row["total"] += 1
        if timer.state == "met":
            row["met"] += 1
            row["in_time"] += timer.met_at <= timer.due_at
        elif timer.state in ("running", "paused"):
            row["open"] += 1
        elif timer.state == "missed":
            row["overdue"] += 1
    for row in rows.values():
        closed = row["met"] + row["overdue"]
        row["rate"] = round(100 * row["in_time"] / closed) if closed else None
    return sorted(rows.values(), key=lambda r: r["department"].pk)


def waiting_for(user) -> dict:
    """What the meetings hold for ``user``: invitations to answer, items their department owns
    that are open, requests to close for the lead unit."""
    invitations = Invitation.objects.filter(
        person=user, reply=Reply.PENDING, meeting__state=MeetingState.CONVENED
    ).select_related("meeting")
    owned = Resolution.objects.visible_to(user).filter(
        owners=user.department_id, state=ResolutionState.OPEN, minutes__state=MinutesState.ISSUED
    )
    confirming = Resolution.objects.none()
    if user.department.is_lead and user.role in (Role.HEAD, Role.OFFICER):
        confirming = Resolution.objects.visible_to(user).filter(
            state=ResolutionState.CLOSE_REQUESTED
        )
    return {"invitations": invitations, "owned": owned, "confirming": confirming}


def topics_for(user):
    """Topics the user may see: their department's, and every topic for the lead unit."""
    topics = Topic.objects.visible_to(user).select_related("department", "meeting")
    if user.department.is_lead:
        return topics
    return topics.filter(Q(department_id=user.department_id) | Q(state=TopicState.ACCEPTED))
