"""Who may act on the ledger: its rules, locations, assets and bulk operations."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, can_change, of_own_organisation
from shuhi.core.roles import ASSET_OWNERS, FULL_VIEW_ROLES, MANAGERS


@action(roles=MANAGERS, rule="of their own organisation")
def can_manage_ledger(user: Any, organisation: Any = None) -> bool:
    """Tiers, classification rules, storage locations, import and re-tiering."""
    return of_own_organisation(user, organisation)


@action(roles=MANAGERS, rule="locations they can see")
def can_edit_location(user: Any, location: Any = None) -> bool:
    return location is None or can_change(user, location)


@action(roles=ASSET_OWNERS, rule="department managers: assets of their own department")
def can_add_asset(user: Any, asset: Any = None) -> bool:
    """`asset` is the unsaved asset being added (or moved), when known."""
    if asset is None:
        return user.role in MANAGERS or user.department_id is not None
    if asset.organisation_id != user.organisation_id:
        return False
    return user.role in MANAGERS or (user.department_id is not None and asset.department_id == user.department_id)


@action(roles=ASSET_OWNERS, rule="department managers: assets of their own department")
def can_edit_asset(user: Any, asset: Any = None) -> bool:
    return asset is None or can_change(user, asset)


@action(roles=MANAGERS)
def can_export_ledger(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=FULL_VIEW_ROLES)
def can_self_check(user: Any, obj: Any = None) -> bool:
    """The self-check report and its findings over the whole ledger."""
    return True
