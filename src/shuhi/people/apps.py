from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PeopleConfig(AppConfig):
    name = "shuhi.people"
    label = "people"
    verbose_name = _("People and pledges")

    def ready(self) -> None:
        from shuhi.core.registry import SUPPLIER, DemoLoader, NavItem, register_demo, register_nav
        from shuhi.notifications.events import register_event
        from shuhi.people import indicators, todos
        from shuhi.people.demo import load_demo_people

        # One drop-down "人・誓約・教育" with core's accounts and the training app's entry.
        people = pgettext_lazy("menu", "People")
        register_nav("people_register", NavItem(_("People register"), "people:list", 51, group=people))
        register_nav("my_pledges", NavItem(_("My pledges"), "people:my_pledges", 52, group=people))
        register_nav("policies", NavItem(_("Policies"), "people:policies", 53, group=people))
        register_nav("management_messages", NavItem(_("Management messages"), "people:messages", 54, group=people))
        register_nav("onsite_staff", NavItem(_("On-site staff"), "people:list", 30, audience=SUPPLIER))
        # After the ledger's demo data: pledges name the demo ledger's assets.
        register_demo(DemoLoader("people", load_demo_people, order=40))
        from shuhi.core.pickers import register_reading

        # An account linked to a registered person sorts by the kana HR gave for them.
        register_reading("person__kana")
        register_event("people.policy_published", _("Policy to acknowledge"), audience="home")
        todos.register()
        indicators.register()
