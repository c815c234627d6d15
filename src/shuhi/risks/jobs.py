"""Background jobs of the risk register."""

from __future__ import annotations

from django.utils.translation import ngettext

from shuhi.core.permissions import SYSTEM_JOB
from shuhi.risks.services import risk_review_reminders_record


def review_reminders_job(job, progress) -> dict:
    """Tells the owners of insider risks past their review date, once per risk and review date,
    so it can run daily."""
    created = risk_review_reminders_record(actor=SYSTEM_JOB)
    progress(len(created), len(created))
    return {"reminders": [r.pk for r in created],
            "message": ngettext("%(n)s review reminder recorded.", "%(n)s review reminders recorded.", len(created))
            % {"n": len(created)}}
