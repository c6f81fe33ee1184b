from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "liandong.assistance"
    label = "assistance"
    verbose_name = _("调查取证协作")

    def ready(self) -> None:
        from liandong.assistance import demo as assistance_demo
        from liandong.assistance import (
            navigation,  # noqa: F401  (menu, workbench, case timeline)
            policy,  # noqa: F401  (registers the rules)
        )
        from liandong.core import demo

        demo.register(demo.Loader("assistance", 45, assistance_demo.load))
