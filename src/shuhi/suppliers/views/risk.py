"""Supplier risk view: a heat map of maturity against exposure (counted from the disclosure
register), and a sortable ranking."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shuhi.core.viewutils import page_for
from shuhi.disclosures.selectors import carried_over
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors
from shuhi.suppliers.risk import EXPOSURE_BANDS, EXPOSURE_LABELS, MATURITY_LABELS, SORTS, heat_map, rank


def _require_full_view(user) -> None:
    page_for(can.can_read_supplier_risk(user))


@login_required
@require_http_methods(["GET"])
def risk_view(request):
    user = request.user
    _require_full_view(user)
    sort = request.GET.get("sort", "risk")
    sort = sort if sort in SORTS else "risk"
    rows = selectors.supplier_risks(user=user)
    return render(request, "suppliers/risk.html", {
        "rows": rank(rows, sort), "sort": sort, "grid": heat_map(rows),
        "exposure_bands": [(name, EXPOSURE_LABELS[name]) for name, _min in EXPOSURE_BANDS],
        "maturity_labels": MATURITY_LABELS, "exposure_labels": EXPOSURE_LABELS,
        "carried_over": carried_over(user),
        "sorts": [("risk", _("Risk")), ("name", _("Name")), ("maturity", _("Maturity, weakest first")),
                  ("-maturity", _("Maturity, strongest first")), ("exposure", _("Exposure, least first")),
                  ("-exposure", _("Exposure, most first"))],
    })
