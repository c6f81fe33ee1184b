from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

DEMO_ORDER = 65  # after the cases (20) it drafts from, and after the other apps' samples


class PublicityConfig(AppConfig):
    name = "liandong.publicity"
    label = "publicity"
    verbose_name = _("宣传曝光")

    def ready(self) -> None:
        from liandong.core import demo
        from liandong.publicity import demo as publicity_demo
        from liandong.publicity import (
            navigation,  # noqa: F401  (menu, workbench, case timeline)
            policy,  # noqa: F401  (registers the rules)
        )

        demo.register(demo.Loader("publicity", DEMO_ORDER, publicity_demo.load))
