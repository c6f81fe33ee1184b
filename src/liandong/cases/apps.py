from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "liandong.cases"
    label = "cases"
    verbose_name = _("案件")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from liandong.cases import demo as cases_demo
        from liandong.cases import hearing, policy  # noqa: F401  (the rules, the guard)
        from liandong.core import demo, navigation
        from liandong.core import policy as permissions

        demo.register(demo.Loader("cases", 20, cases_demo.load))

        navigation.register(
            navigation.NavItem(
                label=_("案件"), url_name="cases:list", order=10, namespaces=("cases",)
            )
        )
        navigation.register(
            navigation.NavItem(
                label=_("移送标准"),
                url_name="cases:thresholds",
                order=905,
                visible=lambda user: permissions.can(user, "cases.threshold.manage"),
                admin=True,
            )
        )
        from liandong.cases.vocabulary import ensure_seeded

        post_migrate.connect(ensure_seeded, sender=self)
