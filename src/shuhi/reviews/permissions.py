"""Who may act on log reviews: sources, cycles, sign-offs, follow-up cases, re-identification, notices.

Review data belongs to the home organisation: no supplier role is admitted anywhere. Managers run
the reviews; a cycle's assigned reviewer works on that cycle; auditors read everything and work on
nothing; only the security manager looks behind a pseudonym, after another administrator or
security manager approved it where the organisation asks for that (the default).
"""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, of_own_organisation
from shuhi.core.roles import ADMINS, MANAGERS, NOBODY, REIDENTIFICATION_APPROVERS, REIDENTIFIERS, REVIEWERS


@action(roles=MANAGERS, rule="of their own organisation")
def can_manage_reviews(user: Any, obj: Any = None) -> bool:
    """Log sources, scheduling cycles (by hand or rolled forward) and publishing the notice to staff.

    `obj` is the organisation, source or cycle concerned, when there is one.
    """
    return of_own_organisation(user, obj)


@action(roles=REVIEWERS, rule="the cycle's assigned reviewer; managers: any cycle of their organisation")
def can_work_on_cycle(user: Any, cycle: Any = None) -> bool:
    """Run the cycle's review and open follow-up cases from its ranking."""
    if cycle is None:
        return True
    if cycle.reviewer_id == user.pk:
        return True
    return user.role in MANAGERS and cycle.organisation_id == user.organisation_id


@action(roles=REVIEWERS, rule="cases of cycles they may work on")
def can_handle_case(user: Any, case: Any = None) -> bool:
    """Close a follow-up case."""
    return case is None or can_work_on_cycle(user, case.cycle)


@action(roles=REVIEWERS, rule="only the cycle's assigned reviewer, never on another's behalf")
def can_sign_off(user: Any, cycle: Any = None) -> bool:
    return cycle is None or cycle.reviewer_id == user.pk


@action(roles=REIDENTIFIERS, rule="cycles of their own organisation")
def can_reidentify(user: Any, cycle: Any = None) -> bool:
    """Ask to look behind a pseudonym (or look at once, where the organisation needs no approval)."""
    return of_own_organisation(user, cycle)


@action(roles=REIDENTIFICATION_APPROVERS, rule="requests of their own organisation made by someone else")
def can_decide_reidentification(user: Any, request: Any = None) -> bool:
    """Approve or refuse another person's re-identification request; never one's own."""
    if request is None:
        return True
    return request.actor_id != user.pk and of_own_organisation(user, request.cycle)


@action(roles=REIDENTIFIERS, rule="only the person who asked, for their own request")
def can_reveal_reidentification(user: Any, request: Any = None) -> bool:
    """See the identity behind an approved request: shown to the requester alone."""
    return request is None or (request.actor_id == user.pk and of_own_organisation(user, request.cycle))


@action(roles=ADMINS, rule="of their own organisation")
def can_change_review_settings(user: Any, organisation: Any = None) -> bool:
    """Whether re-identification needs a second person's approval (administrators, not the requesters)."""
    return of_own_organisation(user, organisation)


@action(roles=NOBODY, rule="nobody: only the review job (a system actor) stores a run's report or failure")
def can_record_cycle_run(user: Any, cycle: Any = None) -> bool:
    return False
