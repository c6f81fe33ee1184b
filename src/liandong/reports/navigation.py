"""The menu entry of the figures (every member department) and of the reports (the lead unit)."""

from django.utils.translation import gettext_lazy as _

from liandong.core import navigation, policy

navigation.register(
    navigation.NavItem(
        label=_("运行情况"),
        url_name="reports:dashboard",
        order=21,
        namespaces=("reports",),
        visible=lambda user: policy.can(user, "reports.dashboard.view"),
    )
)
