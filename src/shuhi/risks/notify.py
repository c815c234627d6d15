"""What the risk register tells people (see shuhi.notifications)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shuhi.core.roles import MANAGERS
from shuhi.notifications.services import notify, people_of


def review_overdue(*, actor: Any, risk: Any) -> None:
    """The risk's owner, or the managers when it has none (or the owner has left)."""
    owner = risk.owner
    recipients = [owner] if owner is not None and owner.is_active else people_of(risk.organisation_id, MANAGERS)
    notify(actor=actor, event="risks.review_overdue", recipients=recipients,
           context={"title": risk.title, "review_date": risk.review_date.isoformat()},
           link=reverse("risks:detail", args=[risk.pk]))
