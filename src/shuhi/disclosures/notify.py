"""What the disclosure register tells people (see shuhi.notifications)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shuhi.core.roles import MANAGERS, SUPPLIER_ROLES
from shuhi.notifications.services import notify, people_of

# A supplier's people are not shown the outsourcer's name anywhere in shuhi (see the isolation
# test); their e-mails say "the outsourcer", in their language.
THE_OUTSOURCER = _("The outsourcer")


def request_waiting(*, actor: Any, disclosure: Any) -> None:
    """A request waits for a manager's decision: the outsourcer's, or the supplier's for a re-disclosure."""
    deciders = people_of(disclosure.organisation_id, MANAGERS)
    notify(actor=actor, event="disclosures.request_waiting", recipients=deciders,
           context={"number": disclosure.number, "supplier": disclosure.recipient.name,
                    "purpose": disclosure.purpose, "requested_by": str(actor)},
           link=reverse("disclosures:detail", args=[disclosure.pk]))


def handed_over(*, actor: Any, disclosure: Any) -> None:
    notify(actor=actor, event="disclosures.handed_over",
           recipients=people_of(disclosure.recipient_id, SUPPLIER_ROLES),
           context={"number": disclosure.number, "outsourcer": THE_OUTSOURCER,
                    "due_date": disclosure.due_date},
           link=reverse("disclosures:portal_disclosure", args=[disclosure.pk]))


def leak_notice(*, actor: Any, notice: Any) -> None:
    deadline = timezone.localtime(notice.deadline).strftime("%Y-%m-%d %H:%M") if notice.deadline else "—"
    notify(actor=actor, event="disclosures.leak_notice", recipients=people_of(notice.holder_id, SUPPLIER_ROLES),
           context={"title": notice.response.title, "number": notice.response.number, "outsourcer": THE_OUTSOURCER,
                    "deadline": deadline},
           link=reverse("disclosures:portal_notice", args=[notice.pk]))
