"""Background jobs of notifications: sending e-mails, and the daily digest."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shuhi.core.permissions import SYSTEM_JOB
from shuhi.notifications.services import digest_send, mail_send


def send_job(job, progress) -> dict:
    result = mail_send(actor=SYSTEM_JOB, ids=list(job.params.get("ids", [])))
    progress(result["sent"] + result["failed"], result["sent"] + result["failed"])
    return {**result, "message": _("%(sent)s e-mails sent, %(failed)s failed.") % result}


def digest_job(job, progress) -> dict:
    result = digest_send(actor=SYSTEM_JOB)
    progress(result["sent"] + result["failed"], result["sent"] + result["failed"])
    return {**result, "message": _("%(sent)s summary e-mails sent, %(failed)s failed.") % result}
