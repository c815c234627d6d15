from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "shuhi.ledger"
    label = "ledger"
    verbose_name = _("Information-asset ledger")

    def ready(self) -> None:
        from shuhi.core.registry import Card, DemoLoader, NavItem, register_card, register_demo, register_nav
        from shuhi.ledger import selectors
        from shuhi.ledger.demo import load_demo_ledger

        register_nav("ledger", NavItem(_("Ledger"), "ledger:list", 20))
        register_card(Card("ledger", "ledger/dashboard_card.html",
                           lambda user: {"ledger": selectors.ledger_summary(user=user)}, order=10))
        register_demo(DemoLoader("ledger", lambda home: load_demo_ledger(home=home), order=10))
        from shuhi.ledger.indicators import register_management_indicators

        register_management_indicators()
