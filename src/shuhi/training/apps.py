from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TrainingConfig(AppConfig):
    name = "shuhi.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from shuhi.core.registry import (
            SUPPLIER,
            Card,
            DemoLoader,
            NavItem,
            register_card,
            register_demo,
            register_follower,
            register_nav,
        )
        from shuhi.core.roles import PEOPLE_READERS
        from shuhi.notifications.events import register_event
        from shuhi.training import indicators, todos
        from shuhi.training.demo import load_demo_training
        from shuhi.training.services_assign import assignments_follow_event

        todos.register()
        indicators.register()
        register_nav("training", NavItem(_("Training"), "training:index", 53, group=pgettext_lazy("menu", "People")))
        register_nav("onsite_training", NavItem(_("Staff training"), "training:assignments", 31, audience=SUPPLIER))
        register_card(Card("training", "training/dashboard_card.html", indicators.dashboard_figures, order=55,
                           roles=PEOPLE_READERS))
        register_card(Card("my_training", "training/my_card.html", todos.my_card, order=56))
        register_event("training.assigned", _("Training to take"), audience="home")
        register_event("training.overdue", _("Training overdue"), audience="home")
        register_event("training.overdue_staff", _("Overdue training of people without a log-in"))
        register_follower("people.lifecycle_event", "training", assignments_follow_event)
        # After the people register's demo data: assignments go to its people.
        register_demo(DemoLoader("training", load_demo_training, order=45))
