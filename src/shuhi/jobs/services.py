"""Starting and running background jobs.

The queue is django-q2: with no REDIS_URL it uses the database as its broker, so `make run`
needs no extra server; with REDIS_URL it uses Redis for production workers.

A failed job tells whoever started it why, in their language, without a traceback: see
failure_message. The traceback goes to the log and to Job.error_detail, for administrators.
"""

from __future__ import annotations

import logging
import traceback
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shuhi import i18n
from shuhi.core.audit.context import audit_source
from shuhi.core.audit.services import audit_record
from shuhi.core.permissions import is_system
from shuhi.jobs.models import Job
from shuhi.jobs.recovery import this_process
from shuhi.jobs.registry import JOB_KINDS

logger = logging.getLogger(__name__)


class JobRefused(Exception):
    """A job that cannot do its work for a reason its starter can act on (a scan of a location that
    is gone, an archive that is too large); raise it with a translated message, which they read."""


def failure_message(exc: BaseException) -> str:
    """What the person who started a job reads about its failure.

    Their own problems are shown as written: JobRefused, Django's ValidationError, and ValueError,
    which the engines and importers raise with a translated message (the engines import no
    Django). Anything else is a fault of the installation, whose text can name server paths and
    code; it is replaced by a sentence that sends them to an administrator.
    """
    if isinstance(exc, ValidationError):
        text = " ".join(exc.messages)
    elif isinstance(exc, JobRefused) or (isinstance(exc, ValueError) and not isinstance(exc, UnicodeError)):
        text = str(exc)
    else:
        text = ""
    if not text.strip():
        return _("Failed: an unexpected error stopped the job. An administrator can read the details on "
                 "this job's page and in the server log.")
    return _("Failed: %(error)s") % {"error": text[:400]}


class Progress:
    """Handed to job functions; throttles writes so progress costs little."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int, message: str = "") -> None:
        now = timezone.now().timestamp()
        if now - self._last < 0.5 and done < total:
            return
        self._last = now
        Job.objects.filter(pk=self.job.pk).update(done=done, total=total, message=message[:500])


def job_enqueue(*, actor: Any, kind: str, params: dict | None = None, organisation_id: int | None = None) -> Job:
    if kind not in JOB_KINDS:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, title=str(JOB_KINDS[kind][1]), params=params or {},
            organisation_id=organisation_id or actor.organisation_id,
            # A system actor (a command, another job) has no user row.
            created_by=None if is_system(actor) else actor,
        )
        audit_record(actor=actor, action="job.enqueue", obj=job, after={"kind": kind, "params": job.params})
    # After commit, so a worker never picks up a job row it cannot see yet.
    transaction.on_commit(lambda: _dispatch(job.pk))
    return job


def _dispatch(job_id: int) -> None:
    from django_q.tasks import async_task

    # sync runs the job in this process: for tests, and for `SHUHI_SYNC_JOBS=1` without a worker.
    async_task("shuhi.jobs.services.job_run", job_id, task_name=f"shuhi-job-{job_id}",
               sync=getattr(settings, "SHUHI_SYNC_JOBS", False))


def job_run(job_id: int) -> None:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    # Progress, results and errors are read by the person who started the job: their language,
    # not the worker's locale (the web app's and the engines' messages alike).
    language = getattr(job.created_by, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language), i18n.override(language):
        _run(job)


def _run(job: Job) -> None:
    job_id = job.pk
    # Claimed only from "queued": the queue hands a task out again when its worker was killed, and a
    # job that was finished, or marked failed as interrupted (jobs.recovery), must not run twice.
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, started_at=timezone.now(), **this_process().fields())
    if not claimed:
        logger.warning("job %s (%s) is no longer queued; not run again", job_id, job.kind)
        return
    try:
        module_name, func_name = JOB_KINDS[job.kind][0].rsplit(".", 1)
        func = getattr(import_module(module_name), func_name)
        with audit_source("job"):
            result = func(job, Progress(job))
    except Exception as exc:  # a failing job must be recorded, not lost in the worker log
        logger.exception("job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=Job.Status.FAILED, finished_at=timezone.now(), message=failure_message(exc)[:500],
            result=None, error_detail=traceback.format_exc()[-20000:],
        )
        return
    Job.objects.filter(pk=job_id).update(
        status=Job.Status.DONE, finished_at=timezone.now(), result=result,
        message=(result or {}).get("message", "")[:500] if isinstance(result, dict) else "",
    )
