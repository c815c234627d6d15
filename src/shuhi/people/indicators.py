"""The people register's figures for management: the share of staff with current pledges and the
share who acknowledged every current policy. Registered as management indicators and shown as a
dashboard card, each beside the survey's figures.

The survey (ledger/survey_benchmarks.yaml) gives no small/large split for pledges or policy
acknowledgements; it compares firms that keep insider fraud separate from cybersecurity with the
rest (`viewpoint_insider_separate`), and the card quotes those figures instead.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Organisation, User
from shuhi.ledger.indicators import survey
from shuhi.people.models import Person, Pledge, Policy, PolicyAcknowledgement

STAFF_STATUSES = (Person.Status.ACTIVE, Person.Status.LEAVE_NOTICE)
WAITING = (Pledge.Status.DRAFT, Pledge.Status.SENT, Pledge.Status.REFUSED)


def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def pledge_counts(organisation: Organisation) -> tuple[int, int]:
    """(people with a current pledge, staff): a current pledge is a signed one with none of theirs
    waiting for a signature or refused. Staff are the organisation's own people still working."""
    staff = Person.objects.filter(organisation=organisation, status__in=STAFF_STATUSES)
    signed = Pledge.objects.filter(person=OuterRef("pk"), status__in=Pledge.SIGNED)
    waiting = Pledge.objects.filter(person=OuterRef("pk"), status__in=WAITING)
    current = staff.filter(Exists(signed)).exclude(Exists(waiting))
    return current.count(), staff.count()


def acknowledgement_counts(organisation: Organisation) -> tuple[int, int, int]:
    """(staff who acknowledged every current policy, active staff accounts, current policies)."""
    current = list(Policy.objects.filter(organisation=organisation, is_current=True).values_list("pk", flat=True))
    staff = User.objects.filter(organisation=organisation, is_active=True)
    if not current:
        return 0, staff.count(), 0
    done = staff
    for pk in current:
        done = done.filter(Exists(PolicyAcknowledgement.objects.filter(policy_id=pk, user=OuterRef("pk"))))
    return done.count(), staff.count(), len(current)


def pledged_share(organisation: Organisation) -> float | None:
    return _share(*pledge_counts(organisation))


def acknowledged_share(organisation: Organisation) -> float | None:
    done, staff, policies = acknowledgement_counts(organisation)
    return _share(done, staff) if policies else None


def viewpoint(key: str) -> dict[str, float] | None:
    return survey().get("viewpoint_insider_separate", {}).get(key)


def card(user: Any) -> dict[str, Any] | None:
    home = user.organisation
    if home is None or not home.is_home:
        return None
    pledged, staff = pledge_counts(home)
    acknowledged, accounts, policies = acknowledgement_counts(home)
    return {
        "pledged": _share(pledged, staff), "pledged_count": pledged, "staff": staff,
        "acknowledged": _share(acknowledged, accounts) if policies else None, "acknowledged_count": acknowledged,
        "accounts": accounts, "policies": policies,
        "pledge_survey": viewpoint("pledges_at_hiring_and_exit"),
        "notice_survey": viewpoint("log_collection_announced_as_deterrent"),
    }


def register() -> None:
    from shuhi.core.registry import Card, ManagementIndicator, register_card, register_indicator
    from shuhi.core.roles import PEOPLE_READERS

    area = _("People and pledges")
    register_indicator(ManagementIndicator(
        key="people.pledged_share", label=_("Staff with current pledges"), area=area, value=pledged_share,
        order=60, url_name="people:list"))
    register_indicator(ManagementIndicator(
        key="people.acknowledged_share", label=_("Staff who acknowledged the current policies"), area=area,
        value=acknowledged_share, order=61, url_name="people:policies"))
    register_card(Card("people_indicators", "people/dashboard_card.html", card, order=45, roles=PEOPLE_READERS))
