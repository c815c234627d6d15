from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "shuhi.jobs"
    label = "jobs"

    def ready(self) -> None:
        from shuhi.core.registry import HOME, SUPPLIER, Card, register_card
        from shuhi.jobs.selectors import job_list

        for audience in (HOME, SUPPLIER):
            register_card(Card(f"jobs_{audience}", "jobs/dashboard_panel.html",
                               lambda user: {"jobs": job_list(user=user)[:5]}, order=90, audience=audience,
                               wide=True))
