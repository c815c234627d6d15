from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "shuhi.jobs"
    label = "jobs"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django_q.signals import post_spawn

        from shuhi.core.registry import HOME, SUPPLIER, Card, register_card
        from shuhi.jobs.recovery import recover_on_spawn
        from shuhi.jobs.schedules import schedules_install
        from shuhi.jobs.selectors import job_list

        # Every worker process django-q2 starts, including one replacing a worker that died mid-job.
        post_spawn.connect(recover_on_spawn, dispatch_uid="shuhi.jobs.recover_on_spawn")
        # The daily digest and reminders exist as soon as the database does (see jobs/schedules.py).
        post_migrate.connect(schedules_install, sender=self, dispatch_uid="shuhi.jobs.schedules_install")

        for audience in (HOME, SUPPLIER):
            register_card(Card(f"jobs_{audience}", "jobs/dashboard_panel.html",
                               lambda user: {"jobs": job_list(user=user)[:5]}, order=90, audience=audience,
                               wide=True))
