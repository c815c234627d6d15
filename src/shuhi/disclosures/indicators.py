"""The disclosure register's figure on the management dashboard: secrets held by suppliers under an NDA."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shuhi.core.registry import ManagementIndicator, register_indicator
from shuhi.disclosures.models import Disclosure, Nda
from shuhi.ledger.indicators import share
from shuhi.ledger.models import Tier

ACTIVE = (Disclosure.Status.APPROVED, *Disclosure.HELD)


def nda_coverage(organisation: Any) -> float | None:
    """Of the active disclosures (approved, handed over, held) naming an asset above the lowest tier,
    the share made under an NDA in force."""
    lowest = Tier.objects.filter(organisation=organisation).order_by("rank").values_list("rank", flat=True).first()
    if lowest is None:
        return None
    active = Disclosure.objects.filter(organisation=organisation, status__in=ACTIVE,
                                       assets__tier__rank__gt=lowest).distinct()
    covered = active.filter(nda__status=Nda.Status.ACTIVE)
    return share(covered.count(), active.count())


def register_management_indicators() -> None:
    register_indicator(ManagementIndicator(
        key="disclosures.nda_coverage", label=_("Secrets disclosed under an NDA"), area=_("Disclosures"),
        value=nda_coverage, order=40, url_name="disclosures:list",
        description=_("Share of active disclosures of assets above the lowest tier made under an NDA in force.")))
