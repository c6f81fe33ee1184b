"""The 纪要 of a joint meeting (GB/T 9704-2012 10.3): its content for
``documents.issue_document``. Nothing here writes to the database."""

from django.utils import timezone

from liandong.documents.render import Heading, Items, Labelled, OfficialDocument
from liandong.meetings.models import Attendance, Minutes


def _names(invitations) -> str:
    return "、".join(f"{i.department.short_name}{i.attendee}" for i in invitations) or "无"


def minutes(record: Minutes) -> OfficialDocument:
    meeting = record.meeting
    when = timezone.localtime(meeting.starts_at)
    invitations = list(meeting.invitations.select_related("department", "person"))
    by = {
        state: [i for i in invitations if i.attendance == state]
        for state in (Attendance.PRESENT, Attendance.LEAVE, Attendance.OBSERVER)
    }
    body: list = [
        f"{when.year}年{when.month}月{when.day}日，{meeting.department.name}在{meeting.place}"
        f"召集召开{meeting.title}。{record.summary}".strip(),
        "现将会议议定事项纪要如下：",
    ]
    resolutions = list(record.resolutions.prefetch_related("owners").select_related("agenda_item"))
    for item in meeting.agenda.all():
        body.append(Heading(item.title))
        if item.discussion:
            body.append(item.discussion)
        decided = [r for r in resolutions if r.agenda_item_id == item.pk]
        if decided:
            body.append(Items(tuple(_resolution(r) for r in decided)))
    loose = [r for r in resolutions if r.agenda_item_id is None]
    if loose:
        body.append(Heading("其他议定事项"))
        body.append(Items(tuple(_resolution(r) for r in loose)))
    body += [
        Labelled("出席", _names(by[Attendance.PRESENT])),
        Labelled("请假", _names(by[Attendance.LEAVE])),
        Labelled("列席", _names(by[Attendance.OBSERVER])),
    ]
    members = meeting.department.jurisdiction.departments.filter(is_member=True, is_active=True)
    return OfficialDocument(
        title=_balanced(f"{meeting.title}纪要"),
        body=tuple(body),
        mark="政府采购领域联动执法协作联席会议纪要",
        copies_to=tuple(d.name for d in members if d.pk != meeting.department_id),
        printed_by=f"{meeting.department.name}办公室",
    )


TITLE_LINE = 18  # characters of 2号 小标宋 on a line of the type area, with margin


def _balanced(title: str) -> str:
    """A long title broken into lines of even length (GB/T 9704 7.3.1: 回行时要做到词意完整，
    排列对称), not a full line and a stray character or two."""
    if len(title) <= TITLE_LINE:
        return title
    lines = -(-len(title) // TITLE_LINE)
    size = -(-len(title) // lines)
    return "\n".join(title[i : i + size] for i in range(0, len(title), size))


def _resolution(resolution) -> str:
    owners = "、".join(d.short_name for d in resolution.owners.all())
    due = resolution.due_on
    return (
        f"{resolution.text}（责任单位：{owners}；完成时限：{due.year}年{due.month}月{due.day}日）"
    )
