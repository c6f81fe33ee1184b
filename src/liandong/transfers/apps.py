from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    name = "liandong.transfers"
    label = "transfers"
    verbose_name = _("案件移送")

    def ready(self) -> None:
        from liandong.core import demo
        from liandong.transfers import demo as transfers_demo
        from liandong.transfers import (
            navigation,  # noqa: F401  (menu, workbench, case timeline, case guard)
            policy,  # noqa: F401  (registers the rules)
        )

        demo.register(demo.Loader("transfers", 50, transfers_demo.load))
