"""Who may act on the insider-fraud risk register and the case library.

The register is the information management officers' work (MANAGERS); the full-view roles read
it. The case library is for every member of the home organisation to read. Suppliers have no
part in either: to them this app does not exist.
"""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, of_own_organisation
from shuhi.core.roles import FULL_VIEW_ROLES, HOME_ROLES, MANAGERS


@action(roles=FULL_VIEW_ROLES, rule="their own organisation's register")
def can_read_insider_risks(user: Any, obj: Any = None) -> bool:
    return of_own_organisation(user, getattr(obj, "risk", obj))


@action(roles=MANAGERS, rule="add risks and load the starter set into their own organisation")
def can_add_insider_risk(user: Any, organisation: Any = None) -> bool:
    return of_own_organisation(user, organisation)


@action(roles=MANAGERS, rule="risks of their own organisation that are not deleted")
def can_edit_insider_risk(user: Any, risk: Any = None) -> bool:
    return risk is None or (of_own_organisation(user, risk) and risk.deleted_at is None)


@action(roles=MANAGERS, rule="deleted risks of their own organisation")
def can_restore_insider_risk(user: Any, risk: Any = None) -> bool:
    return risk is None or (of_own_organisation(user, risk) and risk.deleted_at is not None)


@action(roles=MANAGERS, rule="measures of risks they may edit")
def can_edit_risk_measure(user: Any, measure: Any = None) -> bool:
    return measure is None or can_edit_insider_risk(user, measure.risk)


@action(roles=MANAGERS, rule="through the reminders job")
def can_record_risk_reminders(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=HOME_ROLES, rule="cases of their own organisation's library")
def can_read_leak_cases(user: Any, obj: Any = None) -> bool:
    return of_own_organisation(user, obj)


@action(roles=MANAGERS, rule="cases of their own organisation's library")
def can_manage_leak_cases(user: Any, obj: Any = None) -> bool:
    return of_own_organisation(user, obj)
