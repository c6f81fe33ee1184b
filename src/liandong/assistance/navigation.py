from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.assistance import actions
from liandong.assistance.models import State
from liandong.cases import timeline
from liandong.core import navigation, workbench

navigation.register(
    navigation.NavItem(
        label=_("协查"),
        url_name="assistance:list",
        order=16,
        namespaces=("assistance",),
        visible=lambda user: user.role != "admin",
        badge=lambda user: actions.waiting_for(user).count(),
    )
)

WAITING = {
    State.REQUESTED: _("待受理"),
    State.ACCEPTED: _("待办理"),
    State.IN_PROGRESS: _("办理中"),
    State.COMPLETED: _("已完成，待确认办结"),
}


def _todos(user):
    """What waits for the person; the helping department's clock is on the workbench as its
    own timer (协查答复)."""
    for a in actions.waiting_for(user)[:100]:
        yield workbench.Todo(
            kind="assistance",
            title=_("协查：%(subject)s（%(from)s→%(to)s）")
            % {
                "subject": a.subject,
                "from": a.requesting_department.short_name,
                "to": a.helping_department.short_name,
            },
            url=reverse("assistance:detail", args=[a.pk]),
            state=str(WAITING[a.state]),
        )


workbench.register_todos(_todos)

STEPS = {
    "assistance.request.create": pgettext_lazy("timeline", "请求协查"),
    "assistance.request.accept": pgettext_lazy("timeline", "协查已受理"),
    "assistance.request.decline": pgettext_lazy("timeline", "协查单位不予协助"),
    "assistance.request.assign": pgettext_lazy("timeline", "协查已分派"),
    "assistance.request.attach": pgettext_lazy("timeline", "收到协查结果"),
    "assistance.request.complete": pgettext_lazy("timeline", "协查完成"),
    "assistance.request.close": pgettext_lazy("timeline", "协查办结"),
    "assistance.request.withdraw": pgettext_lazy("timeline", "撤回协查请求"),
}


def _case_steps(case) -> Q:
    ids = [str(pk) for pk in case.assistance_requests.values_list("pk", flat=True)]
    return Q(object_type="assistance.assistancerequest", object_id__in=ids, action__in=list(STEPS))


timeline.register(timeline.Source(_case_steps, STEPS, name_object=True))
