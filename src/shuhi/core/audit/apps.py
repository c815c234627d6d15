from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "shuhi.core.audit"
    label = "audit"
