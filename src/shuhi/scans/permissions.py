"""Who may start document scans and read their results."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action
from shuhi.core.roles import FULL_VIEW_ROLES, MANAGERS


@action(roles=MANAGERS, rule="of their own organisation's locations")
def can_start_scan(user: Any, location: Any = None) -> bool:
    return location is None or location.organisation_id == user.organisation_id


@action(roles=FULL_VIEW_ROLES)
def can_read_scans(user: Any, obj: Any = None) -> bool:
    return True
