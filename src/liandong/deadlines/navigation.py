from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liandong.core import navigation, periodic, policy, workbench
from liandong.deadlines import reminders
from liandong.deadlines.models import Deadline
from liandong.deadlines.periods import due_text

navigation.register(
    navigation.NavItem(
        label=_("期限"),
        url_name="deadlines:list",
        order=20,
        namespaces=("deadlines",),
    )
)
navigation.register(
    navigation.NavItem(
        label=_("节假日安排"),
        url_name="deadlines:calendar",
        order=910,
        visible=lambda user: policy.can(user, "deadlines.calendar.manage"),
        admin=True,
    )
)


def _open_deadlines(user):
    for deadline in Deadline.objects.visible_to(user).open().order_by("due_at")[:200]:
        yield workbench.Todo(
            kind="deadline",
            title=f"{deadline.name}：{deadline.object_repr}",
            url=reverse("deadlines:detail", args=[deadline.pk]),
            due_at=deadline.due_at if deadline.state != "paused" else None,
            state=deadline.get_state_display(),
            due_label=due_text(deadline.due_at) if deadline.state != "paused" else "",
        )


workbench.register_todos(_open_deadlines)
periodic.register(periodic.Job("deadlines.sweep", reminders.sweep))
