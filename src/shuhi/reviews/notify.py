"""What the reviews app tells people (see shuhi.notifications)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shuhi.notifications.services import notify


def cycle_ready(*, actor: Any, cycle: Any) -> None:
    notify(actor=actor, event="reviews.cycle_ready", recipients=[cycle.reviewer],
           context={"source": cycle.source.name, "period_start": cycle.period_start, "period_end": cycle.period_end,
                    "due_date": cycle.due_date},
           link=reverse("reviews:detail", args=[cycle.pk]))
