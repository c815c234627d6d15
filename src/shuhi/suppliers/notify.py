"""What the suppliers app tells people (see shuhi.notifications): one call per event from the services."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuhi.core.roles import SUPPLIER_ROLES
from shuhi.notifications.services import notify, people_of

# A supplier's people are not shown the outsourcer's name anywhere in shuhi (see the isolation
# test); their e-mails say "the outsourcer", in their language.
THE_OUTSOURCER = _("The outsourcer")

EVENTS = {"returned": "suppliers.assessment_returned", "accepted": "suppliers.assessment_accepted",
          "due_soon": "suppliers.assessment_due_soon", "overdue": "suppliers.assessment_overdue"}


def _context(assessment: Any) -> dict[str, Any]:
    campaign = assessment.campaign
    return {"title": campaign.title if campaign else str(assessment.framework),
            "outsourcer": THE_OUTSOURCER,
            "due_date": assessment.due_date.isoformat() if assessment.due_date else "—"}


def assessment_event(*, actor: Any, assessment: Any, what: str, comment: str = "") -> None:
    """Tell the supplier's representatives: assigned, returned, accepted, due_soon or overdue."""
    notify(actor=actor, event=EVENTS.get(what, "suppliers.assessment_assigned"),
           recipients=people_of(assessment.supplier_id, SUPPLIER_ROLES),
           context={**_context(assessment), "comment": comment},
           link=reverse("suppliers:assessment", args=[assessment.pk]))
