"""What the reviews app tells people (see shuhi.notifications)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shuhi.core.roles import HOME_ROLES
from shuhi.notifications.services import notify, people_of


def notice_published(*, actor: Any, notice: Any) -> None:
    """Every member of the organisation must read and acknowledge a new notice."""
    notify(actor=actor, event="reviews.notice_published", recipients=people_of(notice.organisation_id, HOME_ROLES),
           context={"title": notice.title, "organisation": notice.organisation.name},
           link=reverse("reviews:notice"))


def cycle_ready(*, actor: Any, cycle: Any) -> None:
    notify(actor=actor, event="reviews.cycle_ready", recipients=[cycle.reviewer],
           context={"source": cycle.source.name, "period_start": cycle.period_start, "period_end": cycle.period_end,
                    "due_date": cycle.due_date},
           link=reverse("reviews:detail", args=[cycle.pk]))
