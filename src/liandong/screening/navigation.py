"""The menu entries of screening: for the departments allowed, and the administrators' page of
who is allowed."""

from django.utils.translation import gettext_lazy as _

from liandong.core import navigation, policy

navigation.register(
    navigation.NavItem(
        label=_("线索筛查"),
        url_name="screening:list",
        order=22,
        namespaces=("screening",),
        visible=lambda user: policy.can(user, "screening.view"),
    )
)
navigation.register(
    navigation.NavItem(
        label=_("筛查权限"),
        url_name="screening:access",
        order=920,
        admin=True,
        visible=lambda user: policy.can(user, "screening.access.manage"),
    )
)
