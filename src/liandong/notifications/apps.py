from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "liandong.notifications"
    label = "notifications"
    verbose_name = _("通知")

    def ready(self) -> None:
        from liandong.notifications import navigation, policy  # noqa: F401  (registrations)
