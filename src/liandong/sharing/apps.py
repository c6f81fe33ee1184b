from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "liandong.sharing"
    label = "sharing"
    verbose_name = _("信息共享")

    def ready(self) -> None:
        from liandong.core import demo
        from liandong.sharing import demo as sharing_demo
        from liandong.sharing import (
            navigation,  # noqa: F401  (menu with the unread count, workbench)
            policy,  # noqa: F401  (registers the rules)
        )

        demo.register(demo.Loader("sharing", 60, sharing_demo.load))
