from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "liandong.documents"
    label = "documents"
    verbose_name = _("公文")

    def ready(self) -> None:
        from liandong.documents import (
            checks,  # noqa: F401  (registers the system checks of the server's packages)
            integrity,
            policy,  # noqa: F401  (registers the rules)
            timeline,  # noqa: F401  (issued documents on the case timeline)
        )
        from liandong.evidence import integrity as sweep

        sweep.register(integrity.FILES)  # the same store, schedule and budget as evidence files
