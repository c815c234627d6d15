from django.core.management import call_command
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.jobs.recovery import jobs_recover_interrupted
from shuhi.jobs.registry import ON_WORKER_START


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Run the background job worker (django-q2; the database is the broker unless REDIS_URL is set).")

    def handle(self, *args, **options):
        # Jobs that a killed worker left "running" are marked failed before new ones start.
        interrupted = jobs_recover_interrupted(at_start_up=True)
        if interrupted:
            self.stderr.write(_("Marked %(n)s interrupted jobs as failed: %(ids)s") % {
                "n": len(interrupted), "ids": ", ".join(f"#{job.pk}" for job in interrupted)})
        for name, path in ON_WORKER_START.items():
            removed = import_string(path)()
            if removed:
                self.stderr.write(_("%(task)s: removed %(n)s leftovers.") % {"task": name, "n": removed})
        call_command("qcluster")
