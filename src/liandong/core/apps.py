from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "liandong.core"
    label = "core"
    verbose_name = _("平台")

    def ready(self) -> None:
        from liandong.core import navigation

        navigation.register(
            navigation.NavItem(
                label=_("工作台"), url_name="core:home", order=0, namespaces=("core",)
            )
        )
