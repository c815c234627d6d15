"""What the suppliers app tells people (see shuhi.notifications): one call per event from the services."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from shuhi.core.roles import SUPPLIER_ROLES
from shuhi.notifications.services import notify, people_of

EVENTS = {"returned": "suppliers.assessment_returned", "accepted": "suppliers.assessment_accepted",
          "due_soon": "suppliers.assessment_due_soon", "overdue": "suppliers.assessment_overdue"}


def _context(assessment: Any) -> dict[str, Any]:
    campaign = assessment.campaign
    return {"title": campaign.title if campaign else str(assessment.framework),
            "outsourcer": campaign.organisation.name if campaign else "",
            "due_date": assessment.due_date.isoformat() if assessment.due_date else "—"}


def assessment_event(*, actor: Any, assessment: Any, what: str, comment: str = "") -> None:
    """Tell the supplier's representatives: assigned, returned, accepted, due_soon or overdue."""
    notify(actor=actor, event=EVENTS.get(what, "suppliers.assessment_assigned"),
           recipients=people_of(assessment.supplier_id, SUPPLIER_ROLES),
           context={**_context(assessment), "comment": comment},
           link=reverse("suppliers:assessment", args=[assessment.pk]))
