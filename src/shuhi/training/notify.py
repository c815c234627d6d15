"""What training tells people (see shuhi.notifications)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shuhi.core.roles import PEOPLE_MANAGERS, SUPPLIER_ROLES
from shuhi.notifications.services import notify, people_of

THE_OUTSOURCER = _("The outsourcer")


def _account(assignment: Any) -> list[Any]:
    user = assignment.person.user
    return [user] if user is not None and not user.is_supplier else []


def assigned(*, actor: Any, assignment: Any) -> None:
    notify(actor=actor, event="training.assigned", recipients=_account(assignment),
           context={"title": assignment.module.title, "due_date": assignment.due_on},
           link=reverse("training:assignment", args=[assignment.pk]))


def overdue(*, actor: Any, assignment: Any) -> None:
    notify(actor=actor, event="training.overdue", recipients=_account(assignment),
           context={"title": assignment.module.title, "due_date": assignment.due_on},
           link=reverse("training:assignment", args=[assignment.pk]))


def overdue_without_account(*, actor: Any, organisation_id: int, names: list[str], home: bool) -> None:
    """HR (for its own staff without a log-in) or a supplier's representatives (for their staff on
    site): who is overdue, so that they can hand out the paper quiz."""
    roles = PEOPLE_MANAGERS if home else SUPPLIER_ROLES
    link = reverse("training:assignments") + "?state=overdue"
    notify(actor=actor, event="training.overdue_staff", recipients=people_of(organisation_id, roles),
           context={"names": "、".join(names), "count": len(names), "outsourcer": THE_OUTSOURCER}, link=link)
