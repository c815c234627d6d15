"""Job kinds: a name, a translated title and the function that does the work.

Apps register their kinds here by dotted path, so the worker imports only what it runs.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

JOB_KINDS: dict[str, tuple[str, object]] = {
    "audit.verify": ("shuhi.core.audit.jobs.verify_job", _("Verify the audit chain")),
    "core.directory_export": ("shuhi.core.jobs.directory_export_job", _("Export the people directory")),
    "suppliers.reminders": ("shuhi.suppliers.jobs.reminders_job", _("Record due-date reminders for assessments")),
    "disclosures.nda_reminders": ("shuhi.disclosures.jobs.nda_reminders_job",
                                  _("Record reminders for NDAs that are ending or have ended")),
    "ledger.import": ("shuhi.ledger.jobs.import_job", _("Import the ledger")),
    "scans.run": ("shuhi.scans.jobs.scan_job", _("Scan documents for labels")),
    "reviews.run": ("shuhi.reviews.jobs.run_cycle_job", _("Run a log review")),
    "notifications.send": ("shuhi.notifications.jobs.send_job", _("Send notification e-mails")),
    "notifications.digest": ("shuhi.notifications.jobs.digest_job", _("Send the daily notification summaries")),
    "training.reminders": ("shuhi.training.jobs.reminders_job", _("Remind people of overdue training")),
    "risks.review_reminders": ("shuhi.risks.jobs.review_reminders_job",
                               _("Tell owners of insider risks that are past their review date")),
    "incidents.purge": ("shuhi.incidents.jobs.purge_job", _("Delete reports kept longer than the retention period")),
    "reviews.roll_forward": ("shuhi.reviews.jobs.roll_forward_job", _("Schedule the log reviews that are due")),
}

# What a kind left waiting when its process was killed mid-run (see jobs.recovery): called as
# `handler(job, message)` once the job is marked failed, with the starter's language active.
ON_INTERRUPTED: dict[str, str] = {
    "ledger.import": "shuhi.ledger.jobs.import_interrupted",
    "reviews.run": "shuhi.reviews.jobs.run_cycle_interrupted",
    "scans.run": "shuhi.scans.jobs.scan_interrupted",
}

# Tidying that a worker does once when it starts, before it takes jobs: what a killed process (web
# or worker) may have left on disk. Each is called with no arguments and returns how many things it
# removed.
ON_WORKER_START: dict[str, str] = {
    "suppliers.evidence_orphans": "shuhi.suppliers.jobs.evidence_orphans_remove",
}
