"""The audit chain verified as a background job, so a long history does not block a request."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shuhi.core.audit.verify import verify_chain


def verify_job(job, progress) -> dict:
    result = verify_chain(progress=lambda done, total: progress(done, total, _("Checking entries…")))
    if result.ok:
        message = _("The chain is intact: %(n)s entries checked.") % {"n": result.checked}
    else:
        message = _("Tampering found at entry #%(id)s: %(reason)s") % {"id": result.bad_entry, "reason": result.reason}
    return {"ok": result.ok, "checked": result.checked, "bad_entry": result.bad_entry, "message": message}
