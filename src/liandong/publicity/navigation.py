"""Where publications show on others' pages: the menu entry (with what awaits the approver), the
工作台 to-dos, and the case timeline (each step of a publication drafted from the case)."""

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from liandong.cases import timeline
from liandong.core import navigation, workbench
from liandong.publicity.models import Publication, State

SHOWN = 20


def awaiting_approval(user):
    """What waits for ``user`` as the lead unit's head: submitted publications."""
    if user.role != "head" or not user.department.is_lead:
        return Publication.objects.none()
    return Publication.objects.visible_to(user).filter(state=State.SUBMITTED)


def returned_to(user):
    """Drafts of ``user`` that the approver sent back."""
    return Publication.objects.visible_to(user).filter(
        state=State.DRAFT, drafted_by_id=user.pk, returned_at__isnull=False
    )


navigation.register(
    navigation.NavItem(
        label=_("宣传曝光"),
        url_name="publicity:list",
        order=19,
        namespaces=("publicity",),
        visible=lambda user: user.role != "admin",
        badge=lambda user: awaiting_approval(user).count(),
    )
)


def _todos(user):
    for p in awaiting_approval(user).select_related("department")[:SHOWN]:
        yield workbench.Todo(
            kind="publication",
            title=_("审批%(kind)s：%(title)s（%(dept)s）")
            % {"kind": p.get_kind_display(), "title": p.title, "dept": p.department.short_name},
            url=reverse("publicity:detail", args=[p.pk]),
            state=str(_("待审批")),
        )
    for p in returned_to(user)[:SHOWN]:
        yield workbench.Todo(
            kind="publication",
            title=_("修改被退回的宣传稿件：%(title)s") % {"title": p.title},
            url=reverse("publicity:detail", args=[p.pk]),
            state=str(_("已退回")),
        )


workbench.register_todos(_todos)

TIMELINE_LABELS = {
    "publicity.publication.create": pgettext_lazy("timeline", "拟写宣传稿件"),
    "publicity.publication.submit": pgettext_lazy("timeline", "宣传稿件提交审批"),
    "publicity.publication.return": pgettext_lazy("timeline", "宣传稿件被退回修改"),
    "publicity.publication.approve": pgettext_lazy("timeline", "宣传稿件批准发布"),
    "publicity.publication.withdraw": pgettext_lazy("timeline", "宣传稿件撤回"),
}


def _of_case(case) -> Q:
    ids = [str(pk) for pk in Publication.objects.filter(case=case).values_list("pk", flat=True)]
    return Q(object_type="publicity.publication", object_id__in=ids, action__in=TIMELINE_LABELS)


timeline.register(timeline.Source(_of_case, TIMELINE_LABELS, name_object=True))
