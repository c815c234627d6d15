"""The invitation e-mail (see shuhi.notifications): it carries the link to accept."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from shuhi.notifications.services import notify


def invitation_sent(*, actor: Any, invitation: Any, token: str, language: str = "ja") -> None:
    notify(actor=actor, event="accounts.invitation", context={
        "full_name": invitation.full_name or invitation.email, "inviter": str(actor),
        "organisation": invitation.organisation.name,
        "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")},
        link=reverse("accounts:accept", args=[token]),
        address=(invitation.email, language, invitation.organisation))
