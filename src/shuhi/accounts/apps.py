from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shuhi.accounts"
    label = "accounts"

    def ready(self) -> None:
        from shuhi.accounts.demo import load_demo_invitations
        from shuhi.core.registry import DemoLoader, register_demo

        register_demo(DemoLoader("invitations", load_demo_invitations, order=90))
