"""Reads of the review app, through the permission gate."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, QuerySet, When
from django.utils import timezone

from shuhi.core.models import User
from shuhi.core.roles import READ_ONLY_ROLES
from shuhi.people import selectors as people_selectors
from shuhi.people.models import Policy
from shuhi.reviews.models import (
    FollowUpCase,
    LogSource,
    Reidentification,
    ReviewCycle,
)

STATUS_FILTERS = {s.value for s in ReviewCycle.Status} | {"overdue"}


def cycle_list(*, user: Any, status: str = "", mine: bool = False) -> QuerySet[ReviewCycle]:
    """Cycles the user may see; with mine, only those they are the reviewer of."""
    cycles = ReviewCycle.objects.visible_to(user).select_related("source", "reviewer", "job")
    if mine:
        cycles = cycles.filter(reviewer_id=user.pk)
    if status == "overdue":
        cycles = cycles.exclude(status=ReviewCycle.Status.SIGNED_OFF).filter(due_date__lt=timezone.localdate())
    elif status in STATUS_FILTERS:
        cycles = cycles.filter(status=status)
    return cycles.order_by("-period_start", "-pk")


def source_list(*, user: Any) -> QuerySet[LogSource]:
    return LogSource.objects.visible_to(user)


def cycle_cases(*, user: Any, cycle: ReviewCycle) -> QuerySet[FollowUpCase]:
    return FollowUpCase.objects.visible_to(user).filter(cycle=cycle).select_related("opened_by", "closed_by")


def cycle_reidentifications(*, user: Any, cycle: ReviewCycle) -> QuerySet[Reidentification]:
    return Reidentification.objects.visible_to(user).filter(cycle=cycle).select_related("actor")


def reidentification_list(*, user: Any, status: str = "") -> QuerySet[Reidentification]:
    """Requests and re-identifications the user may see, the ones waiting for a decision first."""
    rows = Reidentification.objects.visible_to(user).select_related("actor", "approver", "cycle__source")
    if status in Reidentification.Status.values:
        rows = rows.filter(status=status)
    pending_first = Case(When(status=Reidentification.Status.PENDING, then=0), default=1)
    return rows.order_by(pending_first, "-created_at", "-pk")


def reidentifications_to_decide(*, user: Any) -> QuerySet[Reidentification]:
    """Pending requests of someone else: what the user, as a possible approver, is asked to decide."""
    return (Reidentification.objects.visible_to(user)
            .filter(status=Reidentification.Status.PENDING).exclude(actor_id=user.pk))


def reidentifications_to_view(*, user: Any) -> QuerySet[Reidentification]:
    """The user's own approved requests whose identity has not been shown yet."""
    return Reidentification.objects.visible_to(user).filter(status=Reidentification.Status.APPROVED,
                                                             actor_id=user.pk)


def open_case_count(*, user: Any) -> int:
    return FollowUpCase.objects.visible_to(user).filter(status=FollowUpCase.Status.OPEN).count()


def current_notice(*, user: Any) -> Policy | None:
    """The current version of the notice on log monitoring: one of the people app's policies."""
    return people_selectors.current_policy(user, Policy.Kind.LOG_MONITORING)


def has_acknowledged(*, user: Any, notice: Policy) -> bool:
    return people_selectors.has_acknowledged(user, notice)


def acknowledgement_rate(*, user: Any, notice: Policy) -> dict[str, Any]:
    """How many active staff of the organisation acknowledged `notice`, out of how many."""
    return people_selectors.acknowledgement_rate(user, notice)


def reviewer_choices(*, user: Any) -> QuerySet[User]:
    """Active members of the user's organisation who may sign off (auditors only read)."""
    return User.objects.visible_to(user).filter(organisation=user.organisation, is_active=True).exclude(
        role__in=READ_ONLY_ROLES).order_by("full_name")


def dashboard_figures(*, user: Any) -> dict[str, int]:
    return {
        "awaiting": cycle_list(user=user, status="ready").count(),
        "overdue": cycle_list(user=user, status="overdue").count(),
        "open_cases": open_case_count(user=user),
    }
