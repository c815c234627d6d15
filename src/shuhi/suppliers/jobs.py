"""Background jobs of the suppliers app."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shuhi.core.models import User
from shuhi.core.permissions import SYSTEM_JOB
from shuhi.suppliers.services import reminders_record


def reminders_job(job, progress) -> dict:
    """Records the due-soon and overdue reminders of the day (see docs/suppliers.md)."""
    starter = User.objects.filter(pk=job.created_by_id).first()
    created = reminders_record(actor=starter or SYSTEM_JOB)
    progress(len(created), len(created))
    return {"reminders": [r.pk for r in created],
            "message": _("%(n)s reminders recorded.") % {"n": len(created)}}
