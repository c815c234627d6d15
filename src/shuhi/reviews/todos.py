"""The log review's lines of the dashboard's to-do list, counted by the selectors of the pages they open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from shuhi.core.permissions import is_home_member
from shuhi.core.registry import Todo, TodoSource, register_todo
from shuhi.core.roles import READ_ONLY_ROLES
from shuhi.reviews import permissions as can
from shuhi.reviews import selectors


def todos(user: Any) -> list[Todo]:
    if not is_home_member(user):
        return []
    found = []
    # The notice on log monitoring is one of the people app's policies: its to-do comes from there.
    if can.can_decide_reidentification(user):
        found.append(Todo(_("Re-identification requests waiting for your approval"),
                          selectors.reidentifications_to_decide(user=user).count(),
                          reverse("reviews:reidentifications") + "?todo=decide"))
    if can.can_reveal_reidentification(user):
        found.append(Todo(_("Approved re-identifications to open"),
                          selectors.reidentifications_to_view(user=user).count(),
                          reverse("reviews:reidentifications") + "?todo=view"))
    if user.role not in READ_ONLY_ROLES:
        ready = selectors.cycle_list(user=user, status="ready", mine=True)
        found.append(Todo(_("Log reviews waiting for your sign-off"), ready.count(),
                          reverse("reviews:list") + "?status=ready&mine=1"))
    return found


def register() -> None:
    register_todo(TodoSource("reviews", todos, order=40))
