from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "shuhi.risks"
    label = "risks"
    verbose_name = _("Insider-fraud risks")

    def ready(self) -> None:
        from shuhi.core.registry import DemoLoader, NavItem, register_demo, register_nav
        from shuhi.notifications.events import register_event
        from shuhi.risks import indicators, todos
        from shuhi.risks.demo import load_demo_risks

        # One entry for every home user: readers of the register land on it, everyone else on the
        # case library (the view sends them there).
        register_nav("insider_risks", NavItem(_("Insider-fraud prevention"), "risks:index", 56))
        register_demo(DemoLoader("risks", load_demo_risks, order=60))
        register_event("risks.review_overdue", _("Insider risk due for review"),
                       template="risks/email/review_overdue.txt", audience="home")
        todos.register()
        indicators.register()
