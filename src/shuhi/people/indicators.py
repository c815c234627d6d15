"""The people register's figure on the management dashboard: who has a current pledge."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shuhi.core.registry import ManagementIndicator, register_indicator
from shuhi.ledger.indicators import share
from shuhi.people.models import Person, Pledge


def pledged_share(organisation: Any) -> float | None:
    """Of the organisation's people still with it, the share with a pledge acknowledged or signed on paper."""
    people = Person.objects.filter(organisation=organisation).exclude(status=Person.Status.LEFT)
    pledged = people.filter(pledges__status__in=Pledge.SIGNED).distinct()
    return share(pledged.count(), people.count())


def register_management_indicators() -> None:
    register_indicator(ManagementIndicator(
        key="people.pledged", label=_("People with a signed pledge"), area=_("People and pledges"),
        value=pledged_share, order=50, url_name="people:list",
        description=_("Share of the organisation's people who have not left and have acknowledged a pledge "
                      "or signed one on paper.")))
