from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "shuhi.reviews"
    label = "reviews"
    verbose_name = _("Log review")

    def ready(self) -> None:
        from shuhi.reviews import todos

        todos.register()
        from shuhi.core.registry import Card, DemoLoader, NavItem, register_card, register_demo, register_nav
        from shuhi.core.roles import FULL_VIEW_ROLES
        from shuhi.reviews import selectors
        from shuhi.reviews.demo import load_demo_reviews

        register_nav("reviews", NavItem(_("Log review"), "reviews:list", 70))
        register_card(Card("reviews", "reviews/dashboard_card.html",
                           lambda user: selectors.dashboard_figures(user=user), order=40,
                           roles=FULL_VIEW_ROLES))
        register_demo(DemoLoader("reviews", load_demo_reviews, order=30))
        from shuhi.people.hooks import LogReviewProvider, register_log_review_provider
        from shuhi.reviews import exit_scope

        register_log_review_provider("reviews", LogReviewProvider(touched=exit_scope.touched,
                                                                  reviews=exit_scope.reviews))
        from shuhi.reviews.indicators import register_management_indicators

        register_management_indicators()
