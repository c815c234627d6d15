"""Jobs for the isolation world: started by the home organisation's staff and by each supplier."""

from __future__ import annotations

from shuhi.jobs.services import job_enqueue


def build_job_world(cast) -> None:
    job_enqueue(actor=cast.security, kind="audit.verify")
    for starter in (cast.employee, cast.rep_a, cast.rep_b, cast.rep_sub_a):
        job_enqueue(actor=starter, kind="core.directory_export")
