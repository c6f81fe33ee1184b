from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.cases import timeline
from liandong.consultations import actions
from liandong.consultations.models import State
from liandong.core import navigation, workbench

navigation.register(
    navigation.NavItem(
        label=_("案件咨询"),
        url_name="consultations:list",
        order=15,
        namespaces=("consultations",),
        visible=lambda user: user.role != "admin",
        badge=lambda user: actions.waiting_for(user).count(),
    )
)

WAITING = {
    State.SUBMITTED: _("待分派"),
    State.ASSIGNED: _("待答复"),
    State.ANSWERED: _("已答复，待办结"),
}


def _todos(user):
    for c in actions.waiting_for(user)[:100]:
        yield workbench.Todo(
            kind="consultation",
            title=_("咨询：%(subject)s（%(from)s→%(to)s）")
            % {
                "subject": c.subject,
                "from": c.asking_department.short_name,
                "to": c.department.short_name,
            },
            url=reverse("consultations:detail", args=[c.pk]),
            state=str(WAITING[c.state]),
        )


workbench.register_todos(_todos)

STEPS = {
    "consultations.consultation.ask": pgettext_lazy("timeline", "提出咨询"),
    "consultations.consultation.assign": pgettext_lazy("timeline", "咨询已分派"),
    "consultations.consultation.answer": pgettext_lazy("timeline", "咨询已答复"),
    "consultations.consultation.follow_up": pgettext_lazy("timeline", "追问"),
    "consultations.consultation.close": pgettext_lazy("timeline", "咨询办结"),
}


def _case_steps(case) -> Q:
    ids = [str(pk) for pk in case.consultations.values_list("pk", flat=True)]
    return Q(object_type="consultations.consultation", object_id__in=ids, action__in=list(STEPS))


timeline.register(timeline.Source(_case_steps, STEPS, name_object=True))
