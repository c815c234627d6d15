"""Who must take which module: rules (everyone, a role, a department, a lifecycle event),
assignments, the follower of people's lifecycle events, and the reminders for overdue ones.

Guarded, atomic and audited as every service. people never imports training: it calls the
followers registered under "people.lifecycle_event" (core.registry) after recording an event.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.audit.services import audit_record
from shuhi.core.models import Department, Organisation, User
from shuhi.core.permissions import enforces, require
from shuhi.core.roles import Role
from shuhi.people.models import LifecycleEvent, Person
from shuhi.training import notify
from shuhi.training import permissions as can
from shuhi.training.models import Assignment, AssignmentRule, Module

REMIND_EVERY = dt.timedelta(days=7)
Trigger = AssignmentRule.Trigger
# Events that bring a person under the standing rules (everyone, role, department) too.
STANDING_ON = {LifecycleEvent.Kind.HIRE, LifecycleEvent.Kind.TRANSFER}


def _user(actor: Any) -> User | None:
    return actor if isinstance(actor, User) else None


def _today() -> dt.date:
    return timezone.localdate()


def _staff(module: Module):
    """People who may be assigned: the register of the module's organisation and its suppliers'
    staff on site, without those who have left."""
    return Person.objects.exclude(status=Person.Status.LEFT).filter(
        Q(organisation=module.organisation) | ~Q(organisation__kind=Organisation.Kind.HOME))


def rule_matches(rule: AssignmentRule, person: Person) -> bool:
    if rule.trigger == Trigger.EVERYONE:
        return True
    if rule.trigger == Trigger.ROLE:
        return person.user_id is not None and person.user.role == rule.role and person.user.is_active
    if rule.trigger == Trigger.DEPARTMENT:
        return person.department_id is not None and person.department_id == rule.department_id
    return False


def _assign(actor: Any, person: Person, module: Module, *, due_on: dt.date, rule: AssignmentRule | None = None,
            event: LifecycleEvent | None = None) -> Assignment | None:
    """An open assignment, unless the person has one open or has passed the current version."""
    if Assignment.objects.filter(person=person, module=module).filter(
            Q(status=Assignment.Status.OPEN)
            | Q(status=Assignment.Status.PASSED, passed_version__is_current=True)).exists():
        return None
    assignment = Assignment.objects.create(person=person, module=module, rule=rule, event=event,
                                           assigned_on=_today(), due_on=due_on, created_by=_user(actor))
    audit_record(actor=actor, action="training_assignment.create", obj=assignment,
                 after={"person": person.pk, "module": module.pk, "due_on": due_on,
                        "rule": getattr(rule, "pk", None), "event": getattr(event, "pk", None)})
    notify.assigned(actor=actor, assignment=assignment)
    return assignment


def _check_rule(module: Module, trigger: str, role: str, department: Department | None, event: str) -> None:
    if trigger not in Trigger.values:
        raise ValidationError({"trigger": _("Choose whom to assign the module to.")})
    if trigger == Trigger.ROLE and role not in Role.values:
        raise ValidationError({"role": _("Choose the role.")})
    if trigger == Trigger.ROLE and role == Role.SUPPLIER_REP:
        raise ValidationError({"role": _("Suppliers' staff on site are assigned through “everyone on staff”.")})
    if trigger == Trigger.DEPARTMENT and (department is None or department.organisation_id != module.organisation_id):
        raise ValidationError({"department": _("Choose a department of your own organisation.")})
    if trigger == Trigger.EVENT and event not in AssignmentRule.Event.values:
        raise ValidationError({"event": _("Choose the event.")})
    if not module.is_active:
        raise ValidationError(_("This module is no longer in use."))


@enforces(can.can_manage_assignments, obj="module")
@transaction.atomic
def rule_create(*, actor: Any, module: Module, trigger: str, role: str = "", department: Department | None = None,
                event: str = "", due_days: int = 30, apply_now: bool = True) -> AssignmentRule:
    """A rule; one about who people are (everyone, role, department) is applied at once unless told not to."""
    _check_rule(module, trigger, role, department, event)
    if not 1 <= int(due_days) <= 365:
        raise ValidationError({"due_days": _("Give between 1 and 365 days.")})
    rule = AssignmentRule.objects.create(
        organisation=module.organisation, module=module, trigger=trigger, role=role if trigger == Trigger.ROLE else "",
        department=department if trigger == Trigger.DEPARTMENT else None,
        event=event if trigger == Trigger.EVENT else "", due_days=int(due_days), created_by=_user(actor))
    audit_record(actor=actor, action="training_rule.create", obj=rule,
                 after={"module": module.pk, "trigger": trigger, "role": rule.role, "department": rule.department_id,
                        "event": rule.event, "due_days": rule.due_days})
    if apply_now and trigger != Trigger.EVENT:
        _apply(actor, rule)
    return rule


def _apply(actor: Any, rule: AssignmentRule) -> list[Assignment]:
    due = _today() + dt.timedelta(days=rule.due_days)
    made = []
    for person in _staff(rule.module).select_related("user"):
        if rule_matches(rule, person):
            assignment = _assign(actor, person, rule.module, due_on=due, rule=rule)
            if assignment is not None:
                made.append(assignment)
    audit_record(actor=actor, action="training_rule.apply", obj=rule, after={"assignments": len(made)})
    return made


@enforces(can.can_manage_assignments, obj="rule")
@transaction.atomic
def rule_apply(*, actor: Any, rule: AssignmentRule) -> list[Assignment]:
    """Assign the module to everyone the rule matches now who has neither an open assignment nor a pass
    of the current version."""
    if not rule.is_active or rule.trigger == Trigger.EVENT:
        raise ValidationError(_("Only a rule in use about who people are can be applied now."))
    return _apply(actor, rule)


@enforces(can.can_manage_assignments, obj="rule")
@transaction.atomic
def rule_deactivate(*, actor: Any, rule: AssignmentRule) -> AssignmentRule:
    """The rule assigns nobody from now on; the assignments it made stay."""
    rule.is_active = False
    rule.save(update_fields=["is_active"])
    audit_record(actor=actor, action="training_rule.deactivate", obj=rule, before={"is_active": True},
                 after={"is_active": False})
    return rule


@enforces(can.can_manage_assignments, obj="module")
@transaction.atomic
def assignment_create(*, actor: Any, person: Person, module: Module, due_on: dt.date | None = None) -> Assignment:
    """Assign a module to one person by hand."""
    if person.status == Person.Status.LEFT:
        raise ValidationError({"person": _("%(name)s has left.") % {"name": person.name}})
    if person.organisation.is_home and person.organisation_id != module.organisation_id:
        raise ValidationError({"person": _("Choose a person of the register.")})
    if not module.is_active:
        raise ValidationError(_("This module is no longer in use."))
    due_on = due_on or _today() + dt.timedelta(days=module.due_days)
    if due_on < _today():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    assignment = _assign(actor, person, module, due_on=due_on)
    if assignment is None:
        raise ValidationError({"person": _("%(name)s already has this module to do, or has passed its current "
                                           "version.") % {"name": person.name}})
    return assignment


@enforces(can.can_cancel_assignment, obj="assignment")
@transaction.atomic
def assignment_cancel(*, actor: Any, assignment: Assignment, reason: str) -> Assignment:
    require(can.can_manage_assignments(actor, assignment.module))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the assignment is cancelled.")})
    assignment.status, assignment.cancel_reason = Assignment.Status.CANCELLED, reason.strip()[:500]
    assignment.save(update_fields=["status", "cancel_reason"])
    audit_record(actor=actor, action="training_assignment.cancel", obj=assignment,
                 after={"reason": assignment.cancel_reason})
    return assignment


@enforces(can.can_manage_assignments)
def assignments_follow_event(*, actor: Any, obj: LifecycleEvent) -> list[Assignment]:
    """people's follower: the modules a hire, project join or transfer calls for; an exit cancels
    what was still to do. Runs inside the event's transaction."""
    event, person = obj, obj.person
    if event.kind == LifecycleEvent.Kind.EXIT:
        for assignment in person.training_assignments.filter(status=Assignment.Status.OPEN):
            assignment.status, assignment.cancel_reason = Assignment.Status.CANCELLED, _("Left the organisation.")
            assignment.save(update_fields=["status", "cancel_reason"])
            audit_record(actor=actor, action="training_assignment.cancel", obj=assignment,
                         after={"reason": assignment.cancel_reason, "event": event.pk})
        return []
    rules = AssignmentRule.objects.filter(is_active=True, module__is_active=True).select_related("module")
    made = []
    for rule in rules:
        if not (person.organisation_id == rule.organisation_id or not person.organisation.is_home):
            continue
        by_event = rule.trigger == Trigger.EVENT and rule.event == event.kind
        standing = event.kind in STANDING_ON and rule_matches(rule, person)
        if by_event or standing:
            due = max(event.occurred_on, _today()) + dt.timedelta(days=rule.due_days)
            assignment = _assign(actor, person, rule.module, due_on=due, rule=rule, event=event)
            if assignment is not None:
                made.append(assignment)
    return made


@enforces(can.can_send_training_reminders)
@transaction.atomic
def training_reminders_send(*, actor: Any, today: dt.date | None = None) -> list[Assignment]:
    """Remind the people whose assignment is overdue, once and then weekly while it stays open: the
    person through their account; for people without one, HR (own staff) or the supplier's
    representatives (staff on site) with the list of names."""
    today = today or _today()
    due = Assignment.objects.filter(status=Assignment.Status.OPEN, due_on__lt=today).filter(
        Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lte=today - REMIND_EVERY)).select_related(
        "person__user", "person__organisation", "module").order_by("pk")
    reminded, without_account = [], {}
    for assignment in due:
        assignment.reminders_sent += 1
        assignment.last_reminded_on = today
        assignment.save(update_fields=["reminders_sent", "last_reminded_on"])
        audit_record(actor=actor, action="training_assignment.remind", obj=assignment,
                     after={"due_on": assignment.due_on, "reminder": assignment.reminders_sent})
        person = assignment.person
        if person.user_id and person.user.is_active and not person.user.is_supplier:
            notify.overdue(actor=actor, assignment=assignment)
        else:
            without_account.setdefault(person.organisation, []).append(f"{person.name}（{assignment.module.title}）")
        reminded.append(assignment)
    for organisation, names in without_account.items():
        notify.overdue_without_account(actor=actor, organisation_id=organisation.pk, names=names,
                                       home=organisation.is_home)
    return reminded
