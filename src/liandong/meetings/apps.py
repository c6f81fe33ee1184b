from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "liandong.meetings"
    label = "meetings"
    verbose_name = _("联席会议")

    def ready(self) -> None:
        from liandong.core import demo
        from liandong.meetings import demo as meetings_demo
        from liandong.meetings import (
            navigation,  # noqa: F401  (menu, workbench)
            policy,  # noqa: F401  (registers the rules)
        )

        demo.register(demo.Loader("meetings", 55, meetings_demo.load))
