"""Who may act on suppliers: the register, frameworks, campaigns, answers, reviews and plans."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, can_change, of_own_organisation
from shuhi.core.roles import FULL_VIEW_ROLES, MANAGERS, SUPPLIER_ROLES


@action(roles=MANAGERS, rule="for their own organisation")
def can_manage_suppliers(user: Any, organisation: Any = None) -> bool:
    """The register and profiles, invitations of representatives, frameworks, campaigns,
    interviews, exposures and the outsourcer's own self-check."""
    return of_own_organisation(user, organisation)


@action(roles=MANAGERS | SUPPLIER_ROLES, rule="an assessment they may change: their own organisation's")
def can_answer_assessment(user: Any, assessment: Any = None) -> bool:
    return assessment is None or can_change(user, assessment)


@action(roles=MANAGERS, rule="assessments they can see")
def can_review_assessment(user: Any, assessment: Any = None) -> bool:
    return assessment is None or can_change(user, assessment)


@action(roles=MANAGERS | SUPPLIER_ROLES,
        rule="managers plan for assessments they see; an organisation for its own private self-assessment")
def can_plan_improvements(user: Any, assessment: Any = None) -> bool:
    if assessment is None:
        return True
    if assessment.private:
        return user.organisation_id == assessment.supplier_id and can_change(user, assessment)
    return user.role in MANAGERS and not user.is_supplier and can_change(user, assessment)


@action(roles=MANAGERS | SUPPLIER_ROLES, rule="items of their own organisation's plans (suppliers: progress only)")
def can_update_improvement(user: Any, item: Any = None) -> bool:
    return item is None or can_change(user, item)


@action(roles=SUPPLIER_ROLES)
def can_start_self_assessment(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=SUPPLIER_ROLES, rule="their own organisation's private self-assessment")
def can_share_assessment(user: Any, assessment: Any = None) -> bool:
    if assessment is None:
        return True
    return assessment.private and user.organisation_id == assessment.supplier_id and can_change(user, assessment)


@action(roles=FULL_VIEW_ROLES)
def can_read_supplier_risk(user: Any, obj: Any = None) -> bool:
    """The ranking compares suppliers with one another: the outsourcer's full-view roles only."""
    return True


@action(roles=MANAGERS, rule="through the reminders job or command")
def can_record_reminders(user: Any, obj: Any = None) -> bool:
    return True
