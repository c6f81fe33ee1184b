from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "liandong.deadlines"
    label = "deadlines"
    verbose_name = _("期限")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from liandong.deadlines import navigation, policy  # noqa: F401  (registrations)
        from liandong.deadlines.rules import ensure_seeded

        post_migrate.connect(ensure_seeded, sender=self)

        from liandong.core import demo
        from liandong.deadlines import demo as deadlines_demo

        demo.register(demo.Loader("deadlines", 30, deadlines_demo.load))
