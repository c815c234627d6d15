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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Organisation, User
from shuhi.core.suggestions import Suggestion
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
        order=60, url_name="people:list",
        description=_("Share of staff still working (including those who gave notice) with a signed pledge and "
                      "none waiting for a signature or refused.")))
    register_indicator(ManagementIndicator(
        key="people.acknowledged_share", label=_("Staff who acknowledged the current policies"), area=area,
        value=acknowledged_share, order=61, url_name="people:policies",
        description=_("Share of active staff accounts that acknowledged every current policy version.")))
    register_card(Card("people_indicators", "people/dashboard_card.html", card, order=45, roles=PEOPLE_READERS))
    register_suggestions()


# ---- suggested answers for the outsourcer's own self-assessment ----------------------------------

# From this share of staff with current pledges the practice counts as in place ("yes").
IN_PLACE = 90.0


def _answer(share: float) -> str:
    return "yes" if share >= IN_PLACE else "partly" if share > 0 else "no"


def suggest_pledges(organisation: Organisation):
    done, staff = pledge_counts(organisation)
    if not staff:
        return None
    share = _share(done, staff)
    return Suggestion(_answer(share), gettext("%(share)s%% of staff have current pledges (%(done)s of %(staff)s).")
                      % {"share": share, "done": done, "staff": staff})


def _policy_suggester(kind: str):
    def suggest(organisation: Organisation):

        policy = Policy.objects.filter(organisation=organisation, kind=kind, is_current=True).first()
        if policy is None:
            return Suggestion("no", gettext("Not published in shuhi: %(policy)s.")
                              % {"policy": Policy.Kind(kind).label})
        staff = User.objects.filter(organisation=organisation, is_active=True)
        done = PolicyAcknowledgement.objects.filter(policy=policy, user__in=staff).count()
        share = _share(done, staff.count()) or 0.0
        return Suggestion(_answer(share), gettext("%(policy)s version %(version)s: acknowledged by %(share)s%% of "
                                                  "staff.") % {"policy": policy.title, "version": policy.version,
                                                               "share": share})

    return suggest


def register_suggestions() -> None:
    from shuhi.core.suggestions import register_answer_suggester

    register_answer_suggester("pledges_at_hiring_and_exit", suggest_pledges)
    register_answer_suggester("penalties_defined_and_communicated", _policy_suggester(Policy.Kind.PENALTIES))
    register_answer_suggester("log_collection_announced_as_deterrent", _policy_suggester(Policy.Kind.LOG_MONITORING))
