"""Background jobs of the disclosure register."""

from __future__ import annotations

from django.utils.translation import ngettext

from shuhi.core.permissions import SYSTEM_JOB
from shuhi.disclosures.services import nda_reminders_record


def nda_reminders_job(job, progress) -> dict:
    """Records a reminder for each NDA in force that ends within 30 days, and one when it has ended
    (see docs/disclosures.md). Once per NDA, kind and end date, so it can run daily."""
    created = nda_reminders_record(actor=SYSTEM_JOB)
    progress(len(created), len(created))
    return {"reminders": [r.pk for r in created],
            "message": ngettext("%(n)s NDA reminder recorded.", "%(n)s NDA reminders recorded.", len(created))
            % {"n": len(created)}}
