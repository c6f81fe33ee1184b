from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreditConfig(AppConfig):
    name = "liandong.credit"
    label = "credit"
    verbose_name = _("信用信息")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from liandong.cases import workflow
        from liandong.core import demo, periodic
        from liandong.credit import (
            actions,
            navigation,  # noqa: F401  (menu and workbench)
            period_table,
            policy,  # noqa: F401  (registers the rules)
            push,
        )
        from liandong.credit import demo as credit_demo

        workflow.register_follow_up(actions.start_online_clock)
        periodic.register(periodic.Job("credit.push", push.send_due))
        periodic.register(periodic.Job("credit.expire", actions.expire_records))
        post_migrate.connect(period_table.ensure_seeded, sender=self)
        demo.register(demo.Loader("credit", 65, credit_demo.load))
