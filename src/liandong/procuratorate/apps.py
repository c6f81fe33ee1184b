from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcuratorateConfig(AppConfig):
    """The procuratorate's narrow view: the criminal transfers copied to it, the 立案监督
    suggestions it answers, and its figures. Its people see nothing else of the platform
    (``organizations.middleware.ExternalGateMiddleware``)."""

    name = "liandong.procuratorate"
    label = "procuratorate"
    verbose_name = _("检察机关")

    def ready(self) -> None:
        from liandong.procuratorate import navigation  # noqa: F401  (its menu)
