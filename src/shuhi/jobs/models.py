"""Background jobs: long work (scans, imports, log reviews) with progress the UI can show."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    result = models.JSONField(null=True, blank=True)
    # The traceback of a failed job: it names server paths and code, so only administrators read
    # it (jobs.permissions.can_read_error_detail); everyone else reads `message`.
    error_detail = models.TextField(_("error details"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The process that runs the job, so that a job whose process was killed (kill -9, out of memory,
    # a power cut) can be told from one still running: see jobs.recovery.
    worker_host = models.CharField(max_length=255, blank=True)
    worker_pid = models.PositiveIntegerField(null=True, blank=True)
    worker_started = models.FloatField(null=True, blank=True)

    objects = ScopedManager()
    # A job is seen by whoever started it, by full-view roles, and by colleagues of a supplier's
    # organisation when the job ran on that organisation's data.
    scope = Scope(org="organisation", person="created_by", supplier_visible=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
