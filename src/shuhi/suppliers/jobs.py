"""Background jobs of the suppliers app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.models import User
from shuhi.core.permissions import SYSTEM_JOB
from shuhi.suppliers.models import Evidence
from shuhi.suppliers.services import reminders_record


def reminders_job(job, progress) -> dict:
    """Records the due-soon and overdue reminders of the day (see docs/suppliers.md)."""
    starter = User.objects.filter(pk=job.created_by_id).first()
    created = reminders_record(actor=starter or SYSTEM_JOB)
    progress(len(created), len(created))
    return {"reminders": [r.pk for r in created],
            "message": _("%(n)s reminders recorded.") % {"n": len(created)}}


# A file younger than this may belong to an upload whose transaction has not committed yet.
ORPHAN_AGE = dt.timedelta(hours=1)


def evidence_orphans_remove(*, now: dt.datetime | None = None) -> int:
    """Remove evidence files that no Evidence row names, once they are an hour old.

    A process killed between writing an upload and committing its row leaves such a file; a
    rollback in a live process already removes its own (core.storage.delete_unless_committed).
    """
    storage = Evidence.file.field.storage
    root = Path(storage.path("evidence"))
    if not root.is_dir():
        return 0
    known = set(Evidence.objects.values_list("file", flat=True))
    cutoff = (now or timezone.now()) - ORPHAN_AGE
    removed = 0
    for path in root.rglob("*"):
        name = path.relative_to(storage.path("")).as_posix()
        if not path.is_file() or name in known:
            continue
        if dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC) < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
