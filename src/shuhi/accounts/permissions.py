"""Who may act on invitations. Account self-service (tokens, two-factor, language) is core's
`can_change_own_account`."""

from __future__ import annotations

from typing import Any

from shuhi.core.permissions import action, can_change
from shuhi.core.roles import MANAGERS


@action(roles=MANAGERS)
def can_invite(user: Any, obj: Any = None) -> bool:
    return True


@action(roles=MANAGERS, rule="invitations of organisations they can see")
def can_revoke_invitation(user: Any, invitation: Any = None) -> bool:
    return invitation is None or can_change(user, invitation)
