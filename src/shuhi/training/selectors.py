"""Reads of training: every one starts from the gate (`visible_to`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from shuhi.core.rest.params import parse_int
from shuhi.people.models import Person
from shuhi.training.models import Assignment, AssignmentRule, Attempt, Module, ModuleVersion

STATES = ("open", "overdue", "passed", "cancelled")


def modules(user: Any, *, active_only: bool = False) -> QuerySet:
    rows = Module.objects.visible_to(user).annotate(
        assigned=Count("assignments", filter=~Q(assignments__status=Assignment.Status.CANCELLED), distinct=True),
        done=Count("assignments", filter=Q(assignments__status=Assignment.Status.PASSED), distinct=True))
    return rows.filter(is_active=True) if active_only else rows


def versions(user: Any, module: Module) -> QuerySet:
    return ModuleVersion.objects.visible_to(user).filter(module=module).select_related("created_by")


def rules(user: Any, *, module: Module | None = None) -> QuerySet:
    rows = AssignmentRule.objects.visible_to(user).select_related("module", "department")
    return rows.filter(module=module) if module is not None else rows


def assignments(user: Any, *, state: str = "", module: str = "", q: str = "", person: Person | None = None) -> QuerySet:
    rows = Assignment.objects.visible_to(user).select_related("person", "person__organisation", "person__department",
                                                              "module", "passed_version")
    today = timezone.localdate()
    if state == "overdue":
        rows = rows.filter(status=Assignment.Status.OPEN, due_on__lt=today)
    elif state in Assignment.Status.values:
        rows = rows.filter(status=state)
    module_id = parse_int(module) if module else None
    if module_id is not None:
        rows = rows.filter(module_id=module_id)
    if q.strip():
        rows = rows.filter(Q(person__name__icontains=q.strip()) | Q(person__kana__icontains=q.strip())
                           | Q(person__employee_number__icontains=q.strip()))
    if person is not None:
        rows = rows.filter(person=person)
    return rows.order_by("status", "due_on", "pk")


def my_assignments(user: Any) -> QuerySet:
    """The assignments of the person linked to `user`, open ones first."""
    return assignments(user).filter(person__user_id=user.pk).exclude(status=Assignment.Status.CANCELLED)


def my_open_assignments(user: Any) -> QuerySet:
    return my_assignments(user).filter(status=Assignment.Status.OPEN)


def attempts(user: Any, *, assignment: Assignment | None = None) -> QuerySet:
    rows = Attempt.objects.visible_to(user).select_related("version", "assignment", "assignment__person",
                                                           "assignment__module", "recorded_by")
    return rows.filter(assignment=assignment) if assignment is not None else rows


def assignable_people(user: Any) -> QuerySet:
    return Person.objects.visible_to(user).exclude(status=Person.Status.LEFT).select_related("organisation")
