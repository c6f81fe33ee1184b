from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "liandong.reports"
    label = "reports"
    verbose_name = _("运行情况")

    def ready(self) -> None:
        from liandong.core import demo
        from liandong.reports import demo as reports_demo
        from liandong.reports import (
            navigation,  # noqa: F401  (menu)
            policy,  # noqa: F401  (registers the rules)
        )

        demo.register(demo.Loader("reports", 90, reports_demo.load))
