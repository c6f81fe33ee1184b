from django.utils.translation import gettext_lazy as _

from liandong.core import navigation, periodic, workbench
from liandong.notifications.models import Notification
from liandong.notifications.tasks import requeue_due

navigation.register(
    navigation.NavItem(
        label=_("消息"),
        url_name="notifications:inbox",
        order=5,
        namespaces=("notifications",),
        header=True,
        external=True,
        badge=lambda user: Notification.objects.visible_to(user).unread().count(),
    )
)

SHOWN = 5


def _newest(request) -> dict:
    return {
        "notifications": list(Notification.objects.visible_to(request.user)[:SHOWN]),
    }


workbench.register(workbench.Panel("notifications/panel_newest.html", 30, _newest))
periodic.register(periodic.Job("notifications.requeue_due", requeue_due))
