"""Reads of the people register: every one starts from the gate (`visible_to`)."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from shuhi.core.models import User
from shuhi.core.rest.params import parse_int
from shuhi.people.models import (
    ExitChecklist,
    ExitSystems,
    LifecycleEvent,
    ManagementMessage,
    Person,
    Pledge,
    PledgeTemplate,
    Policy,
    PolicyAcknowledgement,
)

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


# ---- policies, exit checklists, management messages ---------------------------------------------


def policies(user: Any, *, current_only: bool = True) -> QuerySet:
    rows = Policy.objects.visible_to(user).select_related("organisation", "published_by")
    return rows.filter(is_current=True) if current_only else rows


def current_policy(user: Any, kind: str) -> Policy | None:
    if getattr(user, "is_supplier", False):
        return None
    return policies(user).filter(organisation_id=user.organisation_id, kind=kind).first()


def policy_versions(user: Any, policy: Policy) -> QuerySet:
    return policies(user, current_only=False).filter(organisation_id=policy.organisation_id, kind=policy.kind)


def has_acknowledged(user: Any, policy: Policy) -> bool:
    return PolicyAcknowledgement.objects.visible_to(user).filter(policy=policy, user=user).exists()


def policies_to_acknowledge(user: Any) -> QuerySet:
    """The current policies of the user's organisation the user has not acknowledged yet."""
    if getattr(user, "is_supplier", False) or not getattr(user, "is_authenticated", False):
        return Policy.objects.none()
    mine = PolicyAcknowledgement.objects.visible_to(user).filter(user=user).values("policy_id")
    return policies(user).filter(organisation_id=user.organisation_id).exclude(pk__in=mine)


def acknowledgements(user: Any, *, policy: Policy | None = None) -> QuerySet:
    rows = PolicyAcknowledgement.objects.visible_to(user).select_related("policy", "user")
    return rows.filter(policy=policy) if policy is not None else rows


def acknowledgement_rate(user: Any, policy: Policy) -> dict[str, Any]:
    """How many active staff of the organisation acknowledged this version, out of how many."""
    staff = User.objects.visible_to(user).filter(organisation_id=policy.organisation_id, is_active=True)
    done_rows = PolicyAcknowledgement.objects.visible_to(user).filter(policy=policy, user__in=staff)
    total, done = staff.count(), done_rows.count()
    return {"total": total, "acknowledged": done, "percent": round(100 * done / total) if total else 0,
            "missing": staff.exclude(pk__in=done_rows.values("user")).order_by("full_name")}


def exit_checklists(user: Any, *, status: str = "") -> QuerySet:
    rows = ExitChecklist.objects.visible_to(user).select_related("person", "event", "override_by", "closed_by")
    if status in ExitChecklist.Status.values:
        rows = rows.filter(status=status)
    return rows


def exit_systems(user: Any, organisation) -> ExitSystems | None:
    return ExitSystems.objects.visible_to(user).filter(organisation=organisation).first()


def management_messages(user: Any, *, q: str = "", channel: str = "", speaker: str = "", since=None,
                        until=None) -> QuerySet:
    rows = ManagementMessage.objects.visible_to(user).select_related("recorded_by")
    if q.strip():
        rows = rows.filter(Q(subject__icontains=q.strip()) | Q(content__icontains=q.strip())
                           | Q(audience__icontains=q.strip()))
    if channel in ManagementMessage.Channel.values:
        rows = rows.filter(channel=channel)
    if speaker.strip():
        rows = rows.filter(speaker__icontains=speaker.strip())
    if since is not None:
        rows = rows.filter(said_on__gte=since)
    if until is not None:
        rows = rows.filter(said_on__lte=until)
    return rows.order_by("-said_on", "-pk")
