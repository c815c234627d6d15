"""Background jobs of the reporting channel."""

from __future__ import annotations

from django.utils.translation import ngettext

from shuhi.core.permissions import SYSTEM_JOB
from shuhi.incidents.services import reports_purge


def purge_job(job, progress) -> dict:
    """Deletes the closed reports kept longer than the channel's retention (see docs/incidents.md).
    Safe to run daily: a report is deleted once."""
    numbers = reports_purge(actor=SYSTEM_JOB)
    progress(len(numbers), len(numbers))
    return {"purged": numbers,
            "message": ngettext("%(n)s report deleted after its retention period.",
                                "%(n)s reports deleted after their retention period.", len(numbers))
            % {"n": len(numbers)}}
