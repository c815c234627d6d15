"""The channel's and the register's lines of the dashboard's to-do list."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from shuhi.core.registry import Todo, TodoSource, register_todo
from shuhi.incidents import selectors


def todos(user: Any) -> list[Todo]:
    found = [Todo(_("Questions from the reporting channel to answer"), selectors.reports_awaiting_answer(user).count(),
                  reverse("incidents:my_reports") + "?awaiting=1")]
    if user.is_supplier:
        return found
    found.append(Todo(_("Reports to handle"), selectors.reports_to_handle(user).count(),
                      reverse("incidents:reports") + "?open=1"))
    found.append(Todo(_("Overdue incident actions"), selectors.overdue_actions(user).count(),
                      reverse("incidents:my_actions"), rows="actions"))
    return found


def register() -> None:
    register_todo(TodoSource("incidents", todos, order=45))
