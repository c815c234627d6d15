"""What the people app tells people (see shuhi.notifications)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shuhi.core.roles import HOME_ROLES
from shuhi.notifications.services import notify, people_of


def policy_published(*, actor: Any, policy: Any) -> None:
    """Every member of the organisation must read and acknowledge the new version."""
    notify(actor=actor, event="people.policy_published", recipients=people_of(policy.organisation_id, HOME_ROLES),
           context={"title": policy.title, "version": policy.version, "organisation": policy.organisation.name},
           link=reverse("people:policy", args=[policy.pk]))
