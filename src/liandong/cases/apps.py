from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "liandong.cases"
    label = "cases"
    verbose_name = _("案件")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from liandong.cases import policy  # noqa: F401  (registers the rules)
        from liandong.cases.vocabulary import ensure_seeded

        post_migrate.connect(ensure_seeded, sender=self)
