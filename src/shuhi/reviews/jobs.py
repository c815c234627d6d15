"""Background jobs of the review app: running the engine for one cycle, and rolling the chains of
cycles forward (see services_schedule.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from shuhi.core.permissions import SYSTEM_JOB
from shuhi.reviews import services
from shuhi.reviews.models import ReviewCycle
from shuhi.reviews.runner import execute_cycle, render_report_html
from shuhi.reviews.services_schedule import cycles_roll_forward

STEPS = {"context": gettext_lazy("Reading the people and locations…"), "engine": gettext_lazy("Ranking users…"),
         "pseudonyms": gettext_lazy("Replacing user ids with pseudonyms…")}


def run_cycle_job(job: Any, progress: Any) -> dict:
    cycle = ReviewCycle.objects.select_related("source").get(pk=job.params["cycle_id"])

    def step(done: int, total: int, key: str = "") -> None:
        progress(done, total, str(STEPS.get(key, key)))

    try:
        report = execute_cycle(cycle, step)
    except Exception as exc:
        # The cycle must not stay "running" forever: put it back so it can be run again.
        services.cycle_fail(actor=SYSTEM_JOB, cycle=cycle, error=str(exc))
        raise
    services.cycle_store_report(actor=SYSTEM_JOB, cycle=cycle, report=report, html=render_report_html(report))
    progress(3, 3)
    stats = report.get("stats", {})
    return {"cycle": cycle.pk, "events": stats.get("events"),
            "message": _("Report ready: %(n)s events reviewed.") % {"n": stats.get("events", 0)}}


def roll_forward_job(job: Any, progress: Any) -> dict:
    """Params: `date` (ISO, default today) and `run` (default true). Acts as the installation ("job"):
    it rolls every organisation's chains, whoever queued it."""
    date = job.params.get("date")
    created = cycles_roll_forward(actor=SYSTEM_JOB, today=dt.date.fromisoformat(date) if date else None,
                                  run=job.params.get("run", True))
    progress(len(created), len(created))
    return {"cycles": [c.pk for c in created],
            "message": ngettext("%(n)s review cycle scheduled.", "%(n)s review cycles scheduled.",
                                len(created)) % {"n": len(created)}}


def run_cycle_interrupted(job: Any, message: str) -> None:
    """jobs.recovery: the job's process was killed mid-run. The cycle goes back to scheduled, as after
    a failed run, so that it can be started again."""
    cycle = ReviewCycle.objects.filter(pk=job.params.get("cycle_id"), status=ReviewCycle.Status.RUNNING).first()
    if cycle is not None and cycle.job_id in (None, job.pk):
        services.cycle_fail(actor=SYSTEM_JOB, cycle=cycle, error=message)
