"""Log sources made from uploaded CSV exports, for companies without anyone to set up a server path
and a YAML mapping.

The user picks what the files are (a ready-made mapping of shuhi.logreview.csvcheck.READY_MADE)
and uploads one or more exports. Every file is checked before anything is kept: size, encoding,
the header against the mapping's columns, at least one row. One bad file refuses the whole upload,
so a source never holds half of what was meant. The accepted files are stored as UTF-8 in the
private storage (one folder per source), and the source is an ordinary generic source over that
folder: cycles run on it exactly as on a path-configured one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shuhi.core.audit.services import audit_record
from shuhi.core.conf import app_setting
from shuhi.core.models import Organisation
from shuhi.core.permissions import enforces
from shuhi.core.storage import PrivateStorage, delete_unless_committed
from shuhi.logreview import csvcheck
from shuhi.reviews import permissions as can
from shuhi.reviews.conf import UPLOAD_DIR
from shuhi.reviews.models import LogSource

MANAGE_MESSAGE = gettext_lazy("Only administrators and security managers can manage log reviews.")
MAX_FILES = 20
SUFFIXES = {".csv", ".txt"}


def max_bytes() -> int:
    """Per file; an operator raises it with SHUHI_LOG_UPLOAD_MAX_BYTES (a month of a large tenant's
    Microsoft 365 log is several hundred MB: such a company is better served by a server path)."""
    return int(app_setting("SHUHI_LOG_UPLOAD_MAX_BYTES", 50 * 2**20))


@dataclass
class CheckedFile:
    name: str
    size: int
    check: csvcheck.CsvCheck

    def summary(self) -> dict[str, Any]:
        c = self.check
        return {"name": self.name, "size": self.size, "rows": c.rows, "dated_rows": c.dated_rows,
                "encoding": c.encoding, "first": c.first.isoformat(sep=" ") if c.first else None,
                "last": c.last.isoformat(sep=" ") if c.last else None}


def _unreadable(name: str, reason: str) -> str:
    if reason == "empty":
        return _("%(name)s is empty.") % {"name": name}
    if reason == "binary":
        return _("%(name)s is not a CSV text file (it looks like a binary file, e.g. an Excel workbook; "
                 "export or save it as CSV).") % {"name": name}
    return _("%(name)s is in a character encoding shuhi cannot read. Save it as CSV in UTF-8 or "
             "Shift_JIS (cp932).") % {"name": name}


def check_files(files: list[Any], preset: str) -> list[CheckedFile]:
    """Every file checked; a ValidationError listing every problem of every file when one fails."""
    if preset not in csvcheck.READY_MADE:
        raise ValidationError({"preset": _("Choose what kind of export the files are.")})
    if not files:
        raise ValidationError({"files": _("Choose at least one CSV file.")})
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("At most %(n)s files at once.") % {"n": MAX_FILES}})
    mapping = csvcheck.load_mapping(csvcheck.mapping_for(preset))
    limit, problems, checked = max_bytes(), [], []
    for upload in files:
        name = Path(upload.name or "upload.csv").name[:200]
        if Path(name).suffix.lower() not in SUFFIXES:
            problems.append(_("%(name)s is not a .csv file.") % {"name": name})
            continue
        if upload.size > limit:
            problems.append(_("%(name)s is too large (%(size)s MB; at most %(limit)s MB per file).")
                            % {"name": name, "size": f"{upload.size / 2**20:,.1f}", "limit": limit // 2**20})
            continue
        try:
            result = csvcheck.check(upload.read(), mapping)
        except csvcheck.UnreadableCsv as exc:
            problems.append(_unreadable(name, exc.reason))
            continue
        if result.missing:
            problems.append(_("%(name)s lacks the columns %(missing)s that this kind of export must have. "
                              "Its first line was: %(header)s") % {
                "name": name, "missing": "、".join(result.missing),
                "header": ", ".join(result.header)[:300] or _("(empty)")})
        elif result.rows == 0:
            problems.append(_("%(name)s has a header but no rows.") % {"name": name})
        elif result.dated_rows == 0:
            problems.append(_("No time in %(name)s could be read in the format this kind of export uses.")
                            % {"name": name})
        else:
            checked.append(CheckedFile(name=name, size=upload.size, check=result))
    if problems:
        raise ValidationError({"files": problems})
    return checked


def _store(source: LogSource, checked: list[CheckedFile]) -> None:
    storage = PrivateStorage()
    folder = Path(source.path).relative_to(Path(storage.location))
    start = len(source.uploads)
    for number, item in enumerate(checked, start + 1):
        # Numbered, so that two exports with the same name (every month's "AuditLog.csv") both stay.
        stored = storage.save(str(folder / f"{number:04d}-{uuid.uuid4().hex[:8]}.csv"),
                              ContentFile(item.check.text.encode("utf-8")))
        delete_unless_committed(storage, stored)
        source.uploads.append({**item.summary(), "stored": Path(stored).name,
                               "uploaded_at": timezone.now().isoformat(timespec="seconds")})


@enforces(can.can_manage_reviews, obj="organisation", message=MANAGE_MESSAGE)
@transaction.atomic
def source_create_from_upload(*, actor: Any, organisation: Organisation, name: str, preset: str, files: list[Any],
                              auto_schedule: bool = True) -> tuple[LogSource, list[CheckedFile]]:
    """A generic source over the uploaded exports; with the checks, for the page's preview."""
    checked = check_files(files, preset)
    folder = Path(PrivateStorage().location) / UPLOAD_DIR / uuid.uuid4().hex
    source = LogSource(organisation=organisation, name=name.strip(), kind=LogSource.Kind.GENERIC,
                       path=str(folder), mapping=str(csvcheck.mapping_for(preset)), preset=preset, uploads=[],
                       auto_schedule=auto_schedule)
    source.full_clean()
    _store(source, checked)
    source.save()
    audit_record(actor=actor, action="log_source.upload", obj=source, after={
        "name": source.name, "preset": preset, "files": [c.summary() for c in checked]})
    return source, checked


@enforces(can.can_manage_reviews, obj="source", message=MANAGE_MESSAGE)
@transaction.atomic
def source_add_uploads(*, actor: Any, source: LogSource, files: list[Any]) -> tuple[LogSource, list[CheckedFile]]:
    """Next month's exports into the same source: its next cycles read them too."""
    source = LogSource.objects.select_for_update().get(pk=source.pk)
    if not source.preset:
        raise ValidationError(_("Files can only be added to a source made from uploaded exports."))
    checked = check_files(files, source.preset)
    _store(source, checked)
    source.save(update_fields=["uploads"])
    audit_record(actor=actor, action="log_source.upload", obj=source, after={
        "name": source.name, "preset": source.preset, "files": [c.summary() for c in checked]})
    return source, checked
