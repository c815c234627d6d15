"""Account reads, through the permission gate."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shuhi.accounts.models import Invitation


def invitation_list(*, user: Any) -> QuerySet[Invitation]:
    return Invitation.objects.visible_to(user).select_related("organisation")
