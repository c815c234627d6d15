"""Background jobs of the ledger: importing a large file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from shuhi.core.models import Organisation, User
from shuhi.core.spreadsheet import skipped_note
from shuhi.ledger.spreadsheet.importer import import_ledger


def _upload_path(job: Any) -> Path:
    # Only the base name is taken from the parameters, so a job cannot be pointed elsewhere.
    return Path(settings.MEDIA_ROOT) / "imports" / Path(str(job.params["file"])).name


def import_job(job: Any, progress: Any) -> dict:
    """Import the file the import page saved under MEDIA_ROOT/imports; the file is removed afterwards."""
    path = _upload_path(job)
    actor = User.objects.get(pk=job.created_by_id)
    organisation = Organisation.objects.get(pk=job.params.get("organisation_id") or actor.organisation_id)
    progress(0, 1, _("Checking the file…"))
    try:
        report = import_ledger(actor=actor, organisation=organisation, path=path,
                               dry_run=bool(job.params.get("dry_run")))
    finally:
        path.unlink(missing_ok=True)
    progress(1, 1)
    result = report.as_dict()
    if not report.ok:
        result["message"] = _("Rejected: %(n)s problems; nothing was imported.") % {"n": len(report.errors)}
    else:
        counts = {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
        template = (_("Dry run: %(created)s would be created, %(updated)s updated, %(unchanged)s unchanged.")
                    if report.dry_run else _("Imported: %(created)s created, %(updated)s updated, "
                                             "%(unchanged)s unchanged."))
        result["message"] = template % counts
        if report.samples_skipped:
            result["message"] += " " + skipped_note(report.samples_skipped)
    return result


def import_interrupted(job: Any, message: str) -> None:
    """jobs.recovery: the import's process was killed. Its transaction never committed, so nothing
    was imported; the uploaded workbook it had not yet removed is removed, so no upload stays behind."""
    _upload_path(job).unlink(missing_ok=True)
