"""What the reviews app tells people (see shuhi.notifications)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shuhi.core.roles import REIDENTIFICATION_APPROVERS
from shuhi.notifications.services import notify, people_of


def cycle_ready(*, actor: Any, cycle: Any) -> None:
    notify(actor=actor, event="reviews.cycle_ready", recipients=[cycle.reviewer],
           context={"source": cycle.source.name, "period_start": cycle.period_start, "period_end": cycle.period_end,
                    "due_date": cycle.due_date},
           link=reverse("reviews:detail", args=[cycle.pk]))


def reidentification_requested(*, actor: Any, request: Any) -> None:
    """Everyone who may approve, except the requester (notify never tells the actor)."""
    cycle = request.cycle
    notify(actor=actor, event="reviews.reidentification_requested",
           recipients=people_of(cycle.organisation_id, REIDENTIFICATION_APPROVERS),
           context={"requested_by": str(actor), "source": cycle.source.name, "reason": request.reason},
           link=reverse("reviews:reidentifications"))


def reidentification_decided(*, actor: Any, request: Any) -> None:
    notify(actor=actor, event="reviews.reidentification_decided", recipients=[request.actor],
           context={"approved": request.status == "approved", "decided_by": str(actor),
                    "pseudonym": request.pseudonym, "reason": request.decision_reason},
           link=reverse("reviews:reidentifications"))
