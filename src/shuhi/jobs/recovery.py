"""Jobs whose process was killed: found and marked failed, so that none stays "running" forever.

A job's process can end without running a single line of its own clean-up: kill -9, the kernel's
out-of-memory killer, a power cut, a container stopped without its grace period. Its job row then
says "running" for ever, and whatever waits on it (a log-review cycle, a scan run) waits too.

Each job records the process that runs it (host name, pid and the process's start time, so that a
pid the kernel has since given to another process does not pass for it). `jobs_recover_interrupted`
marks failed every running job of this host whose process is gone, with a translated reason for
whoever started it, and lets the job's kind undo what it left waiting (`registry.ON_INTERRUPTED`).

It runs when `shuhi worker` starts (after a restart) and whenever django-q2 spawns a worker process,
which it also does to replace one that died while the cluster kept running. Jobs of other hosts are
left alone: only their own host can tell whether their process is alive.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from dataclasses import dataclass
from importlib import import_module

import psutil
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shuhi import i18n
from shuhi.jobs.models import Job
from shuhi.jobs.registry import ON_INTERRUPTED

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkerIdentity:
    host: str
    pid: int
    started: float | None

    def fields(self) -> dict:
        return {"worker_host": self.host, "worker_pid": self.pid, "worker_started": self.started}


def this_process() -> WorkerIdentity:
    pid = os.getpid()
    started = None
    with contextlib.suppress(psutil.Error):
        started = psutil.Process(pid).create_time()
    return WorkerIdentity(host=socket.gethostname()[:255], pid=pid, started=started)


def _alive(pid: int | None, started: float | None) -> bool:
    if not pid:
        return False
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        # Start times are read from /proc with a resolution of a clock tick.
        return started is None or abs(process.create_time() - started) < 0.05
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def interrupted_message() -> str:
    return _("Failed: interrupted, the worker stopped before the job finished (it was killed or the server "
             "restarted). Start the job again if it is still needed.")


def jobs_recover_interrupted(*, at_start_up: bool = False) -> list[Job]:
    """Marks failed the running jobs of this host whose process no longer exists; returns them.

    `at_start_up` (the worker command, before its cluster starts) also takes running jobs that name
    no process: they were started before jobs recorded one, and no job of this version can be
    running then without one.
    """
    host = socket.gethostname()[:255]
    hosts = [host, ""] if at_start_up else [host]
    found = []
    for job in Job.objects.filter(status=Job.Status.RUNNING, worker_host__in=hosts).select_related("created_by"):
        if job.worker_host and _alive(job.worker_pid, job.worker_started):
            continue
        if _mark_interrupted(job):
            found.append(job)
    return found


def _mark_interrupted(job: Job) -> bool:
    language = getattr(job.created_by, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language), i18n.override(language):
        message = interrupted_message()
    detail = (f"The process that ran this job (pid {job.worker_pid} on {job.worker_host or 'an unknown host'}) "
              "ended without finishing it; found when a worker started.")
    # Only if it is still the same run: a worker on another host cannot have claimed it meanwhile,
    # but a second sweep (two workers starting at once) must not mark it twice.
    updated = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker_pid=job.worker_pid).update(
        status=Job.Status.FAILED, finished_at=timezone.now(), message=message[:500], result=None,
        error_detail=detail)
    if not updated:
        return False
    logger.warning("job %s (%s) was interrupted: its process %s on %s is gone", job.pk, job.kind, job.worker_pid,
                   job.worker_host)
    handler = ON_INTERRUPTED.get(job.kind)
    if handler:
        module_name, func_name = handler.rsplit(".", 1)
        try:
            with translation.override(language), i18n.override(language):
                getattr(import_module(module_name), func_name)(job, message)
        except Exception:  # the job is marked; what waits on it must not stop the other jobs' recovery
            logger.exception("job %s (%s): putting back what it left waiting failed", job.pk, job.kind)
    return True


def recover_on_spawn(sender=None, proc_name: str = "", **kwargs) -> None:
    """django-q2's post_spawn: a new worker process, at start-up or replacing one that died."""
    try:
        jobs_recover_interrupted()
    except Exception:  # a failing sweep must not keep the worker from starting
        logger.exception("looking for interrupted jobs failed")
