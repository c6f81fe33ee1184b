from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "liandong.audit"
    label = "audit"
    verbose_name = _("审计日志")

    def ready(self) -> None:
        from liandong.audit import (
            panels,
            policy,  # noqa: F401  (registers the rules)
        )
        from liandong.core import navigation, workbench
        from liandong.core import policy as access

        workbench.register(workbench.Panel("audit/panel_sign_ins.html", 20, panels.sign_ins))

        navigation.register(
            navigation.NavItem(
                label=_("审计日志"),
                url_name="audit:entry_list",
                order=900,
                namespaces=("audit",),
                visible=lambda user: access.can(user, "audit.entry.view"),
                admin=True,
            )
        )
