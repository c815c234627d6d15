from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "shuhi.suppliers"
    label = "suppliers"
    verbose_name = _("Supplier management")

    def ready(self) -> None:
        from shuhi.suppliers import todos

        todos.register()
        from shuhi.core.registry import (
            SUPPLIER,
            Card,
            DemoLoader,
            NavItem,
            register_card,
            register_demo,
            register_nav,
        )
        from shuhi.core.roles import FULL_VIEW_ROLES
        from shuhi.suppliers import selectors
        from shuhi.suppliers.demo import load_demo_suppliers

        register_nav("suppliers", NavItem(_("Suppliers"), "suppliers:list", 30))
        register_nav("portal", NavItem(_("Assessments"), "suppliers:portal", 10, audience=SUPPLIER))
        register_card(Card("assessments", "suppliers/dashboard_assessments.html",
                           lambda user: selectors.dashboard_figures(user=user), order=30,
                           roles=FULL_VIEW_ROLES))
        register_card(Card("portal", "suppliers/dashboard_card.html", lambda user: {}, order=10, audience=SUPPLIER))
        register_demo(DemoLoader("suppliers", load_demo_suppliers, order=20))
        from shuhi.suppliers.indicators import register_management_indicators

        register_management_indicators()
