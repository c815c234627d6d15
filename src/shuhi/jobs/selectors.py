from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuhi.core.roles import Role
from shuhi.jobs.models import Job


def job_list(*, user: Any) -> QuerySet[Job]:
    return Job.objects.visible_to(user).select_related("created_by")


def may_read_error_detail(user: Any) -> bool:
    """A failed job's traceback names server paths and code: the home organisation's administrators only."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and not user.is_supplier
                and user.role == Role.ADMIN)
