from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "liandong.organizations"
    label = "organizations"
    verbose_name = _("成员单位与人员")

    def ready(self) -> None:
        from liandong.core import demo
        from liandong.organizations import demo as organizations_demo
        from liandong.organizations import navigation, policy  # noqa: F401  (registrations)

        demo.register(demo.Loader("organizations", 10, organizations_demo.load))
