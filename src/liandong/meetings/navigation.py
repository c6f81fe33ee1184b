from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liandong.core import navigation, workbench
from liandong.meetings import actions


def _badge(user) -> int:
    waiting = actions.waiting_for(user)
    return waiting["invitations"].count() + waiting["confirming"].count()


navigation.register(
    navigation.NavItem(
        label=_("联席会议"),
        url_name="meetings:list",
        order=18,
        namespaces=("meetings",),
        visible=lambda user: user.role != "admin" and user.department.is_member,
        badge=_badge,
    )
)


def _todos(user):
    """Invitations to answer, items the department owns (their clocks are on the workbench as
    timers too) and, for the lead unit, requests to close."""
    if user.role == "admin" or not user.department.is_member:
        return
    waiting = actions.waiting_for(user)
    for invitation in waiting["invitations"][:50]:
        yield workbench.Todo(
            kind="meeting",
            title=_("会议通知：%(title)s") % {"title": invitation.meeting.title},
            url=reverse("meetings:detail", args=[invitation.meeting_id]),
            due_at=invitation.meeting.starts_at,
            state=str(_("待回复")),
        )
    for resolution in waiting["confirming"][:50]:
        yield workbench.Todo(
            kind="resolution",
            title=_("议定事项申请办结：%(text)s") % {"text": str(resolution)},
            url=reverse("meetings:resolution", args=[resolution.pk]),
            state=str(_("待确认")),
        )


workbench.register_todos(_todos)
