"""The people register's lines of the dashboard's to-do list, counted by the selectors of the pages they open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from shuhi.core.permissions import is_home_member
from shuhi.core.registry import Todo, TodoSource, register_todo
from shuhi.people import permissions as can
from shuhi.people import selectors


def todos(user: Any) -> list[Todo]:
    if not is_home_member(user):
        return []
    found = [Todo(_("Policies to read and acknowledge"), selectors.policies_to_acknowledge(user).count(),
                  reverse("people:policies") + "?todo=1", rows="to_acknowledge"),
             Todo(_("Pledges to answer"), selectors.my_pledges(user).filter(status="sent").count(),
                  reverse("people:my_pledges"), rows="to_answer")]
    if can.can_update_exit_checklist(user):
        found.append(Todo(_("Exit checklists open"), selectors.exit_checklists(user, status="open").count(),
                          reverse("people:exits") + "?status=open"))
    return found


def register() -> None:
    register_todo(TodoSource("people", todos, order=45))
