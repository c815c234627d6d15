"""Training's lines of the dashboard's to-do list, counted by the selectors of the pages they open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from shuhi.core.registry import Todo, TodoSource, register_todo
from shuhi.training import permissions as can
from shuhi.training import selectors


def todos(user: Any) -> list[Todo]:
    overdue = reverse("training:assignments") + "?state=overdue"
    if user.is_supplier:
        return [Todo(_("Overdue training of your staff on site"), selectors.assignments(user, state="overdue").count(),
                     overdue)]
    found = [Todo(_("Training to take"), selectors.my_open_assignments(user).count(), reverse("training:mine"),
                  rows="assignments")]
    if can.can_manage_assignments(user):
        found.append(Todo(_("Overdue training assignments"), selectors.assignments(user, state="overdue").count(),
                          overdue))
    return found


def my_card(user: Any) -> dict[str, Any] | None:
    if user.is_supplier:
        return None
    from django.utils import timezone

    rows = selectors.my_open_assignments(user)
    if not rows.exists():
        return None
    return {"open": rows.count(), "overdue": rows.filter(due_on__lt=timezone.localdate()).count()}


def register() -> None:
    register_todo(TodoSource("training", todos, order=45))
