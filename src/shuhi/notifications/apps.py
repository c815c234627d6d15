from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "shuhi.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from shuhi.core.registry import HeaderLink, register_header_link
        from shuhi.notifications import events, selectors

        events.register_builtin_events()
        register_header_link(HeaderLink("notifications", _("Notifications"), "notifications:inbox",
                                        lambda user: selectors.unread_count(user=user), order=10))
