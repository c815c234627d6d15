"""Who may read the audit log. Nobody changes it: entries are written only by the services."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action
from shuhi.core.roles import FULL_VIEW_ROLES


@action(roles=FULL_VIEW_ROLES)
def can_read_audit(user: Any, obj: Any = None) -> bool:
    """The audit log, its export and its verification."""
    return True
