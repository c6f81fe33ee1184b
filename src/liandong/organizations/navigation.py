"""Menu entries and the 工作台 panel of this app."""

from django.utils.translation import pgettext_lazy

from liandong.core import navigation, workbench

navigation.register(
    navigation.NavItem(
        label=pgettext_lazy("menu", "成员单位"),
        url_name="organizations:roster",
        order=90,
        namespaces=("organizations",),
    )
)


def _my_department(request) -> dict:
    user = request.user
    department = user.department
    return {
        "person": user,
        "department": department,
        "liaisons": sorted(
            department.liaisons.select_related("user"), key=lambda li: li.rank != "primary"
        ),
    }


workbench.register(workbench.Panel("organizations/panel_me.html", 10, _my_department))
