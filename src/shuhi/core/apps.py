from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CoreConfig(AppConfig):
    name = "shuhi.core"
    label = "core"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        from shuhi.core import selectors
        from shuhi.core.registry import Card, NavItem, register_card, register_nav
        from shuhi.core.roles import FULL_VIEW_ROLES, PEOPLE_READERS

        register_nav("dashboard", NavItem(_("Dashboard"), "core:dashboard", 0))
        register_nav("supplier_dashboard", NavItem(_("Dashboard"), "core:dashboard", 0, audience="supplier"))
        register_nav("people", NavItem(_("Accounts and organisation"), "core:people", 50,
                                                group=pgettext_lazy("menu", "People")))
        register_card(Card("suppliers_count", "core/dashboard_suppliers.html",
                           lambda user: selectors.supplier_figures(user=user), order=20,
                           roles=FULL_VIEW_ROLES))
        register_card(Card("people", "core/dashboard_people.html",
                           lambda user: selectors.people_figures(user=user), order=50,
                           roles=PEOPLE_READERS))
