from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuhi.jobs.models import Job


def job_list(*, user: Any) -> QuerySet[Job]:
    return Job.objects.visible_to(user).select_related("created_by")


