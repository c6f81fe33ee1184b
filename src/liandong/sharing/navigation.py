"""The menu entry (with the person's unread count) and the 工作台 to-dos of bulletins."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liandong.core import navigation, workbench
from liandong.notifications import receipts
from liandong.sharing import queries
from liandong.sharing.models import Bulletin

navigation.register(
    navigation.NavItem(
        label=_("信息通报"),
        url_name="sharing:list",
        order=18,
        namespaces=("sharing",),
        visible=lambda user: user.role != "admin",
        badge=lambda user: receipts.unread_count(user, Bulletin),
    )
)

SHOWN = 20  # the list page has the rest (filter 只看未读)


def _todos(user):
    """Bulletins given to the person and not yet opened: reading one is the to-do."""
    for b in queries.unread(user).select_related("department")[:SHOWN]:
        yield workbench.Todo(
            kind="bulletin",
            title=_("信息通报（%(category)s）：%(title)s（%(dept)s）")
            % {
                "category": b.get_category_display(),
                "title": b.title,
                "dept": b.department.short_name,
            },
            url=reverse("sharing:detail", args=[b.pk]),
            state=str(_("未读")),
        )


workbench.register_todos(_todos)
