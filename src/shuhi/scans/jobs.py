"""The background job that runs one scan: list the files, read them with the engine, record the results."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from shuhi.documents.batch import scan_paths
from shuhi.documents.extract.archive import SEPARATOR
from shuhi.documents.scan import empty_result
from shuhi.jobs.services import JobRefused
from shuhi.ledger.models import StorageLocation, Tier
from shuhi.paths import within
from shuhi.scans import services
from shuhi.scans.archive import ArchiveError, Limits, extract_archive
from shuhi.scans.conf import scan_roots, setting, upload_folder
from shuhi.scans.findings import TierMap, scan_vocabulary
from shuhi.scans.matching import LocationMatcher, Pattern
from shuhi.scans.models import ScanRun

BATCH = 200


class ScanRefused(JobRefused):
    """The scan could not start; the message is for the person who started it."""


def location_files(location: StorageLocation) -> tuple[list[str], bool]:
    """Regular files under the location's local patterns, inside SHUHI_SCAN_ROOTS; True when cut at the limit."""
    roots, problems = services.location_roots(location)
    if not roots:
        raise ScanRefused(" ".join(problems) or _("The location has no path patterns to scan."))
    patterns = [Pattern.compile(text, location.pk) for text in location.patterns]
    allowed, limit = scan_roots(), int(setting("SHUHI_SCAN_MAX_FILES"))
    found: dict[str, None] = {}
    for path in _walk(roots):
        # realpath check: a symbolic link inside the share must not lead the scanner out of it.
        if any(p.match(path, False) is not None for p in patterns) and within(path, allowed):
            found[path] = None
            if len(found) >= limit:
                return list(found), True
    return list(found), False


def _walk(roots: list[Path]) -> Iterator[str]:
    for root in roots:
        if root.is_file():
            yield str(root)
            continue
        for folder, dirs, names in os.walk(root):  # does not follow linked folders
            dirs.sort()
            for name in sorted(names):
                yield os.path.join(folder, name)


def _archive_files(run: ScanRun, dest: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Server path -> path inside the archive, and results for members that were not unpacked."""
    source = upload_folder() / Path(run.archive_file).name
    limits = Limits(members=int(setting("SHUHI_SCAN_ARCHIVE_MAX_MEMBERS")),
                    total_bytes=int(setting("SHUHI_SCAN_ARCHIVE_MAX_BYTES")),
                    ratio=int(setting("SHUHI_SCAN_ARCHIVE_MAX_RATIO")))
    try:
        extracted = extract_archive(source, dest, limits)
    except ArchiveError as exc:
        raise ScanRefused(str(exc)) from exc
    except FileNotFoundError as exc:
        raise ScanRefused(_("The uploaded archive is no longer on the server; upload it again.")) from exc
    skipped = []
    for name, reason in extracted.skipped:
        result = empty_result(name, reason)
        result["format"] = Path(name).suffix.lstrip(".").lower() or None
        skipped.append(result)
    return extracted.files, skipped


def _run_scan(run: ScanRun, files: dict[str, str], extra: list[dict[str, Any]], relative: bool,
              progress: Any) -> services.RunCounts:
    tiers_list = list(Tier.objects.filter(organisation_id=run.organisation_id))
    vocabulary = scan_vocabulary(tiers_list)
    tiers = TierMap(tiers_list, vocabulary)
    locations = {loc.pk: loc for loc in StorageLocation.objects.filter(organisation_id=run.organisation_id)}
    matcher = LocationMatcher(locations.values())
    counts, total = services.RunCounts(), len(files) + len(extra)
    progress(0, total, _("Files to scan: %(total)s") % {"total": total})

    def located(result: dict[str, Any]) -> tuple[dict[str, Any], Any]:
        # A member of a .zip found among the files comes back as `<file>!/<member>` (see documents.batch).
        base, separator, member = result["path"].partition(SEPARATOR)
        shown = files.get(base, base) + separator + member
        location = locations.get(matcher.match(shown, relative=relative)) or run.location
        return {**result, "path": shown}, location

    results = scan_paths(list(files), workers=int(setting("SHUHI_SCAN_WORKERS")), vocabulary=vocabulary,
                         timeout=float(setting("SHUHI_SCAN_TIMEOUT")), memory_mb=int(setting("SHUHI_SCAN_MEMORY_MB")),
                         ocr=bool(setting("SHUHI_SCAN_OCR")))
    batch = [located(result) for result in extra]
    for done, result in enumerate(results, start=len(extra) + 1):
        batch.append(located(result))
        if len(batch) >= BATCH:
            counts.add(services.scan_results_record(run=run, results=batch, tiers=tiers))
            batch = []
        total = max(total, done)  # each member of a .zip among the files is a result of its own
        progress(done, total, _("Scanned: %(done)s / %(total)s") % {"done": done, "total": total})
    if batch:
        counts.add(services.scan_results_record(run=run, results=batch, tiers=tiers))
    return counts


def _summary(counts: services.RunCounts, truncated: bool) -> str:
    message = _("Files scanned: %(files)s; labelled: %(labelled)s; findings: %(findings)s.") % {
        "files": counts.files_total, "labelled": counts.files_labelled, "findings": counts.findings_total}
    if truncated:
        message += " " + _("The scan stopped at the file limit (SHUHI_SCAN_MAX_FILES).")
    return message


def _scan(run: ScanRun, progress: Any) -> tuple[services.RunCounts, bool]:
    if run.source == ScanRun.Source.LOCATION:
        if run.location is None:
            raise ScanRefused(_("The storage location no longer exists."))
        paths, truncated = location_files(run.location)
        return _run_scan(run, {p: p for p in paths}, [], False, progress), truncated
    with tempfile.TemporaryDirectory(prefix="shuhi-scan-") as dest:
        try:
            files, skipped = _archive_files(run, dest)
        finally:
            with contextlib.suppress(OSError):
                (upload_folder() / Path(run.archive_file).name).unlink()
        return _run_scan(run, files, skipped, True, progress), False


def scan_job(job: Any, progress: Any) -> dict:
    """Run the scan named in the job's parameters; a refused scan fails the job with the reason.
    Messages are in the language of whoever started the job (jobs.services.job_run sets it)."""
    run = ScanRun.objects.select_related("location", "created_by").get(pk=int(job.params["run"]))
    services.scan_run_started(run=run)
    try:
        counts, truncated = _scan(run, progress)
    except (ScanRefused, ValidationError) as exc:
        message = str(exc.messages[0] if isinstance(exc, ValidationError) else exc)
        services.scan_run_finish(run=run, counts=services.RunCounts(), failed=True, message=message)
        raise
    except Exception:
        services.scan_run_finish(run=run, counts=services.RunCounts(), failed=True,
                                 message=_("The scan failed; see the background job for details."))
        raise
    run = services.scan_run_finish(run=run, counts=counts, message=_summary(counts, truncated))
    return {"message": run.message, "run": run.pk, "files": counts.files_total,
            "labelled": counts.files_labelled, "findings": counts.findings_total}


def scan_interrupted(job: Any, message: str) -> None:
    """jobs.recovery: the job's process was killed mid-scan. The run is marked failed with the job's
    reason, and an uploaded archive it had not yet removed is removed."""
    run = ScanRun.objects.filter(pk=int(job.params["run"])).exclude(
        status__in=[ScanRun.Status.DONE, ScanRun.Status.FAILED]).first()
    if run is None:
        return
    if run.source == ScanRun.Source.ARCHIVE and run.archive_file:
        with contextlib.suppress(OSError):
            (upload_folder() / Path(run.archive_file).name).unlink()
    services.scan_run_finish(run=run, counts=services.RunCounts(), failed=True, message=message)
