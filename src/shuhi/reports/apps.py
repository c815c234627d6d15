from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "shuhi.reports"
    label = "reports"
    verbose_name = _("Management reports")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from shuhi.core.registry import Card, DemoLoader, NavItem, register_card, register_demo, register_nav
        from shuhi.core.roles import MANAGEMENT_READERS
        from shuhi.jobs.registry import JOB_KINDS
        from shuhi.notifications.events import register_event
        from shuhi.reports import selectors
        from shuhi.reports.demo import load_demo_snapshots
        from shuhi.reports.jobs import ensure_schedule

        register_nav("management", NavItem(_("Management"), "reports:dashboard", 80,
                                                    roles=MANAGEMENT_READERS))
        register_card(Card("management", "reports/dashboard_card.html", selectors.dashboard_card, order=5,
                           roles=MANAGEMENT_READERS))
        # Late: every other app's demo data, and so every indicator, exists by then.
        register_demo(DemoLoader("reports", load_demo_snapshots, order=90))
        register_event("reports.monthly_ready", _("Monthly management report ready"), audience="home")
        JOB_KINDS["reports.monthly"] = ("shuhi.reports.jobs.monthly_job",
                                        _("Snapshot the indicators and make the monthly management report"))
        post_migrate.connect(ensure_schedule, sender=self, dispatch_uid="shuhi.reports.ensure_schedule")
