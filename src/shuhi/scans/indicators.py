"""An indicator the scans app adds to the ledger's (registered in ScansConfig.ready()): label
coverage measured on scanned documents.

The ledger's own "label coverage" counts assets whose record says the label is applied; this one
counts documents that really carry one, so the two are shown side by side against the survey's
"recognisable by label" figure. Nothing is added until a scan has found files in a location
above the lowest tier.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from shuhi.ledger.indicators import share, with_survey
from shuhi.scans.coverage import coverage_for, overall


def scanned_label_indicators(organisation: Any) -> list[Any]:
    labelled, files, locations = overall(coverage_for(organisation))
    if not files:
        return []
    detail = _("%(labelled)s of %(files)s scanned documents (secret locations scanned: %(locations)s)") % {
        "labelled": labelled, "files": files, "locations": locations}
    return [with_survey("scanned_label_coverage", _("Scanned documents in secret locations carrying a label"),
                         share(labelled, files), detail, "recognisable_by_label")]


def scanned_label_share(organisation: Any) -> float | None:
    found = scanned_label_indicators(organisation)
    return found[0].value if found else None


def register_management_indicators() -> None:
    from django.utils.translation import gettext_lazy

    from shuhi.core.registry import ManagementIndicator, register_indicator

    register_indicator(ManagementIndicator(
        key="scans.label_coverage", label=gettext_lazy("Scanned documents in secret locations carrying a label"),
        area=gettext_lazy("Identifying and labelling secrets"), value=scanned_label_share, order=15,
        survey_key="recognisable_by_label", url_name="scans:index",
        description=gettext_lazy("Share of the documents found by the latest scans of secret locations that "
                                 "carry a confidentiality label.")))
