"""Supplier risk view: a heat map of maturity against exposure, a sortable ranking, exposure entry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from shuhi.core.viewutils import page_for
from shuhi.suppliers import permissions as can
from shuhi.suppliers import selectors, services
from shuhi.suppliers.forms import ExposureForm
from shuhi.suppliers.risk import EXPOSURE_BANDS, EXPOSURE_LABELS, MATURITY_LABELS, SORTS, heat_map, rank


def _require_full_view(user) -> None:
    page_for(can.can_read_supplier_risk(user))


@login_required
@require_http_methods(["GET", "POST"])
def risk_view(request):
    user = request.user
    _require_full_view(user)
    manager = can.can_manage_suppliers(user)
    form = ExposureForm(request.POST or None, user=user) if manager else None
    if request.method == "POST":
        if form is None:
            raise Http404(_("Not found."))
        if form.is_valid():
            try:
                services.exposure_set(actor=user, organisation=user.organisation, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("The exposure has been recorded."))
                return redirect("suppliers:risk")
    sort = request.GET.get("sort", "risk")
    sort = sort if sort in SORTS else "risk"
    rows = selectors.supplier_risks(user=user)
    return render(request, "suppliers/risk.html", {
        "rows": rank(rows, sort), "sort": sort, "grid": heat_map(rows), "form": form,
        "exposure_bands": [(name, EXPOSURE_LABELS[name]) for name, _min in EXPOSURE_BANDS],
        "maturity_labels": MATURITY_LABELS, "exposure_labels": EXPOSURE_LABELS,
        "exposures": selectors.exposures_of(user=user),
        "sorts": [("risk", _("Risk")), ("name", _("Name")), ("maturity", _("Maturity, weakest first")),
                  ("-maturity", _("Maturity, strongest first")), ("exposure", _("Exposure, least first")),
                  ("-exposure", _("Exposure, most first"))],
    })
