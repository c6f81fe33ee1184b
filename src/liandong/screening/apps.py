from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    """The platform's side of screening; the engine beside it imports no Django."""

    name = "liandong.screening"
    label = "screening"
    verbose_name = _("线索筛查")

    def ready(self) -> None:
        from liandong.core import demo, periodic
        from liandong.screening import (
            actions,
            navigation,  # noqa: F401  (menu)
            policy,  # noqa: F401  (registers the rules)
        )
        from liandong.screening import demo as screening_demo

        periodic.register(periodic.Job("screening.run_queued", actions.run_queued))
        demo.register(demo.Loader("screening", 95, screening_demo.load))
