import os
import signal
import threading
import time

from django.core.management import call_command
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.commands import ShuhiCommand
from shuhi.jobs.recovery import jobs_recover_interrupted
from shuhi.jobs.registry import ON_WORKER_START
from shuhi.jobs.schedules import schedules_install


def _end_group_when_serve_ends(serve_pid: int) -> None:
    """Started by `shuhi serve`: once serve is gone (even SIGKILLed), end this worker and its cluster.

    serve made the worker a process group of its own, so this reaches the cluster's sentinel and
    workers and nothing else. A job cut short here is marked failed by the next worker's recovery.
    """
    while os.getppid() == serve_pid:
        time.sleep(0.5)
    os.killpg(os.getpgrp(), signal.SIGKILL)


class Command(ShuhiCommand):
    help = gettext_lazy(
        "Run the background job worker (django-q2; the database is the broker unless REDIS_URL is set).")

    def handle(self, *args, **options):
        serve_pid = os.environ.get("SHUHI_SERVE_PID", "")
        if serve_pid.isdigit() and os.getpgrp() == os.getpid():
            threading.Thread(target=_end_group_when_serve_ends, args=(int(serve_pid),), daemon=True).start()
        # Jobs that a killed worker left "running" are marked failed before new ones start.
        interrupted = jobs_recover_interrupted(at_start_up=True)
        if interrupted:
            self.stderr.write(_("Marked %(n)s interrupted jobs as failed: %(ids)s") % {
                "n": len(interrupted), "ids": ", ".join(f"#{job.pk}" for job in interrupted)})
        for name, path in ON_WORKER_START.items():
            removed = import_string(path)()
            if removed:
                self.stderr.write(_("%(task)s: removed %(n)s leftovers.") % {"task": name, "n": removed})
        # Also here, for a database migrated before the schedules existed.
        schedules_install()
        call_command("qcluster")
