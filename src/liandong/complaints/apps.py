from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "liandong.complaints"
    label = "complaints"
    verbose_name = _("投诉处理")

    def ready(self) -> None:
        from liandong.complaints import demo as complaints_demo
        from liandong.complaints import (
            navigation,  # noqa: F401  (its menu entry)
            policy,  # noqa: F401  (registers the rules)
        )
        from liandong.core import demo

        demo.register(demo.Loader("complaints", 52, complaints_demo.load))
