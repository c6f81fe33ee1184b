from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "liandong.consultations"
    label = "consultations"
    verbose_name = _("案件咨询")

    def ready(self) -> None:
        from liandong.consultations import demo as consultations_demo
        from liandong.consultations import (
            navigation,  # noqa: F401  (menu, workbench, case timeline)
            policy,  # noqa: F401  (registers the rules)
        )
        from liandong.core import demo

        demo.register(demo.Loader("consultations", 40, consultations_demo.load))
