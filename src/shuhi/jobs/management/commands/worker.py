from django.core.management import call_command
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.jobs.recovery import jobs_recover_interrupted


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Run the background job worker (django-q2; the database is the broker unless REDIS_URL is set).")

    def handle(self, *args, **options):
        # Jobs that a killed worker left "running" are marked failed before new ones start.
        interrupted = jobs_recover_interrupted(at_start_up=True)
        if interrupted:
            self.stderr.write(_("Marked %(n)s interrupted jobs as failed: %(ids)s") % {
                "n": len(interrupted), "ids": ", ".join(f"#{job.pk}" for job in interrupted)})
        call_command("qcluster")
