"""Background jobs of training."""

from __future__ import annotations

from django.utils.translation import ngettext

from shuhi.core.models import User
from shuhi.core.permissions import SYSTEM_JOB
from shuhi.training.services_assign import training_reminders_send


def reminders_job(job, progress) -> dict:
    """Reminds people of overdue training (see docs/training.md): once, then weekly while still open."""
    starter = User.objects.filter(pk=job.created_by_id).first()
    reminded = training_reminders_send(actor=starter or SYSTEM_JOB)
    progress(len(reminded), len(reminded))
    return {"assignments": [a.pk for a in reminded],
            "message": ngettext("%(n)s overdue training assignment reminded.",
                                "%(n)s overdue training assignments reminded.", len(reminded)) % {"n": len(reminded)}}
