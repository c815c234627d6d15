"""Who may start the jobs that are not part of another app's action, and read a failure's details."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action
from shuhi.core.roles import ADMINS, FULL_VIEW_ROLES


@action(roles=FULL_VIEW_ROLES)
def can_verify_audit_chain(user: Any, obj: Any = None) -> bool:
    """Start the background check of the audit chain from the jobs page."""
    return True


@action(roles=ADMINS)
def can_read_error_detail(user: Any, job: Any = None) -> bool:
    """A failed job's traceback names server paths and code: the home organisation's administrators only."""
    return True
