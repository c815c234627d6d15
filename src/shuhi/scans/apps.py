from django.apps import AppConfig


class ScansConfig(AppConfig):
    name = "shuhi.scans"
    label = "scans"
