"""Who may act on the people register, lifecycle events, pledge templates and pledges."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, of_own_organisation
from shuhi.core.roles import ADMINS, HOME_ROLES, MANAGERS, PEOPLE_MANAGERS, PEOPLE_READERS


def _home_register(user: Any, obj: Any) -> bool:
    """HR keeps the register of its own organisation: its staff, and suppliers' staff on its site.

    obj is an organisation (an import into it), a person, or None (the actor alone)."""
    if obj is None:
        return True
    organisation = getattr(obj, "organisation", obj)
    if organisation.pk == user.organisation_id:
        return True
    return not organisation.is_home


@action(roles=PEOPLE_MANAGERS, rule="their organisation's staff and suppliers' staff on site")
def can_manage_people(user: Any, obj: Any = None) -> bool:
    return _home_register(user, obj)


@action(roles=PEOPLE_MANAGERS, rule="people who have not left")
def can_record_event(user: Any, person: Any = None) -> bool:
    if person is None:
        return True
    return _home_register(user, person) and person.status != person.Status.LEFT


@action(roles=PEOPLE_MANAGERS, rule="templates of their own organisation")
def can_manage_pledge_templates(user: Any, obj: Any = None) -> bool:
    return of_own_organisation(user, obj)


@action(roles=PEOPLE_MANAGERS, rule="draft pledges: review the scope, then send")
def can_review_pledge(user: Any, pledge: Any = None) -> bool:
    return pledge is None or pledge.status == pledge.Status.DRAFT


@action(roles=HOME_ROLES, rule="only the person the pledge is for, through their linked account, once sent")
def can_answer_pledge(user: Any, pledge: Any = None) -> bool:
    if pledge is None:
        return True
    return pledge.status == pledge.Status.SENT and pledge.person.user_id == user.pk


@action(roles=PEOPLE_MANAGERS, rule="pledges not yet acknowledged or signed")
def can_record_paper_pledge(user: Any, pledge: Any = None) -> bool:
    return pledge is None or pledge.status in (pledge.Status.DRAFT, pledge.Status.SENT, pledge.Status.REFUSED)


@action(roles=PEOPLE_MANAGERS, rule="refused pledges")
def can_follow_up_pledge(user: Any, pledge: Any = None) -> bool:
    return pledge is None or pledge.status == pledge.Status.REFUSED


# ---- policies, exit checklists, management messages ---------------------------------------------


@action(roles=PEOPLE_MANAGERS, rule="policies of their own organisation")
def can_publish_policy(user: Any, obj: Any = None) -> bool:
    """Publish a policy, or a new version of one (which asks everyone to acknowledge again)."""
    return of_own_organisation(user, obj)


@action(roles=HOME_ROLES, rule="the current version of their own organisation's policies, for themselves")
def can_acknowledge_policy(user: Any, policy: Any = None) -> bool:
    if policy is None:
        return True
    return policy.is_current and policy.organisation_id == user.organisation_id


@action(roles=PEOPLE_READERS, rule="their own organisation's policies")
def can_read_acknowledgement_rate(user: Any, policy: Any = None) -> bool:
    """Who of the staff has acknowledged a policy, and who has not."""
    return of_own_organisation(user, policy)


@action(roles=ADMINS, rule="their own organisation's list")
def can_edit_exit_systems(user: Any, obj: Any = None) -> bool:
    """The systems whose accounts every exit must disable."""
    return of_own_organisation(user, obj)


@action(roles=PEOPLE_MANAGERS, rule="open checklists")
def can_update_exit_checklist(user: Any, checklist: Any = None) -> bool:
    """Tick items, attach the log-review result, and close the case once nothing mandatory is open."""
    return checklist is None or checklist.status == checklist.Status.OPEN


@action(roles=MANAGERS, rule="open checklists, with a recorded reason")
def can_override_exit_checklist(user: Any, checklist: Any = None) -> bool:
    """Close a case while mandatory items are still open. Not HR: the ones who keep the checklist
    do not waive it."""
    return checklist is None or checklist.status == checklist.Status.OPEN


@action(roles=PEOPLE_MANAGERS, rule="messages of their own organisation")
def can_record_management_message(user: Any, obj: Any = None) -> bool:
    return of_own_organisation(user, obj)
