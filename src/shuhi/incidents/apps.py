from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "shuhi.incidents"
    label = "incidents"
    verbose_name = _("Reports and incidents")

    def ready(self) -> None:
        from shuhi.core.registry import SUPPLIER, DemoLoader, NavItem, register_demo, register_nav
        from shuhi.incidents import indicators, todos
        from shuhi.incidents.demo import load_demo_incidents
        from shuhi.notifications.events import register_event

        register_nav("incidents", NavItem(_("Reports and incidents"), "incidents:home", 60))
        register_nav("supplier_report_channel", NavItem(_("Report a concern"), "incidents:home", 60,
                                                        audience=SUPPLIER))
        register_event("incidents.report_received", _("New report in the reporting channel"), audience="home")
        register_event("incidents.report_question", _("Message waiting in the reporting channel"))
        register_event("incidents.report_answer", _("Reporter's answer in the reporting channel"), audience="home")
        todos.register()
        indicators.register()
        # After the ledger, suppliers, disclosures and people: incidents name their demo rows.
        register_demo(DemoLoader("incidents", load_demo_incidents, order=60))
