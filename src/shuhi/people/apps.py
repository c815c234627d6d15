from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "shuhi.people"
    label = "people"
    verbose_name = _("People and pledges")

    def ready(self) -> None:
        from shuhi.core.registry import SUPPLIER, DemoLoader, NavItem, register_demo, register_nav
        from shuhi.people.demo import load_demo_people

        register_nav("people_register", NavItem(_("People register"), "people:list", 51))
        register_nav("my_pledges", NavItem(_("My pledges"), "people:my_pledges", 52))
        register_nav("onsite_staff", NavItem(_("On-site staff"), "people:list", 30, audience=SUPPLIER))
        # After the ledger's demo data: pledges name the demo ledger's assets.
        register_demo(DemoLoader("people", load_demo_people, order=40))
        from shuhi.people.indicators import register_management_indicators

        register_management_indicators()
