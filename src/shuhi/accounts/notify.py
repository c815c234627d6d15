"""The invitation e-mail (see shuhi.notifications): it carries the link to accept."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuhi.notifications.services import notify


def invitation_sent(*, actor: Any, invitation: Any, token: str, language: str = "ja") -> None:
    inviter, organisation = str(actor), invitation.organisation.name
    if invitation.organisation_id != getattr(actor, "organisation_id", None) and not invitation.organisation.is_home:
        # The outsourcer's staff inviting a supplier's representative: the e-mail comes from "the
        # outsourcer", which a supplier's people are never shown by name, not from the supplier itself.
        inviter, organisation = _("a member of staff"), _("The outsourcer")
    notify(actor=actor, event="accounts.invitation", context={
        "full_name": invitation.full_name or invitation.email, "inviter": inviter, "organisation": organisation,
        "expires": timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")},
        link=reverse("accounts:accept", args=[token]),
        address=(invitation.email, language, invitation.organisation))
