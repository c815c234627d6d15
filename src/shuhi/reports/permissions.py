"""Who may read the management dashboard and reports, and who may produce them."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, of_own_organisation
from shuhi.core.roles import MANAGEMENT_READERS, MANAGERS


@action(roles=MANAGEMENT_READERS, rule="their own organisation's figures")
def can_view_management(user: Any, obj: Any = None) -> bool:
    return of_own_organisation(user, obj)


@action(roles=MANAGERS, rule="their own organisation: snapshot the indicators of a month")
def can_record_snapshots(user: Any, organisation: Any = None) -> bool:
    return of_own_organisation(user, organisation)


@action(roles=MANAGERS, rule="their own organisation's monthly report (a new version each time)")
def can_generate_report(user: Any, organisation: Any = None) -> bool:
    return of_own_organisation(user, organisation)


@action(roles=MANAGEMENT_READERS, rule="reports of their own organisation")
def can_download_report(user: Any, report: Any = None) -> bool:
    return of_own_organisation(user, report)
