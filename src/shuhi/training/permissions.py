"""Who may act on training: HR and the information management officers run it; people take their own."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, of_own_organisation
from shuhi.core.roles import HOME_ROLES, PEOPLE_MANAGERS, PEOPLE_READERS


@action(roles=PEOPLE_MANAGERS, rule="modules of their own organisation")
def can_manage_modules(user: Any, obj: Any = None) -> bool:
    module = getattr(obj, "module", obj)
    return of_own_organisation(user, module)


@action(roles=PEOPLE_MANAGERS, rule="rules and assignments of their own organisation's modules")
def can_manage_assignments(user: Any, obj: Any = None) -> bool:
    module = getattr(obj, "module", obj)
    return of_own_organisation(user, module)


@action(roles=PEOPLE_MANAGERS, rule="open assignments")
def can_cancel_assignment(user: Any, assignment: Any = None) -> bool:
    return assignment is None or assignment.status == assignment.Status.OPEN


@action(roles=HOME_ROLES, rule="only the person assigned, through their linked account, while open")
def can_take_training(user: Any, assignment: Any = None) -> bool:
    if assignment is None:
        return True
    return assignment.status == assignment.Status.OPEN and assignment.person.user_id == user.pk


@action(roles=PEOPLE_MANAGERS, rule="open assignments (people who take the training on paper)")
def can_record_paper_result(user: Any, assignment: Any = None) -> bool:
    return assignment is None or assignment.status == assignment.Status.OPEN


@action(roles=PEOPLE_READERS, rule="the completion record of every person (auditors included)")
def can_export_training(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=PEOPLE_MANAGERS, rule="reminders for overdue assignments (the daily job)")
def can_send_training_reminders(user: Any, obj: Any = None) -> bool:
    return True
