"""Log sources from uploaded CSV exports: the upload, the check's preview, and the source's page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shuhi.core.permissions import access_object
from shuhi.core.viewutils import attach_errors, gated, page_for
from shuhi.logreview.csvcheck import PREVIEW_ROWS
from shuhi.reviews import permissions as can
from shuhi.reviews import services_upload as services
from shuhi.reviews.forms import AddFilesForm, UploadSourceForm
from shuhi.reviews.models import LogSource


def _uploaded(request: HttpRequest, source: LogSource, checked: list[Any]) -> HttpResponse:
    """The preview is shown once, to the uploader: the rows hold real user ids, which nothing else in
    the review shows unpseudonymised, so only the counts and dates are kept."""
    previews = [{"name": c.name, "header": c.check.header, "rows": c.check.preview, "summary": c.summary()}
                for c in checked]
    response = render(request, "reviews/source_uploaded.html", {
        "source": source, "previews": previews, "preview_rows": PREVIEW_ROWS,
        "first": min((c.check.first for c in checked), default=None),
        "last": max((c.check.last for c in checked), default=None),
    })
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def source_upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(can.can_manage_reviews(user, user.organisation))
    limit_mb = services.max_bytes() // 2**20
    form = UploadSourceForm(request.POST or None, request.FILES or None, limit_mb=limit_mb)
    if request.method == "POST" and form.is_valid():
        try:
            source, checked = services.source_create_from_upload(
                actor=user, organisation=user.organisation, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc, "files")
        else:
            return _uploaded(request, source, checked)
    return render(request, "reviews/source_upload.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
@gated(LogSource)
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = access_object(request.user, LogSource, pk)
    return render(request, "reviews/source_detail.html", {
        "source": source, "can_manage": can.can_manage_reviews(request.user, source), "form": AddFilesForm(),
    })


@login_required
@require_POST
@gated(LogSource)
def source_add_files(request: HttpRequest, pk: int) -> HttpResponse:
    source = access_object(request.user, LogSource, pk, may=can.can_manage_reviews)
    form = AddFilesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            source, checked = services.source_add_uploads(actor=request.user, source=source,
                                                          files=form.cleaned_data["files"])
        except ValidationError as exc:
            attach_errors(form, exc, "files")
        else:
            return _uploaded(request, source, checked)
    return render(request, "reviews/source_detail.html", {"source": source, "can_manage": True, "form": form},
                  status=400)
