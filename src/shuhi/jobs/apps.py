from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "shuhi.jobs"
    label = "jobs"
