"""The monthly run: snapshot every indicator for the month just ended and make its report.

django-q2's scheduler calls `monthly_enqueue` on the first day of each month (the schedule is
created by `shuhi migrate`, see `ensure_schedule`); it starts one background job per home
organisation, which the worker that `shuhi serve` starts runs like any other job.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from shuhi.core.models import Organisation
from shuhi.core.permissions import SYSTEM_JOB
from shuhi.reports.months import last_month, parse_month, shift, this_month

SCHEDULE_NAME = "shuhi.reports.monthly"


def monthly_job(job, progress) -> dict:
    organisation = Organisation.objects.get(pk=job.organisation_id)
    month = parse_month(job.params["month"]) if job.params.get("month") else last_month()
    report = run_month(organisation=organisation, month=month)
    progress(1, 1)
    return {"report": report.pk, "message": _("Management report for %(month)s made (version %(version)s).")
            % {"month": f"{month:%Y-%m}", "version": report.version}}


def run_month(*, organisation: Any, month: dt.date, actor: Any = SYSTEM_JOB) -> Any:
    """Snapshot the month (again: a re-run replaces its values) and make a new version of its report."""
    from shuhi.reports.services import report_generate, snapshots_record

    snapshots_record(actor=actor, organisation=organisation, month=month)
    return report_generate(actor=actor, organisation=organisation, month=month)


def monthly_enqueue() -> list[int]:
    """Called by the schedule: one job per home organisation, for the month just ended."""
    from shuhi.jobs.services import job_enqueue

    jobs = []
    for organisation in Organisation.objects.filter(kind=Organisation.Kind.HOME):
        jobs.append(job_enqueue(actor=SYSTEM_JOB, kind="reports.monthly", organisation_id=organisation.pk,
                                params={"month": f"{last_month():%Y-%m}"}).pk)
    return jobs


def first_run(today: dt.date | None = None) -> dt.datetime:
    """02:00 local time on the first day of the next month."""
    from django.utils import timezone

    month = shift(this_month() if today is None else today.replace(day=1), 1)
    return timezone.make_aware(dt.datetime.combine(month, dt.time(2, 0)))


def ensure_schedule(**_kwargs: Any) -> None:
    """The monthly schedule exists after every `shuhi migrate` (post_migrate), once, whatever ran before."""
    from django_q.models import Schedule

    Schedule.objects.get_or_create(name=SCHEDULE_NAME, defaults={
        "func": "shuhi.reports.jobs.monthly_enqueue", "schedule_type": Schedule.MONTHLY,
        "repeats": -1, "next_run": first_run()})
