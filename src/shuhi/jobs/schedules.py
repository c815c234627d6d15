"""Jobs that run by themselves every day: django-q2 schedules, kept in the database it already uses.

`schedules_install` makes sure that each kind of `DAILY` has its schedule row. It runs after every
`migrate` (post_migrate) and when a worker starts, so an installation made with `shuhi migrate` and
run with `shuhi serve` sends the digest and the reminders without cron. The cluster's scheduler then
calls `run_scheduled(kind)`, which queues the job as the system, like the daily commands do.
Only missing rows are made: a schedule whose time an administrator changed keeps that time.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from shuhi.jobs.registry import JOB_KINDS

logger = logging.getLogger(__name__)

# kind → local time of day. The reminders go out before the working day starts; the digest after them,
# so that it carries that morning's reminders.
DAILY: dict[str, dt.time] = {
    "suppliers.reminders": dt.time(6, 30),
    "disclosures.nda_reminders": dt.time(6, 40),
    "notifications.digest": dt.time(7, 0),
}
PREFIX = "shuhi:"
FUNC = "shuhi.jobs.schedules.run_scheduled"


def next_run_at(at: dt.time, now: dt.datetime | None = None) -> dt.datetime:
    """The next moment (aware, local time zone) the clock shows `at`."""
    now = timezone.localtime(now or timezone.now())
    run = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return run if run > now else run + dt.timedelta(days=1)


def schedules_install(**_kwargs) -> list[str]:
    """Create the missing daily schedules; returns the names created. Safe to call at every start."""
    from django_q.models import Schedule

    created = []
    for kind, at in DAILY.items():
        if kind not in JOB_KINDS:
            continue
        _row, made = Schedule.objects.get_or_create(
            name=f"{PREFIX}{kind}",
            defaults={"func": FUNC, "args": repr(kind), "schedule_type": Schedule.DAILY, "repeats": -1,
                      "next_run": next_run_at(at)})
        if made:
            created.append(kind)
    return created


def run_scheduled(kind: str) -> int | None:
    """Called by django-q2's scheduler: queue one job of `kind` for the home organisation."""
    from shuhi.core.permissions import SYSTEM_JOB
    from shuhi.core.services import home_organisation
    from shuhi.jobs.services import job_enqueue

    if kind not in DAILY:
        raise ValueError(f"not a scheduled job kind: {kind!r}")
    home = home_organisation()
    if home is None:  # migrated but not set up yet: nothing to remind anyone of
        logger.info("scheduled %s skipped: no home organisation yet", kind)
        return None
    with transaction.atomic():
        job = job_enqueue(actor=SYSTEM_JOB, kind=kind, organisation_id=home.pk)
    return job.pk
