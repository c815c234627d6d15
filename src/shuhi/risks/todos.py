"""The register's line of the to-do list: insider risks past their review date."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from shuhi.core.registry import Todo, TodoSource, register_todo
from shuhi.risks import permissions as can
from shuhi.risks import selectors


def todos(user: Any) -> list[Todo]:
    if user.is_supplier or not can.can_add_insider_risk(user):
        return []
    return [Todo(_("Insider risks past their review date"), selectors.overdue_reviews(user).count(),
                 reverse("risks:list") + "?review=overdue")]


def register() -> None:
    register_todo(TodoSource("risks", todos, order=45))
