"""Registering NDAs from Excel: the upload page and the blank template.

Only those who manage NDAs reach these pages; everyone else gets 404, so the page's existence is
not revealed. The import is all or nothing (services_import.py): on any problem the page lists
every one of them, by row and column, and nothing is written.
"""

from __future__ import annotations

import io
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from shuhi.core.spreadsheet import skipped_note
from shuhi.core.viewutils import page_for
from shuhi.disclosures import permissions as can
from shuhi.disclosures import services_import
from shuhi.disclosures.spreadsheet import MAX_BYTES, write_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class NdaImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("NDA workbook (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                                        % {"size": upload.size // 2**20, "limit": MAX_BYTES // 2**20})
        if Path(upload.name).suffix.lower() not in {".xlsx", ".xlsm"}:
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx)."))
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def nda_import(request: HttpRequest) -> HttpResponse:
    user = request.user
    page_for(can.can_manage_ndas(user))
    form = NdaImportForm(request.POST or None, request.FILES or None)
    result: services_import.ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        result = services_import.nda_import(actor=user, organisation=user.organisation,
                                            upload=form.cleaned_data["file"])
        if result.ok:
            messages.success(request, ngettext("%(n)s NDA was registered.", "%(n)s NDAs were registered.",
                                               result.count) % {"n": result.count}
                             + (" " + skipped_note(result.samples_skipped) if result.samples_skipped else ""))
            return redirect("disclosures:ndas")
    return render(request, "disclosures/nda_import.html", {"form": form, "result": result})


@login_required
@require_GET
def nda_template(request: HttpRequest) -> FileResponse:
    page_for(can.can_manage_ndas(request.user))
    return FileResponse(io.BytesIO(write_template()), as_attachment=True, filename="nda-template.xlsx",
                        content_type=XLSX)
