from liandong.core.policy import rule
from liandong.organizations.models import Role
from liandong.organizations.routing import routes

WORKERS = (Role.HEAD, Role.OFFICER)


def _member(user) -> bool:
    return user.department.is_member and user.role in (Role.HEAD, Role.OFFICER, Role.VIEWER)


@rule("meetings.meeting.view")
def view(user, _obj=None) -> bool:
    """Every member department's heads, officers and viewers read the meetings of their
    jurisdiction (their objects are scoped by ``visible_to``)."""
    return _member(user)


@rule("meetings.topic.propose")
def propose(user, _obj=None) -> bool:
    """A member department's liaison or head (seed 二(一): 联络员负责日常工作的联系沟通)."""
    return user.department.is_member and routes(user, user.department_id)


@rule("meetings.meeting.convene")
def convene(user, _obj=None) -> bool:
    """The lead unit convenes and presides (由牵头单位召集主持): its heads and officers."""
    return user.department.is_lead and user.role in WORKERS


@rule("meetings.meeting.manage")
def manage(user, meeting) -> bool:
    """Attendance, minutes, confirming items: the lead unit that convened the meeting."""
    return (
        meeting is not None
        and user.department_id == meeting.department_id
        and user.department.is_lead
        and user.role in WORKERS
    )


@rule("meetings.minutes.issue")
def issue(user, meeting) -> bool:
    """The lead unit's head signs the minutes."""
    return (
        meeting is not None
        and user.department_id == meeting.department_id
        and user.role == Role.HEAD
    )


@rule("meetings.minutes.comment")
def comment(user, meeting) -> bool:
    return (
        meeting is not None
        and user.department.is_member
        and user.department.jurisdiction_id == meeting.department.jurisdiction_id
        and user.role in WORKERS
    )


@rule("meetings.invitation.reply")
def reply(user, invitation) -> bool:
    return invitation is not None and invitation.person_id == user.pk


@rule("meetings.resolution.report")
def report(user, resolution) -> bool:
    """Progress and the request to close: the owner departments' heads and officers."""
    return (
        resolution is not None
        and user.role in WORKERS
        and resolution.owners.filter(pk=user.department_id).exists()
    )
