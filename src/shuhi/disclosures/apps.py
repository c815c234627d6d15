from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "shuhi.disclosures"
    label = "disclosures"
    verbose_name = _("Disclosure register")

    def ready(self) -> None:
        from shuhi.disclosures import todos

        todos.register()
        from shuhi.core.registry import SUPPLIER, Card, DemoLoader, NavItem, register_card, register_demo, register_nav
        from shuhi.disclosures import selectors
        from shuhi.disclosures.demo import load_demo_disclosures

        register_nav("disclosures", NavItem(_("Disclosures"), "disclosures:list", 35))
        register_nav("portal_disclosures", NavItem(_("Disclosed secrets"), "disclosures:portal", 20,
                                                   audience=SUPPLIER))
        register_card(Card("disclosures", "disclosures/dashboard_card.html",
                           lambda user: selectors.dashboard_figures(user), order=35))
        # After the suppliers' demo data: disclosures go to the demo suppliers.
        register_demo(DemoLoader("disclosures", load_demo_disclosures, order=25))
        from shuhi.disclosures.indicators import register_management_indicators

        register_management_indicators()
