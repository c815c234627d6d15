"""Reads of the people register: every one starts from the gate (`visible_to`)."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from shuhi.core.rest.params import parse_int
from shuhi.people.models import LifecycleEvent, Person, Pledge, PledgeTemplate

PENDING = (Pledge.Status.DRAFT, Pledge.Status.SENT)


def people(user: Any, *, q: str = "", kind: str = "", status: str = "", department: str = "") -> QuerySet:
    rows = Person.objects.visible_to(user).select_related("organisation", "department")
    if q.strip():
        rows = rows.filter(Q(name__icontains=q.strip()) | Q(kana__icontains=q.strip())
                           | Q(employee_number__icontains=q.strip()) | Q(email__icontains=q.strip()))
    if kind in Person.Kind.values:
        rows = rows.filter(kind=kind)
    if status in Person.Status.values:
        rows = rows.filter(status=status)
    department_id = parse_int(department) if department else None
    if department_id is not None:
        rows = rows.filter(department_id=department_id)
    # あいうえお順: by the kana HR gave, by the name where there is none.
    reading = Coalesce(NullIf(F("kana"), Value("")), F("name"), output_field=CharField())
    return rows.order_by("organisation_id", reading, "employee_number", "pk")


def events(user: Any, *, person: Person | None = None) -> QuerySet:
    rows = LifecycleEvent.objects.visible_to(user).select_related("person", "project", "department", "recorded_by")
    return rows.filter(person=person) if person is not None else rows


def pledges(user: Any, *, person: Person | None = None, status: str = "") -> QuerySet:
    rows = Pledge.objects.visible_to(user).select_related("person", "template", "event")
    if person is not None:
        rows = rows.filter(person=person)
    if status == "pending":
        rows = rows.filter(status__in=PENDING)
    elif status in Pledge.Status.values:
        rows = rows.filter(status=status)
    return rows


def my_pledges(user: Any) -> QuerySet:
    """The pledges sent to the person linked to `user` (drafts are HR's until sent)."""
    return pledges(user).filter(person__user_id=user.pk).exclude(status=Pledge.Status.DRAFT)


def templates(user: Any) -> QuerySet:
    return PledgeTemplate.objects.visible_to(user).select_related("min_tier")
