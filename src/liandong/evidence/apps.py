from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "liandong.evidence"
    label = "evidence"
    verbose_name = _("证据")

    def ready(self) -> None:
        from liandong.core import demo, periodic
        from liandong.evidence import (
            actions,
            integrity,
            policy,  # noqa: F401  (registers the rules)
            timeline,  # noqa: F401  (its steps on the case timeline)
        )
        from liandong.evidence import demo as evidence_demo

        demo.register(demo.Loader("evidence", 25, evidence_demo.load))
        periodic.register(periodic.Job("evidence.integrity_sweep", integrity.sweep))
        periodic.register(periodic.Job("evidence.expire_uploads", actions.expire_uploads))
