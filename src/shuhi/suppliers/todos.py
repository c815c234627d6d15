"""The suppliers app's lines of the dashboard's to-do list, counted by the selectors of the pages they open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shuhi.core.registry import Todo, TodoSource, register_todo
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors


def todos(user: Any) -> list[Todo]:
    if user.is_supplier:
        portal = reverse("suppliers:portal")
        to_answer = selectors.portal_assessments(user=user, open_only=True).count()
        overdue = selectors.portal_assessments(user=user, overdue_on=timezone.localdate()).count()
        return [Todo(_("Overdue assessments: submit them, or tell the outsourcer when you will"), overdue,
                     portal + "?overdue=1", rows="rows"),
                Todo(_("Assessments to answer"), to_answer, portal + "?open=1", rows="rows")]
    if not can.can_review_assessment(user):
        return []
    waiting = len(selectors.supplier_rows(user=user, filters={"status": "submitted"}))
    return [Todo(_("Assessments waiting for your review"), waiting, reverse("suppliers:list") + "?status=submitted")]


def register() -> None:
    register_todo(TodoSource("suppliers", todos, order=20))
