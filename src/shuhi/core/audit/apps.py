from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shuhi.audit"
    label = "audit"
