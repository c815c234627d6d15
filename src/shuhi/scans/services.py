"""Scan writes: starting a scan (audited as scan.start), recording its results, finishing it (scan.finish)."""

from __future__ import annotations

import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.services import audit_record
from shuhi.core.permissions import enforces
from shuhi.ledger.models import StorageLocation
from shuhi.paths import within
from shuhi.scans import permissions as can
from shuhi.scans.conf import scan_roots, setting, upload_folder
from shuhi.scans.findings import TierMap, file_findings, readable
from shuhi.scans.matching import is_windows_pattern, local_root
from shuhi.scans.models import ScanFinding, ScannedFile, ScanRun

ARCHIVE_SUFFIXES = {".zip"}


@dataclass
class RunCounts:
    files_total: int = 0
    files_labelled: int = 0
    files_failed: int = 0
    findings_total: int = 0

    def add(self, other: RunCounts) -> None:
        for key, value in asdict(other).items():
            setattr(self, key, getattr(self, key) + value)


START_MESSAGE = gettext_lazy("Only administrators and security managers can start document scans.")


def location_roots(location: StorageLocation) -> tuple[list[Path], list[str]]:
    """Folders to walk for `location`, and the reasons its other patterns cannot be scanned."""
    allowed, problems, roots = scan_roots(), [], []
    for pattern in location.patterns:
        root = local_root(pattern)
        if root is None:
            problems.append(_("%(pattern)s is not a folder on this server (Windows shares are scanned by "
                              "uploading a .zip of the folder).") % {"pattern": pattern}
                            if is_windows_pattern(pattern) else
                            _("%(pattern)s is not an absolute path.") % {"pattern": pattern})
        elif not within(root, allowed):
            problems.append(_("%(pattern)s is outside the folders this server may scan (SHUHI_SCAN_ROOTS).")
                            % {"pattern": pattern})
        else:
            roots.append(root)
    return roots, problems


def _enqueue(actor: Any, run: ScanRun) -> ScanRun:
    from shuhi.jobs.services import job_enqueue

    run.job = job_enqueue(actor=actor, kind="scans.run", params={"run": run.pk},
                          organisation_id=run.organisation_id)
    run.save(update_fields=["job"])
    audit_record(actor=actor, action="scan.start", obj=run,
                 after={"source": run.source, "location": run.location_id, "archive": run.archive_name,
                        "job": run.job_id})
    return run


@enforces(can.can_start_scan, obj="location", message=START_MESSAGE)
@transaction.atomic
def scan_start_location(*, actor: Any, location: StorageLocation) -> ScanRun:
    """Scan the folders on the server that the location's path patterns name, in the background."""
    roots, problems = location_roots(location)
    if not roots:
        raise ValidationError({"location": problems or [_("The location has no path patterns to scan.")]})
    run = ScanRun.objects.create(organisation_id=location.organisation_id, location=location,
                                 source=ScanRun.Source.LOCATION, created_by=actor)
    return _enqueue(actor, run)


def _check_upload(upload: Any) -> None:
    limit = int(setting("SHUHI_SCAN_UPLOAD_MAX_BYTES"))
    if Path(upload.name or "").suffix.lower() not in ARCHIVE_SUFFIXES:
        raise ValidationError({"archive": [_("Choose a .zip archive.")]})
    if upload.size > limit:
        raise ValidationError({"archive": [_("The archive is too large (%(size)s MB); the limit is %(limit)s MB.")
                                           % {"size": upload.size // (1024 * 1024), "limit": limit // (1024 * 1024)}]})


def _save_upload(upload: Any) -> Path:
    folder = upload_folder()
    folder.mkdir(parents=True, exist_ok=True)
    # A random name: the uploaded file's name never becomes a path on the server.
    path = folder / f"{uuid.uuid4().hex}.zip"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    if not zipfile.is_zipfile(path):
        path.unlink(missing_ok=True)
        raise ValidationError({"archive": [_("The file is not a .zip archive.")]})
    return path


@enforces(can.can_start_scan, obj="location", message=START_MESSAGE)
@transaction.atomic
def scan_start_archive(*, actor: Any, upload: Any, location: StorageLocation | None = None) -> ScanRun:
    """Scan an uploaded .zip in the background; `location` is where the files came from, if known."""
    if location is not None and location.organisation_id != actor.organisation_id:
        raise ValidationError({"location": [_("Choose one of your organisation's storage locations.")]})
    _check_upload(upload)
    path = _save_upload(upload)
    # The saved file is removed when the run cannot be recorded, so no upload is left unnamed.
    try:
        run = ScanRun.objects.create(organisation_id=actor.organisation_id, location=location,
                                     source=ScanRun.Source.ARCHIVE, archive_name=Path(upload.name).name[:255],
                                     archive_file=path.name, created_by=actor)
        return _enqueue(actor, run)
    except Exception:
        path.unlink(missing_ok=True)
        raise


def scan_run_started(*, run: ScanRun) -> None:
    ScanRun.objects.filter(pk=run.pk).update(status=ScanRun.Status.RUNNING)


def _file_row(run: ScanRun, result: dict[str, Any], location: Any, tiers: TierMap) -> ScannedFile:
    key = result.get("tier") or ""
    return ScannedFile(
        run=run, path=str(result["path"])[:1000], format=(result.get("format") or "")[:16], tier_key=key[:40],
        tier=tiers.ledger_tier(key), labels=result.get("labels") or [], mip=result.get("mip") or [],
        error=(result.get("error") or "")[:200], ocr=bool(result.get("ocr")), location=location,
        location_tier=tiers.by_pk.get(location.tier_id) if location is not None else None,
    )


@transaction.atomic
def scan_results_record(*, run: ScanRun, results: Iterable[tuple[dict[str, Any], Any]], tiers: TierMap) -> RunCounts:
    """Store (result, location) pairs as files with their findings; the run's finish is what is audited."""
    counts = RunCounts()
    rows, pending = [], []
    for result, location in results:
        row = _file_row(run, result, location, tiers)
        rows.append(row)
        pending.append(file_findings(result, location, row.location_tier, tiers))
        counts.files_total += 1
        counts.files_labelled += bool(row.tier_key)
        counts.files_failed += not readable(result)
    ScannedFile.objects.bulk_create(rows)
    findings = [ScanFinding(file=row, kind=kind, message=message[:500])
                for row, found in zip(rows, pending, strict=True) for kind, message in found]
    ScanFinding.objects.bulk_create(findings)
    counts.findings_total = len(findings)
    return counts


@transaction.atomic
def scan_run_finish(*, run: ScanRun, counts: RunCounts, failed: bool = False, message: str = "") -> ScanRun:
    before = {"status": run.status}
    run.status = ScanRun.Status.FAILED if failed else ScanRun.Status.DONE
    run.files_total, run.files_labelled = counts.files_total, counts.files_labelled
    run.files_failed, run.findings_total = counts.files_failed, counts.findings_total
    run.message, run.finished_at = message[:500], timezone.now()
    run.save()
    audit_record(actor=run.created_by or "system", action="scan.finish", obj=run, before=before,
                 after={"status": run.status, **asdict(counts), "message": run.message})
    return run
