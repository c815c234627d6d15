"""The suppliers' figures on the management dashboard: how many are assessed, and in which score band.

Measured over the whole installation, as the system (no user): the latest submitted or accepted
score of each supplier, as the risk page counts it. A supplier's private self-assessment is its
own and does not count until it shares it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shuhi.core.models import Organisation
from shuhi.core.registry import ManagementIndicator, register_indicator
from shuhi.ledger.indicators import share
from shuhi.suppliers.models import AssessmentVersion
from shuhi.suppliers.risk import MATURITY_BANDS, band


def latest_scores() -> dict[int, float | None]:
    """Per supplier, the overall score of its latest submitted or accepted (shared) assessment."""
    latest: dict[int, float | None] = {}
    versions = AssessmentVersion.objects.filter(
        assessment__private=False, assessment__supplier__kind=Organisation.Kind.SUPPLIER,
    ).exclude(outcome=AssessmentVersion.Outcome.RETURNED).select_related("assessment").order_by("submitted_at", "pk")
    for version in versions:
        latest[version.assessment.supplier_id] = (version.scores or {}).get("overall")
    return latest


def _suppliers() -> int:
    return Organisation.objects.filter(kind=Organisation.Kind.SUPPLIER).count()


def assessed_share(organisation: Any) -> float | None:
    return share(len(latest_scores()), _suppliers())


def _in_band(name: str):
    def value(organisation: Any) -> float | None:
        scores = latest_scores()
        return share(sum(1 for s in scores.values() if band(s, MATURITY_BANDS) == name), _suppliers())

    return value


def register_management_indicators() -> None:
    area = _("Suppliers")
    register_indicator(ManagementIndicator(
        key="suppliers.assessed", label=_("Suppliers assessed"), area=area, value=assessed_share, order=30,
        url_name="suppliers:risk",
        description=_("Share of registered suppliers with a submitted or accepted assessment.")))
    # The strong and the weak band: the middle one is neither a goal nor a warning, so it would only
    # add noise to the board's decisions.
    for order, (name, label) in enumerate([("high", _("Suppliers scoring 70 or more")),
                                           ("low", _("Suppliers scoring under 40"))]):
        register_indicator(ManagementIndicator(
            key=f"suppliers.band_{name}", label=label, area=area, value=_in_band(name), order=31 + order,
            url_name="suppliers:risk", higher_is_better=name != "low",
            description=_("Share of registered suppliers whose latest assessment scores in this band "
                          "(the bands of the supplier risk heat map).")))
