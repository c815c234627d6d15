"""The disclosure register's lines of the dashboard's to-do list, counted by the selectors of the pages they open."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from shuhi.core.registry import Todo, TodoSource, register_todo
from shuhi.disclosures import permissions as can
from shuhi.disclosures import selectors
from shuhi.disclosures.models import LeakResponse


def todos(user: Any) -> list[Todo]:
    portal = reverse("disclosures:portal")
    if user.is_supplier:
        return [
            Todo(_("Disclosures to confirm as received"), selectors.disclosures(user, status="handed_over").count(),
                 portal, rows="to_confirm"),
            Todo(_("Open leak notices to answer"), selectors.leak_notices(user).filter(
                response__status=LeakResponse.Status.OPEN).count(), portal, rows="notices"),
        ]
    if not can.can_decide_disclosure(user):
        return []
    return [
        Todo(_("Disclosure requests to decide"), selectors.disclosures(user, status="requested").count(),
             reverse("disclosures:list") + "?status=requested"),
        Todo(_("NDAs ending within 30 days"), selectors.ndas(user, state="expiring").count(),
             reverse("disclosures:ndas") + "?state=expiring"),
    ]


def register() -> None:
    register_todo(TodoSource("disclosures", todos, order=30))
