from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "shuhi.jobs"
    label = "jobs"

    def ready(self) -> None:
        from django_q.signals import post_spawn

        from shuhi.core.registry import HOME, SUPPLIER, Card, register_card
        from shuhi.jobs.recovery import recover_on_spawn
        from shuhi.jobs.selectors import job_list

        # Every worker process django-q2 starts, including one replacing a worker that died mid-job.
        post_spawn.connect(recover_on_spawn, dispatch_uid="shuhi.jobs.recover_on_spawn")

        for audience in (HOME, SUPPLIER):
            register_card(Card(f"jobs_{audience}", "jobs/dashboard_panel.html",
                               lambda user: {"jobs": job_list(user=user)[:5]}, order=90, audience=audience,
                               wide=True))
