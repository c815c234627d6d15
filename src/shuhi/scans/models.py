"""Document scans: a run over a storage location or an uploaded archive, its files and findings.

Scans are the outsourcer's own self-check, so every row is home data: administrators, security
managers and auditors read it; other staff and suppliers see none of it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shuhi.core.permissions import Scope, ScopedManager


class ScanRun(models.Model):
    class Source(models.TextChoices):
        LOCATION = "location", _("Storage location on the server")
        ARCHIVE = "archive", _("Uploaded archive (.zip)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="scan_runs")
    location = models.ForeignKey(
        "ledger.StorageLocation", verbose_name=_("storage location"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="scan_runs",
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    archive_name = models.CharField(_("archive"), max_length=255, blank=True)
    # The saved upload's random name under MEDIA_ROOT/scans, removed once the job has read it.
    archive_file = models.CharField(max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    files_total = models.PositiveIntegerField(_("files"), default=0)
    files_labelled = models.PositiveIntegerField(_("labelled files"), default=0)
    files_failed = models.PositiveIntegerField(_("unreadable files"), default=0)
    findings_total = models.PositiveIntegerField(_("findings"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    job = models.ForeignKey("jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = ScopedManager()
    scope = Scope(org="organisation", supplier_visible=False)

    class Meta:
        verbose_name = _("document scan")
        verbose_name_plural = _("document scans")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        subject = self.archive_name if self.source == self.Source.ARCHIVE else str(self.location or "—")
        return f"#{self.pk} {subject}"


class ScannedFile(models.Model):
    run = models.ForeignKey(ScanRun, on_delete=models.CASCADE, related_name="files")
    path = models.CharField(_("path"), max_length=1000)
    format = models.CharField(_("format"), max_length=16, blank=True)
    # The engine's tier key (top_secret, confidential, public, or a configured one); blank = no label.
    tier_key = models.CharField(_("tier found"), max_length=40, blank=True)
    tier = models.ForeignKey(
        "ledger.Tier", verbose_name=_("tier found"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    labels = models.JSONField(_("labels"), default=list, blank=True)
    mip = models.JSONField(_("Microsoft labels"), default=list, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    # Some of its text was read from page images (a scan); its labels then carry a confidence.
    ocr = models.BooleanField(_("read by OCR"), default=False)
    location = models.ForeignKey(
        "ledger.StorageLocation", verbose_name=_("storage location"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # The location's tier when the file was scanned: a later re-tiering must not rewrite history.
    location_tier = models.ForeignKey(
        "ledger.Tier", verbose_name=_("tier of the location"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScopedManager()
    scope = Scope(org="run__organisation", supplier_visible=False)

    class Meta:
        verbose_name = _("scanned file")
        verbose_name_plural = _("scanned files")
        ordering = ["run", "path", "pk"]
        indexes = [models.Index(fields=["run", "location"])]

    def __str__(self) -> str:
        return self.path

    @property
    def labelled(self) -> bool:
        return bool(self.tier_key)

    @property
    def ocr_confidence(self) -> float | None:
        """The lowest OCR confidence (0-100) among its labels: how far the weakest reading can be trusted."""
        found = [float(label["confidence"]) for label in self.labels or []
                 if isinstance(label, dict) and label.get("ocr") and label.get("confidence") is not None]
        return min(found) if found else None


class ScanFinding(models.Model):
    class Kind(models.TextChoices):
        UNLABELLED = "unlabelled_in_confidential_location", _("Unlabelled document in a confidential location")
        WEAKER = "label_weaker_than_location", _("Label weaker than the location's tier")
        STRONGER = "label_stronger_than_location", _("Label stronger than the location (a secret in the wrong place)")
        MIP_DISAGREES = "mip_disagrees_with_visible", _("Microsoft label disagrees with the visible label")

    file = models.ForeignKey(ScannedFile, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    message = models.CharField(_("message"), max_length=500)

    objects = ScopedManager()
    scope = Scope(org="file__run__organisation", supplier_visible=False)

    class Meta:
        verbose_name = _("scan finding")
        verbose_name_plural = _("scan findings")
        ordering = ["file", "kind"]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file.path}"
