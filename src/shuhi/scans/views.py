"""Document scan pages. Administrators and security managers start scans, auditors read them, and
everyone else gets 404 so the pages' existence is not revealed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shuhi.core.permissions import PermissionDenied, access_object
from shuhi.core.viewutils import attach_errors, gated, page_for, paginate
from shuhi.scans import permissions as can
from shuhi.scans import selectors, services
from shuhi.scans.forms import ArchiveScanForm, FileFilterForm, LocationScanForm
from shuhi.scans.models import ScanRun


def _readers_only(user: Any) -> None:
    page_for(can.can_read_scans(user))


def _start(request: HttpRequest, form: Any, source: str) -> ScanRun | None:
    """Start the scan the valid `form` describes; None (with the errors on the form) when refused."""
    user = request.user
    try:
        if source == ScanRun.Source.LOCATION:
            return services.scan_start_location(actor=user, location=form.cleaned_data["location"])
        return services.scan_start_archive(actor=user, upload=form.cleaned_data["archive"],
                                           location=form.cleaned_data["location"])
    except ValidationError as exc:
        attach_errors(form, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def scan_index(request: HttpRequest) -> HttpResponse:
    user = request.user
    _readers_only(user)
    may_start = can.can_start_scan(user)
    if request.method == "POST" and not may_start:
        raise Http404(_("Not found."))
    source = request.POST.get("source") if request.method == "POST" else None
    location_form = LocationScanForm(request.POST if source == "location" else None, user=user, prefix="loc")
    archive_form = ArchiveScanForm(request.POST if source == "archive" else None,
                                   request.FILES if source == "archive" else None, user=user, prefix="zip")
    form = {"location": location_form, "archive": archive_form}.get(source or "")
    if form is not None and form.is_valid():
        run = _start(request, form, source)
        if run is not None:
            messages.success(request, _("The scan has started; its progress is shown below."))
            return redirect("scans:detail", pk=run.pk)
    return render(request, "scans/index.html", {
        "may_start": may_start,
        "location_form": location_form,
        "archive_form": archive_form,
        "coverage": selectors.location_coverage(user=user),
        **paginate(request, selectors.run_list(user=user), per_page=20),
    })


@login_required
@require_GET
@gated(ScanRun)
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    run = access_object(user, ScanRun, pk)
    _readers_only(user)
    filter_form = FileFilterForm(request.GET or None, user=user, organisation=run.organisation)
    files = selectors.run_files(user=user, run=run, filters=filter_form.filters())
    return render(request, "scans/run_detail.html", {
        "run": run,
        "filter_form": filter_form,
        "finding_counts": selectors.finding_counts(user=user, run=run),
        **paginate(request, files),
    })
