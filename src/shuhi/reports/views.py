"""The management dashboard, an indicator's page, and the monthly reports (list, generate, download).

Every page is for the roles that read the whole company (404 for anyone else, suppliers included).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shuhi.core.charts import trend
from shuhi.core.downloads import private_download
from shuhi.core.permissions import access_object
from shuhi.core.registry import REGISTRY
from shuhi.core.viewutils import gated, page_for, paginate
from shuhi.reports import permissions as can
from shuhi.reports import selectors, services
from shuhi.reports.forms import GenerateForm
from shuhi.reports.models import ManagementReport
from shuhi.reports.months import last_month, this_month
from shuhi.reports.presenters import dashboard_data


def _charted(rows, *, width=220, height=70):
    return [{"row": row, "chart": trend(row.points, percent=row.percent, bands=row.bands, width=width,
                                        height=height)} for row in rows]


@login_required
@require_GET
def dashboard(request):
    user = request.user
    page_for(can.can_view_management(user))
    organisation = user.organisation
    data = dashboard_data(user=user, organisation=organisation, month=this_month(),
                          current=services.measure(organisation))
    areas = [{"name": area.name, "items": _charted(area.rows)} for area in data["areas"]]
    return render(request, "reports/dashboard.html", {
        "areas": areas, "source": data["source"], "reports": selectors.report_list(user)[:3],
        "can_generate": can.can_generate_report(user, organisation),
        "form": GenerateForm(initial={"month": f"{last_month():%Y-%m}"}),
    })


def _recorded(history):
    """Newest first, from the first month with a value (the months before it were never recorded)."""
    first = next((i for i, (_month, value) in enumerate(history) if value is not None), len(history) - 1)
    return list(reversed(history[first:]))


@login_required
@require_GET
def indicator_detail(request, key: str):
    user = request.user
    page_for(can.can_view_management(user))
    indicator = REGISTRY.indicators.get(key)
    if indicator is None:
        raise Http404(_("Not found."))
    data = dashboard_data(user=user, organisation=user.organisation, month=this_month(),
                          current=services.measure(user.organisation))
    row = next(r for r in data["rows"] if r.key == key)
    return render(request, "reports/indicator.html", {
        "row": row, "chart": trend(row.points, percent=row.percent, bands=row.bands, width=560, height=180),
        "history": _recorded(row.history), "source": data["source"],
    })


@login_required
@require_GET
def report_list(request):
    user = request.user
    page_for(can.can_view_management(user))
    return render(request, "reports/report_list.html", {
        **paginate(request, selectors.report_list(user)),
        "can_generate": can.can_generate_report(user, user.organisation),
        "form": GenerateForm(initial={"month": f"{last_month():%Y-%m}"}),
    })


@login_required
@require_POST
def report_generate(request):
    user = request.user
    page_for(can.can_view_management(user))
    organisation = user.organisation
    form = GenerateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("reports:reports")
    report = services.report_generate(actor=user, organisation=organisation, month=form.cleaned_data["month"])
    messages.success(request, _("Version %(version)s of the report for %(month)s has been made.")
                     % {"version": report.version, "month": f"{report.month:%Y-%m}"})
    return redirect("reports:reports")


@login_required
@require_GET
@gated(ManagementReport)
def report_download(request, pk: int):
    user = request.user
    report = access_object(user, ManagementReport, pk, may=can.can_download_report)
    handle = services.open_report(report)
    if handle is None:
        raise Http404(_("Not found."))
    services.report_downloaded(actor=user, report=report)
    response = FileResponse(handle, as_attachment=True, filename=report.filename, content_type="application/pdf")
    return private_download(response)
