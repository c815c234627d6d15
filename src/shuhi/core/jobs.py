"""Background jobs of the core app."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shuhi.core.models import User
from shuhi.core.selectors import user_list


def directory_export_job(job, progress) -> dict:
    """The people directory the job's starter may see, as rows (used for CSV download)."""
    starter = User.objects.get(pk=job.created_by_id)
    users = list(user_list(user=starter).values_list("full_name", "email", "role", "department__name"))
    progress(len(users), len(users))
    rows = [{"name": n, "email": e, "role": r, "department": d or ""} for n, e, r, d in users]
    return {"rows": rows, "message": _("%(n)s people exported.") % {"n": len(rows)}}
