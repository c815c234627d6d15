from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "shuhi.scans"
    label = "scans"

    def ready(self) -> None:
        from shuhi.ledger.indicators import register_indicator_provider
        from shuhi.scans.indicators import register_management_indicators, scanned_label_indicators

        register_indicator_provider("scanned_label_coverage", scanned_label_indicators)
        register_management_indicators()
